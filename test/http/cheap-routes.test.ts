import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';

/*
 * The cheapest answers (the health check, JSON errors, redirects) skip the work they do not need: the language
 * is worked out only when something reads it, the session lookup and the CSRF check return at once when there is
 * nothing to look up or check (bench/README.md, the hello row). What every answer still carries, and what pages
 * still get, is proved here: the headers, the language from each of its sources, the token check.
 */

const app = useTestApp();

const htmlLang = (html: string) => /<html[^>]*\slang="([^"]+)"/.exec(html)?.[1];
const varyFields = (header: string | undefined) => (header ?? '').split(',').map((f) => f.trim().toLowerCase());
const setCookies = (response: request.Response) => ([] as string[]).concat(response.headers['set-cookie'] ?? []);

describe('the health check', () => {
  it('answers with the resource headers and Vary, and sets no cookie', async () => {
    const response = await request(app.server).get('/healthz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
    expect(response.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(varyFields(response.headers.vary)).toEqual(['accept', 'accept-language', 'cookie']);
    expect(response.headers['cache-control']).toBeUndefined();
    expect(setCookies(response)).toEqual([]);
  });

  it('still remembers a ?lang= it was given, though it says nothing in words', async () => {
    const response = await request(app.server).get('/healthz?lang=en');
    expect(response.status).toBe(200);
    expect(setCookies(response).some((c) => /^jb_lang=en;/.test(c))).toBe(true);
  });
});

describe('the language, worked out when a page reads it', () => {
  it('comes from ?lang=, the cookie, Accept-Language, else German, in that order', async () => {
    const asked = await request(app.server).get('/about?lang=uk').set('Cookie', 'jb_lang=en').set('Accept-Language', 'ru');
    expect(asked.status).toBe(200);
    expect(htmlLang(asked.text)).toBe('uk');
    expect(setCookies(asked).some((c) => /^jb_lang=uk;/.test(c))).toBe(true);

    const remembered = await request(app.server).get('/about').set('Cookie', 'jb_lang=en').set('Accept-Language', 'ru');
    expect(htmlLang(remembered.text)).toBe('en');

    const browser = await request(app.server).get('/about').set('Accept-Language', 'ru-RU,ru;q=0.9,de;q=0.5');
    expect(htmlLang(browser.text)).toBe('ru');

    const none = await request(app.server).get('/about');
    expect(htmlLang(none.text)).toBe('de');
  });

  it('on a staff page, gives way to the next source when the page does not speak the chosen language', async () => {
    // Invitation pages are staff pages (German and English only): an Arabic cookie falls through to Accept-Language.
    const response = await request(app.server).get('/invitations/no-such-token').set('Cookie', 'jb_lang=ar').set('Accept-Language', 'en');
    expect(response.status).toBe(410);
    expect(htmlLang(response.text)).toBe('en');
  });

  it('translates a JSON error, which reads the language only when it fails', async () => {
    const english = await request(app.server).get('/api/v1/no-such-thing').set('Accept-Language', 'en').set('accept', 'application/json');
    const german = await request(app.server).get('/api/v1/no-such-thing').set('accept', 'application/json');
    expect(english.status).toBe(404);
    expect(german.status).toBe(404);
    expect(english.body.error.code).toBe('not_found');
    expect(english.body.error.message).not.toBe(german.body.error.message);
  });
});

describe('pages keep every header', () => {
  it('get the document policy, and a compressed page says it varies by encoding too, each field once', async () => {
    const response = await request(app.server).get('/about').set('Accept-Encoding', 'br');
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['x-frame-options']).toBe('DENY');
    const vary = varyFields(response.headers.vary);
    expect(vary.sort()).toEqual(['accept', 'accept-encoding', 'accept-language', 'cookie']);
  });
});

describe('the CSRF check', () => {
  it('still refuses a form sent without its token, as a page and as JSON', async () => {
    const page = await request(app.server).post('/login').type('form').send({ email: 'a@example.org', password: 'x' });
    expect(page.status).toBe(403);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const json = await request(app.server)
      .post('/login')
      .set('accept', 'application/json')
      .type('form')
      .send({ email: 'a@example.org', password: 'x' });
    expect(json.status).toBe(403);
    expect(json.body.error.code).toBe('csrf');
  });

  it('leaves reading alone: a GET carries no token and passes', async () => {
    const response = await request(app.server).get('/login');
    expect(response.status).toBe(200);
    expect(response.text).toContain('name="_csrf"');
    // The first form an anonymous visitor sees binds its token to a new cookie, set on this answer.
    expect(setCookies(response).some((c) => c.startsWith('jb_anon='))).toBe(true);
  });
});
