import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import {
  DEFAULT_LOCALE,
  isLocale,
  LOCALE_INFO,
  LOCALES,
  negotiate,
  STAFF_LOCALES,
  translate,
  translatePlural,
  type Locale,
  type LocaleInfo,
} from '../i18n/index.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The page's language (a route may still change it, e.g. to a share link's language). */
    locale: Locale;
    /** True when the person chose the language here (`?lang=`) rather than it being inferred. */
    localeAsked: boolean;
    t(key: string, vars?: Record<string, unknown>): string;
    /** A counted message in the page's language (see translatePlural). */
    tn(key: string, count: number, vars?: Record<string, unknown>): string;
    /** The languages this page can speak: all six on pages a mentee meets, German and English on staff pages. */
    pageLocales(): readonly Locale[];
    localeInfo(): LocaleInfo;
    /** The language switcher: this page in each language it speaks, each named in itself. */
    languageMenu(): { locale: Locale; name: string; href: string; current: boolean }[];
  }
  interface FastifyContextConfig {
    /** A page under a staff path that a mentee reads (browsing together): it speaks all six languages. */
    menteeFacing?: boolean;
  }
}

export const LANGUAGE_COOKIE = 'jb_lang';

/** Staff work happens under these paths; everything else is a page a mentee may meet. */
const STAFF_PATH = /^\/(?:employer|mentor|coordinator|admin|account|invitations|dev)(?:\/|$)/;

function pageLocales(request: FastifyRequest): readonly Locale[] {
  if (request.routeOptions.config?.menteeFacing) return LOCALES;
  return STAFF_PATH.test(request.url.split('?', 1)[0] ?? '') ? STAFF_LOCALES : LOCALES;
}

/**
 * The UI language: `?lang=` (remembered in a cookie), else the cookie, else
 * the browser's Accept-Language with its quality values, else German; each
 * only when the page speaks it. A language a staff page does not speak (an
 * Arabic cookie on the mentor's pages) gives way to the next source.
 */
export default fp(
  async (app, opts: { secureCookies: boolean }) => {
    app.decorateRequest('locale', DEFAULT_LOCALE);
    app.decorateRequest('localeAsked', false);
    app.decorateRequest('t', function (this: FastifyRequest, key: string, vars?: Record<string, unknown>) {
      return translate(this.locale, key, vars);
    });
    app.decorateRequest('tn', function (this: FastifyRequest, key: string, count: number, vars?: Record<string, unknown>) {
      return translatePlural(this.locale, key, count, vars);
    });
    app.decorateRequest('pageLocales', function (this: FastifyRequest) {
      return pageLocales(this);
    });
    app.decorateRequest('localeInfo', function (this: FastifyRequest) {
      return LOCALE_INFO[this.locale];
    });
    app.decorateRequest('languageMenu', function (this: FastifyRequest) {
      const url = new URL(this.url, 'http://localhost');
      return pageLocales(this).map((locale) => {
        url.searchParams.set('lang', locale);
        return { locale, name: LOCALE_INFO[locale].name, href: `${url.pathname}${url.search}`, current: locale === this.locale };
      });
    });
    app.addHook('onRequest', async (request, reply) => {
      const allowed = pageLocales(request);
      const asked = (request.query as Record<string, unknown> | undefined)?.lang;
      if (isLocale(asked)) {
        reply.setCookie(LANGUAGE_COOKIE, asked, {
          path: '/',
          sameSite: 'lax',
          httpOnly: true,
          secure: opts.secureCookies,
          maxAge: 365 * 24 * 3600,
        });
        if (allowed.includes(asked)) {
          request.locale = asked;
          request.localeAsked = true;
          return;
        }
      }
      const remembered = request.cookies[LANGUAGE_COOKIE];
      if (isLocale(remembered) && allowed.includes(remembered)) request.locale = remembered;
      else request.locale = negotiate(request.headers['accept-language'], allowed) ?? DEFAULT_LOCALE;
    });
  },
  { name: 'i18n', dependencies: ['@fastify/cookie'] },
);

export { LOCALES };
