import type { FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DEFAULT_LOCALE, isLocale, LOCALES, translate, type Locale } from '../i18n/index.ts';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
    t(key: string, vars?: Record<string, unknown>): string;
  }
}

export const LANGUAGE_COOKIE = 'jb_lang';

/**
 * The UI language: `?lang=` switches it (and is remembered in a cookie), else
 * the cookie, else German.
 */
export default fp(
  async (app, opts: { secureCookies: boolean }) => {
    app.decorateRequest('locale', DEFAULT_LOCALE);
    app.decorateRequest('t', function (this: FastifyRequest, key: string, vars?: Record<string, unknown>) {
      return translate(this.locale, key, vars);
    });
    app.addHook('onRequest', async (request, reply) => {
      const asked = (request.query as Record<string, unknown> | undefined)?.lang;
      if (isLocale(asked)) {
        request.locale = asked;
        reply.setCookie(LANGUAGE_COOKIE, asked, { path: '/', sameSite: 'lax', httpOnly: true, secure: opts.secureCookies, maxAge: 365 * 24 * 3600 });
        return;
      }
      const remembered = request.cookies[LANGUAGE_COOKIE];
      request.locale = isLocale(remembered) ? remembered : DEFAULT_LOCALE;
    });
  },
  { name: 'i18n', dependencies: ['@fastify/cookie'] },
);

export { LOCALES };
