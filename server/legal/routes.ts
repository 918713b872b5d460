import type { FastifyInstance } from 'fastify';
import { easyReadLocale, easyReadSections } from './easy-read.ts';

export interface LegalOptions {
  /** RETENTION_MONTHS, as the retention job applies it (the privacy notice states it). */
  retentionMonths: number;
}

/** How long a login lasts (plugins/auth.ts, SESSION_DAYS), as the privacy notice states it. */
const SESSION_DAYS = 14;

/** The pages a public-sector portal owes its users: accessibility statement, Leichte Sprache, imprint, privacy notice. No login. */
export default async function legalRoutes(app: FastifyInstance, opts: LegalOptions) {
  app.get('/accessibility', async (request, reply) => reply.page('legal/accessibility', { title: request.t('legal.accessibility.title') }));
  app.get('/imprint', async (request, reply) => reply.page('legal/imprint', { title: request.t('legal.imprint.title') }));
  /**
   * Leichte Sprache is German: the page speaks German in every language of the portal (English Easy Read
   * when English is asked for with ?lang=en), so the header link, which says "Leichte Sprache" in German
   * on every page, always leads to what it promises.
   */
  app.get('/leichte-sprache', async (request, reply) => {
    request.locale = easyReadLocale(request.locale, request.localeAsked);
    return reply.page('legal/easy-read', { title: request.t('easyRead.title'), sections: easyReadSections(request.locale), english: request.locale === 'en' });
  });
  app.get('/privacy', async (request, reply) =>
    reply.page('legal/privacy', { title: request.t('legal.privacy.title'), retentionMonths: opts.retentionMonths, sessionDays: SESSION_DAYS }),
  );
}
