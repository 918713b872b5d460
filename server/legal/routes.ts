import type { FastifyInstance } from 'fastify';

export interface LegalOptions {
  /** RETENTION_MONTHS, as the retention job applies it (the privacy notice states it). */
  retentionMonths: number;
}

/** How long a login lasts (plugins/auth.ts, SESSION_DAYS), as the privacy notice states it. */
const SESSION_DAYS = 14;

/** The pages a public-sector portal owes its users: accessibility statement, imprint, privacy notice. No login. */
export default async function legalRoutes(app: FastifyInstance, opts: LegalOptions) {
  app.get('/accessibility', async (request, reply) => reply.page('legal/accessibility', { title: request.t('legal.accessibility.title') }));
  app.get('/imprint', async (request, reply) => reply.page('legal/imprint', { title: request.t('legal.imprint.title') }));
  app.get('/privacy', async (request, reply) =>
    reply.page('legal/privacy', { title: request.t('legal.privacy.title'), retentionMonths: opts.retentionMonths, sessionDays: SESSION_DAYS }),
  );
}
