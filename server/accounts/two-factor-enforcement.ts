import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { sendError, wantsJson } from '../http/respond.ts';
import { twoFactorEnabled } from './queries.ts';
import { STAFF_ROLES } from './two-factor-service.ts';

export interface TwoFactorEnforcementOptions {
  /** On in production: mentors, coordinators and admins reach nothing but enrolment until they use two factors. */
  required: boolean;
}

/**
 * Route patterns a staff account without two-factor may still use: the set-up
 * itself, logging out, and the style sheet. Matched on the route pattern, not the
 * raw URL, so percent-encoded paths cannot slip past.
 */
const ALLOWED_ROUTES = new Set(['/account/two-factor', '/account/two-factor/enable', '/logout', '/static/*']);

export default fp<TwoFactorEnforcementOptions>(
  async (app, opts) => {
    if (!opts.required) return;
    async function holdAtEnrolment(request: FastifyRequest, reply: FastifyReply, accountId: string): Promise<unknown> {
      if (await twoFactorEnabled(app.db, accountId)) return;
      if (request.method === 'GET' && !wantsJson(request)) return reply.redirect('/account/two-factor', 303);
      return sendError(request, reply, 403, 'two_factor_required', request.t('twoFactor.settings.requiredError'));
    }

    // A callback hook: anonymous visitors, employers and the health check pass without a promise (it runs on every
    // request); only a staff account's request waits for the lookup, and stops here when it is held.
    app.addHook('preHandler', (request, reply, done) => {
      const account = request.account;
      if (!account || !STAFF_ROLES.has(account.role) || ALLOWED_ROUTES.has(request.routeOptions.url ?? '')) return done();
      holdAtEnrolment(request, reply, account.id).then(() => {
        if (!reply.sent) done();
      }, done);
    });
  },
  { name: 'two-factor-enforcement', dependencies: ['auth'] },
);
