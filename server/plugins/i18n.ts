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
    /** The page's language (a route may still change it, e.g. to a share link's language). Worked out on first read. */
    locale: Locale;
    /** True when the person chose the language here (`?lang=`) rather than it being inferred. */
    readonly localeAsked: boolean;
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

/** Where a request keeps its language once worked out: null until something reads `request.locale`. */
const RESOLVED_LOCALE = Symbol('resolvedLocale');
const LOCALE_ASKED = Symbol('localeAsked');
/** The page's languages once worked out (a page asks three times: its language, the switcher, the page's context). */
const PAGE_LOCALES = Symbol('pageLocales');

interface LocaleSlots {
  [RESOLVED_LOCALE]: Locale | null;
  [LOCALE_ASKED]: boolean;
  [PAGE_LOCALES]: readonly Locale[] | null;
}

const slots = (request: FastifyRequest) => request as unknown as LocaleSlots;

function pageLocales(request: FastifyRequest): readonly Locale[] {
  const state = slots(request);
  // request.routeOptions builds a new frozen object on every read.
  state[PAGE_LOCALES] ??= request.routeOptions.config?.menteeFacing
    ? LOCALES
    : STAFF_PATH.test(request.url.split('?', 1)[0] ?? '')
      ? STAFF_LOCALES
      : LOCALES;
  return state[PAGE_LOCALES];
}

/**
 * The UI language: `?lang=`, else the cookie, else the browser's Accept-Language with its quality values, else
 * German; each only when the page speaks it. A language a staff page does not speak (an Arabic cookie on the
 * mentor's pages) gives way to the next source.
 */
function resolveLocale(request: FastifyRequest): Locale {
  const state = slots(request);
  const allowed = pageLocales(request);
  const asked = (request.query as Record<string, unknown> | undefined)?.lang;
  state[LOCALE_ASKED] = isLocale(asked) && allowed.includes(asked);
  const remembered = request.cookies[LANGUAGE_COOKIE];
  state[RESOLVED_LOCALE] = state[LOCALE_ASKED]
    ? (asked as Locale)
    : isLocale(remembered) && allowed.includes(remembered)
      ? remembered
      : (negotiate(request.headers['accept-language'], allowed) ?? DEFAULT_LOCALE);
  return state[RESOLVED_LOCALE];
}

/**
 * The language of each request, worked out when first read (`request.locale`, `request.t`, a page's context), not
 * in a hook: an answer that says nothing in words (the health check, most JSON, static files, redirects) skips the
 * negotiation. A `?lang=` is remembered in a cookie on every request that names one, read or not.
 */
export default fp(
  async (app, opts: { secureCookies: boolean }) => {
    app.decorateRequest(RESOLVED_LOCALE, null);
    app.decorateRequest(LOCALE_ASKED, false);
    app.decorateRequest(PAGE_LOCALES, null);
    app.decorateRequest('locale', {
      getter(this: FastifyRequest) {
        return slots(this)[RESOLVED_LOCALE] ?? resolveLocale(this);
      },
      // A route may set the language (a share link's); the request's own choice is worked out first, so
      // localeAsked still says whether the person asked for one.
      setter(this: FastifyRequest, locale: Locale) {
        if (slots(this)[RESOLVED_LOCALE] === null) resolveLocale(this);
        slots(this)[RESOLVED_LOCALE] = locale;
      },
    });
    app.decorateRequest('localeAsked', {
      getter(this: FastifyRequest) {
        if (slots(this)[RESOLVED_LOCALE] === null) resolveLocale(this);
        return slots(this)[LOCALE_ASKED];
      },
    });
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
    // A callback hook (no promise per request): it runs on every request.
    app.addHook('onRequest', (request, reply, done) => {
      const asked = (request.query as Record<string, unknown> | undefined)?.lang;
      if (isLocale(asked)) {
        reply.setCookie(LANGUAGE_COOKIE, asked, {
          path: '/',
          sameSite: 'lax',
          httpOnly: true,
          secure: opts.secureCookies,
          maxAge: 365 * 24 * 3600,
        });
      }
      done();
    });
  },
  { name: 'i18n', dependencies: ['@fastify/cookie'] },
);

export { LOCALES };
