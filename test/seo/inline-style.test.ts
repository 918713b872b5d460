import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minifyCss } from '../../server/http/inline-style.ts';
import { buildTestApp } from '../helpers/app.ts';
import { launchBrowser, listenForBrowser } from '../helpers/browser.ts';
import { createEmployer, loginAs, postVacancy } from '../helpers/factories.ts';

/*
 * Issue 13, Lighthouse on a slow phone: the public pages a first visit lands on (home, search, a vacancy)
 * carry the stylesheet inline, so nothing blocks their first paint; the CSP admits exactly that text by
 * its hash; the inlined text is the whole stylesheet, rule for rule, as Chromium reads it.
 */

let app: FastifyInstance;
let browser: Browser;
let origin: string;
let pages: string[];

beforeAll(async () => {
  app = await buildTestApp();
  const employer = await loginAs(app, (await createEmployer(app)).email);
  const id = await postVacancy(employer);
  pages = ['/', '/vacancies?q=Pflege&town=Leipzig', `/vacancies/${id}`];
  origin = await listenForBrowser(app);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const styleOf = (html: string) => /<style>([^<]*)<\/style>/.exec(html)?.[1];

describe('the stylesheet of public pages', () => {
  it('is inline on home, search and vacancy pages, no stylesheet link blocks rendering, and the CSP admits it by its hash alone', async () => {
    for (const path of pages) {
      const page = await request(app.server).get(path);
      expect(page.status, path).toBe(200);
      expect(page.text, path).not.toMatch(/<link rel="stylesheet"/);
      const css = styleOf(page.text);
      expect(css, path).toBeDefined();
      const hash = `'sha256-${createHash('sha256').update(css!).digest('base64')}'`;
      const styleSrc = /style-src ([^;]*)/.exec(String(page.headers['content-security-policy']))?.[1];
      expect(styleSrc, path).toBe(`'self' ${hash}`);
      expect(page.text.match(/<style/g), path).toHaveLength(1);
    }
  });

  it('stays a linked, fingerprinted file on pages without a search-engine head (staff and login pages read many in a row)', async () => {
    const login = await request(app.server).get('/login');
    expect(login.text).toMatch(/<link rel="stylesheet" href="\/static\/site\.[0-9a-f]{12}\.css">/);
    expect(styleOf(login.text)).toBeUndefined();
  });

  it(
    'is applied by Chromium under the CSP without a violation, with every rule of site.css, in German and Arabic',
    { timeout: 120_000 },
    async () => {
      const source = readFileSync(new URL('../../views/static/site.css', import.meta.url), 'utf8');
      const visits = [...pages.map((path) => ({ path, lang: 'de' })), { path: pages[0]!, lang: 'ar' }];
      for (const { path, lang } of visits) {
        const page = await browser.newPage();
        const violations: string[] = [];
        page.on('console', (message) => {
          if (message.type() === 'error') violations.push(message.text());
        });
        await page.addInitScript({
          content: "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective));",
        });
        const url = `${origin}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
        expect((await page.goto(url))?.status()).toBe(200);
        // Runs in the page (a string: the tests compile without the DOM's types): the inline sheet's rules as
        // the browser serialises them, and site.css read by the same parser.
        const [inline, original] = await page.evaluate<[string[], string[]]>(`(() => {
          const serialise = (sheet) => [...sheet.cssRules].map((rule) => rule.cssText);
          const parsed = new CSSStyleSheet();
          parsed.replaceSync(${JSON.stringify(source)});
          return [serialise(document.styleSheets[0]), serialise(parsed)];
        })()`);
        expect(inline.length, url).toBeGreaterThan(100);
        expect(inline, url).toEqual(original);
        // The brand colour of the header: the styles are really in force, not only parsed.
        expect(await page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")).toBe('rgb(11, 79, 108)');
        expect(violations, url).toEqual([]);
        await page.close();
      }
    },
  );
});

describe('minifyCss', () => {
  it('drops comments and collapses whitespace but keeps descendant combinators and strings', () => {
    const css = '/* why */\nbody :is(h1, h2) > a  {\n  color: red; /* a note */\n}\n.a::before { content: ": "; }\n/* unclosed';
    expect(minifyCss(css)).toBe('body :is(h1, h2) > a{color: red;}.a::before{content: ": ";}');
  });
});
