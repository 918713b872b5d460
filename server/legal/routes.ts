import type { FastifyInstance, FastifyRequest } from 'fastify';
import { pageHead } from '../seo/head.ts';
import { easyReadLocale, easyReadSections, type EasyReadLocale } from './easy-read.ts';

export interface LegalOptions {
  /** RETENTION_MONTHS, as the retention job applies it (the privacy notice states it). */
  retentionMonths: number;
}

/** How long a login lasts (plugins/auth.ts, SESSION_DAYS), as the privacy notice states it. */
const SESSION_DAYS = 14;

/** Leichte Sprache exists in German and English only: search engines are told of no other language version. */
const EASY_READ_LANGUAGES: readonly EasyReadLocale[] = ['de', 'en'];

/** The pages a public-sector portal owes its users: accessibility statement, Leichte Sprache, imprint, privacy notice. No login. */
export default async function legalRoutes(app: FastifyInstance, opts: LegalOptions) {
  /** The head tags (canonical, hreflang, description, Open Graph) of a page titled by `titleKey`, described by seo.description.<page>. */
  const head = (request: FastifyRequest, titleKey: string, page: string, languages?: readonly EasyReadLocale[]) =>
    pageHead(request, app.publicUrl, { title: request.t(titleKey), description: request.t(`seo.description.${page}`), languages });
  app.get('/accessibility', async (request, reply) =>
    reply.page('legal/accessibility', {
      title: request.t('legal.accessibility.title'),
      head: head(request, 'legal.accessibility.title', 'accessibility'),
    }),
  );
  app.get('/imprint', async (request, reply) =>
    reply.page('legal/imprint', { title: request.t('legal.imprint.title'), head: head(request, 'legal.imprint.title', 'imprint') }),
  );
  /**
   * Leichte Sprache is German: the page speaks German in every language of the portal (English Easy Read
   * when English is asked for with ?lang=en), so the header link, which says "Leichte Sprache" in German
   * on every page, always leads to what it promises.
   */
  app.get('/leichte-sprache', async (request, reply) => {
    request.locale = easyReadLocale(request.locale, request.localeAsked);
    return reply.page('legal/easy-read', {
      title: request.t('easyRead.title'),
      sections: easyReadSections(request.locale),
      english: request.locale === 'en',
      head: head(request, 'easyRead.title', 'easyRead', EASY_READ_LANGUAGES),
    });
  });
  app.get('/privacy', async (request, reply) =>
    reply.page('legal/privacy', {
      title: request.t('legal.privacy.title'),
      retentionMonths: opts.retentionMonths,
      sessionDays: SESSION_DAYS,
      head: head(request, 'legal.privacy.title', 'privacy'),
    }),
  );
}
