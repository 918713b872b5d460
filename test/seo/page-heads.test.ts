import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.ts';

const PUBLIC_URL = 'https://jobs.example.org';
const SIX = ['de', 'en', 'uk', 'ru', 'ar', 'fa'];

let app: FastifyInstance;

beforeAll(async () => {
  app = await buildTestApp({ config: { publicUrl: PUBLIC_URL } });
});

afterAll(async () => {
  await app.close();
});

/** The page's <head>, with attribute values as a browser reads them (Handlebars writes = as &#x3D;). */
async function headOf(path: string): Promise<string> {
  const page = await request(app.server).get(path).set('Host', 'evil.example');
  expect(page.status).toBe(200);
  const head = page.text.slice(0, page.text.indexOf('</head>'));
  return head.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');
}

const hreflangs = (head: string) =>
  [...head.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">/g)].map((m) => ({ lang: m[1], href: m[2] }));
const descriptionOf = (head: string) => head.match(/<meta name="description" content="([^"]*)">/)?.[1];

describe('head tags of the mentoring, accessibility, imprint and privacy pages', () => {
  const pages: [path: string, description: RegExp][] = [
    ['/mentoring', /^Mentoring-Projekte in Sachsen/],
    ['/accessibility', /^Wie barrierefrei die Jobbrücke Sachsen ist/],
    ['/imprint', /^Wer die Jobbrücke Sachsen anbietet/],
    ['/privacy', /^Welche Daten die Jobbrücke Sachsen speichert/],
  ];
  it.each(pages)(
    '%s has one canonical at the public URL, hreflang for all six languages and x-default, a description and Open Graph',
    async (path, description) => {
      const head = await headOf(path);
      const canonical = `${PUBLIC_URL}${path}`;
      expect(head.match(/<link rel="canonical"/g)).toHaveLength(1);
      expect(head).toContain(`<link rel="canonical" href="${canonical}">`);
      expect(hreflangs(head)).toEqual([
        ...SIX.map((lang) => ({ lang, href: lang === 'de' ? canonical : `${canonical}?lang=${lang}` })),
        { lang: 'x-default', href: canonical },
      ]);
      expect(descriptionOf(head)).toMatch(description);
      expect(head).toContain(`<meta property="og:url" content="${canonical}">`);
      expect(head).toContain('<meta property="og:type" content="website">');
      expect(head).not.toContain('evil.example');
    },
  );

  it('describes the page in the language asked for: Arabic on ?lang=ar, its own canonical with ?lang=ar (each language version is a page of its own)', async () => {
    const head = await headOf('/privacy?lang=ar');
    expect(head.match(/<link rel="canonical" href="([^"]+)">/)?.[1]).toBe(`${PUBLIC_URL}/privacy?lang=ar`);
    expect(descriptionOf(head)).toBe('ما البيانات التي يحفظها Jobbrücke Sachsen، ولماذا، ولأي مدة، ومن يراها.');
    expect(head).toContain('<meta property="og:locale" content="ar">');
  });

  it('keeps the town a mentoring search was for in the canonical URL', async () => {
    const head = await headOf('/mentoring?town=Leipzig&lang=uk');
    expect(head).toContain(`<link rel="canonical" href="${PUBLIC_URL}/mentoring?town=Leipzig&lang=uk">`);
    expect(hreflangs(head)).toContainEqual({ lang: 'uk', href: `${PUBLIC_URL}/mentoring?town=Leipzig&lang=uk` });
    expect(descriptionOf(head)).toMatch(/^Проєкти менторства в Саксонії/);
  });
});

describe('head tags of the Leichte Sprache page', () => {
  it('names only the languages it is written in (German, English) besides x-default, and describes itself in German', async () => {
    const head = await headOf('/leichte-sprache?lang=ar');
    const canonical = `${PUBLIC_URL}/leichte-sprache`;
    expect(head.match(/<link rel="canonical"/g)).toHaveLength(1);
    expect(head).toContain(`<link rel="canonical" href="${canonical}">`);
    expect(hreflangs(head)).toEqual([
      { lang: 'de', href: canonical },
      { lang: 'en', href: `${canonical}?lang=en` },
      { lang: 'x-default', href: canonical },
    ]);
    expect(descriptionOf(head)).toMatch(/^Die Jobbrücke Sachsen in Leichter Sprache/);
  });

  it('describes itself in English for ?lang=en', async () => {
    expect(descriptionOf(await headOf('/leichte-sprache?lang=en'))).toMatch(/^Jobbrücke Sachsen in Easy Read/);
  });
});

describe('the canonical of the plain address, whatever language it answers in (issue 13, Lighthouse SEO)', () => {
  /** The page as a phone set to `language` (Accept-Language) or with the language cookie receives it. */
  async function answer(path: string, header: Record<string, string>) {
    const page = await request(app.server).get(path).set(header);
    expect(page.status).toBe(200);
    const head = page.text.slice(0, page.text.indexOf('</head>')).replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');
    return { lang: /<html lang="([^"]+)"/.exec(page.text)?.[1], canonical: /<link rel="canonical" href="([^"]+)">/.exec(head)?.[1], head };
  }

  it.each([
    ['/', { 'accept-language': 'en-US,en;q=0.9' }, 'en'],
    ['/', { 'accept-language': 'ar' }, 'ar'],
    ['/', { 'accept-language': 'uk-UA,uk;q=0.9' }, 'uk'],
    ['/', { cookie: 'jb_lang=fa' }, 'fa'],
    ['/vacancies?q=Pflege&town=Leipzig', { 'accept-language': 'ru' }, 'ru'],
  ])('%s for %o speaks its language yet names itself canonical (an alternate would mark it a duplicate)', async (path, header, lang) => {
    const { lang: spoken, canonical, head } = await answer(path, header);
    expect(spoken).toBe(lang);
    expect(canonical).toBe(`${PUBLIC_URL}${path}`);
    expect(head).toContain(`<meta property="og:url" content="${PUBLIC_URL}${path}">`);
    // The alternates are those of every request: German at the plain address, the others with ?lang=.
    expect(hreflangs(head)).toContainEqual({ lang: 'de', href: `${PUBLIC_URL}${path}` });
    expect(hreflangs(head)).toContainEqual({ lang, href: `${PUBLIC_URL}${path}${path.includes('?') ? '&' : '?'}lang=${lang}` });
  });

  it('a language chosen in the address stays its own canonical page, even against the browser and cookie', async () => {
    const { lang, canonical } = await answer('/?lang=en', { 'accept-language': 'ar', cookie: 'jb_lang=fa' });
    expect(lang).toBe('en');
    expect(canonical).toBe(`${PUBLIC_URL}/?lang=en`);
  });
});
