import type { FastifyInstance } from 'fastify';
import type { RateLimits } from '../accounts/service.ts';
import acceptInvitationRoutes from './accept-routes.ts';
import adminInvitationRoutes from './admin-routes.ts';

/**
 * Mentors and coordinators are invited, never self-registered: an admin makes
 * a one-time link (only its hash is stored), the invitee sets a password with it.
 * Each part is its own encapsulated plugin, so the admin-only hook stays on the admin routes.
 */
export default async function invitationRoutes(app: FastifyInstance, opts: { rateLimits?: RateLimits }) {
  await app.register(adminInvitationRoutes);
  await app.register(acceptInvitationRoutes, { rateLimits: opts.rateLimits });
}
