import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, buildTestApp, flushOutbox } from '../helpers/app.ts';
import { launchBrowser, listenForBrowser } from '../helpers/browser.ts';
import { createEmployer, loginAs, postVacancy } from '../helpers/factories.ts';
import { decodeHref, facetLinks, searchWord, totalOf } from './support.ts';

/**
 * The public search page (issue 13): filters behind a disclosure, removable chips, facet counts that equal
 * the results their links lead to, one name for the German filter, sort links, next steps on an empty
 * result, back to search with the query, the town resolved on the server. Against the real Meilisearch and
 * the PostgreSQL fallback.
 */
const app = useTestApp();
const word = searchWord();
const page = (query: Record<string, string>) => request(app.server).get('/vacancies').query(query);

function chipsOf(html: string) {
  return [...html.matchAll(/<a class="chip" href="([^"]+)"><span class="visually-hidden">([^<]*)<\/span><bdi>([^<]*)<\/bdi>/g)].map(
    (m) => ({
      href: decodeHref(m[1]!),
      label: `${m[2]!}${m[3]!}`,
    }),
  );
}

const queryOf = (href: string) => Object.fromEntries(new URL(href, 'http://x').searchParams);

beforeAll(async () => {
  const employer = await createEmployer(app, { organisation: `Suche ${word}` });
  const agent = await loginAs(app, employer.email);
  // German asked: none, A1, A2 ×2, B1, C1; working time full, part, either, and a full-time apprenticeship in part-time training.
  const posts: Record<string, string>[] = [
    { town: 'Dresden', kind: 'job', germanLevel: 'none', workingTime: 'full' },
    { town: 'Dresden', kind: 'job', germanLevel: 'A1', workingTime: 'part' },
    { town: 'Pirna', kind: 'job', germanLevel: 'A2', workingTime: 'either' },
    { town: 'Dresden', kind: 'job', germanLevel: 'A2', workingTime: 'full' },
    { town: 'Meißen', kind: 'apprenticeship', germanLevel: 'B1', workingTime: 'full', partTimeTraining: 'on', durationMonths: '36' },
    { town: 'Leipzig', kind: 'apprenticeship', germanLevel: 'C1', workingTime: 'part', durationMonths: '36' },
  ];
  for (const [i, post] of posts.entries()) await postVacancy(agent, { title: `Lager ${word} ${i}`, ...post });
  await flushOutbox(app);
});

describe('facet counts', () => {
  it('equal the results each link leads to, for every facet of several searches', async () => {
    const starts: Record<string, string>[] = [
      { q: word },
      { q: word, germanLevel: 'A2' },
      { q: word, kind: 'job', workingTime: 'part' },
      { q: word, town: 'Dresden' },
    ];
    let checked = 0;
    for (const start of starts) {
      const first = await page(start);
      expect(first.status).toBe(200);
      const links = facetLinks(first.text);
      expect(links.length).toBeGreaterThan(2);
      for (const link of links) {
        const target = await request(app.server).get(link.href);
        expect({ link: link.href, count: totalOf(target.text) }).toEqual({ link: link.href, count: link.count });
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(15);
  });

  it('count "my German: A2" as every vacancy asking at most A2 (the cause of "A2 (8)" giving 9)', async () => {
    const links = facetLinks((await page({ q: word })).text);
    // none + A1 + A2 + A2: four, not the two that ask exactly A2.
    expect(links.find((l) => queryOf(l.href).germanLevel === 'A2')?.count).toBe(4);
    // Part time: part, either, and the full-time apprenticeship in part-time training.
    expect(links.find((l) => queryOf(l.href).workingTime === 'part')?.count).toBe(4);
    expect(links.find((l) => queryOf(l.href).workingTime === 'full')?.count).toBe(4);
  });

  it('use one name for the German filter, in the form and over the facets', async () => {
    const html = (await page({ q: word })).text;
    expect(html).toContain('<label class="label" for="germanLevel">Mein Deutsch</label>');
    expect(html).toContain('<h3>Mein Deutsch</h3>');
    expect(html).not.toContain('Verlangtes Deutsch');
  });
});

describe('chips', () => {
  it('show each chosen filter, each removing exactly its own filter and keeping the others', async () => {
    const chosen = { q: word, town: 'Dresden', radiusKm: '50', kind: 'job', germanLevel: 'B1', workingTime: 'full', minPayMonthly: '2000' };
    const res = await page(chosen);
    expect(res.status).toBe(200);
    const chips = chipsOf(res.text);
    expect(chips.map((c) => c.label)).toEqual([
      'Filter entfernen: Dresden, 50 km Umkreis',
      'Filter entfernen: Art: Arbeit',
      'Filter entfernen: Mein Deutsch: B1',
      'Filter entfernen: Arbeitszeit: Vollzeit',
      'Filter entfernen: ab 2.000 € im Monat',
    ]);
    const removed = chips.map((chip) => {
      const left = queryOf(chip.href);
      return Object.keys(chosen).filter((key) => !(key in left));
    });
    expect(removed).toEqual([['town', 'radiusKm'], ['kind'], ['germanLevel'], ['workingTime'], ['minPayMonthly']]);
    for (const chip of chips) expect(new URL(chip.href, 'http://x').pathname).toBe('/vacancies');
    const withoutLevel = await request(app.server).get(chips[2]!.href);
    expect(chipsOf(withoutLevel.text).map((c) => c.label)).not.toContain('Filter entfernen: Mein Deutsch: B1');
  });

  it('keep the filters in a collapsed "Filter" disclosure that says how many are set', async () => {
    const html = (await page({ q: word, kind: 'job', germanLevel: 'B1' })).text;
    expect(html).toMatch(/<details class="search-filters">\s*<summary>Filter \(2\)<\/summary>/);
    expect(html).toMatch(/<details class="search-filters">[\s\S]*id="germanLevel"[\s\S]*<\/details>/);
    // An error inside opens it.
    const bad = await page({ q: word, minPayMonthly: 'viel' });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('<details class="search-filters" open>');
  });
});

describe('the results page', () => {
  it('offers the orders as links, nearest only with a town, and keeps them working', async () => {
    const html = (await page({ q: word, town: 'Dresden' })).text;
    const sorts = [...html.matchAll(/<a href="([^"]+)">(Neueste zuerst|Nächste zuerst|Höchste Bezahlung)<\/a>/g)].map((m) =>
      decodeHref(m[1]!),
    );
    expect(sorts.map((s) => queryOf(s).sort)).toEqual(['newest', 'nearest', 'pay']);
    const nearest = await request(app.server).get(sorts[1]!);
    expect(nearest.status).toBe(200);
    expect(nearest.text).toContain('<strong aria-current="true">Nächste zuerst</strong>');
    expect((await page({ q: word })).text).not.toContain('Nächste zuerst</a>');
  });

  it('shows next steps instead of an empty heading when nothing is found', async () => {
    const res = await page({ q: word, town: 'Leipzig', radiusKm: '10', kind: 'job' });
    expect(res.status).toBe(200);
    expect(totalOf(res.text)).toBe(0);
    // Facets still show where a changed filter finds something; a heading never stands without content.
    const aside = res.text.includes('<aside') ? res.text.slice(res.text.indexOf('<aside'), res.text.indexOf('</aside>')) : '';
    if (aside) expect(aside).toMatch(/<a href="[^"]+">[^<]+ <span class="count">/);
    expect(res.text).not.toMatch(/<h[1-6][^>]*>\s*<\/h[1-6]>/);
    expect(res.text).toContain('<h3>So finden Sie mehr Stellen</h3>');
    const wider = /<a href="([^"]+)">Im Umkreis von 25 km suchen<\/a>/.exec(res.text)?.[1];
    expect(queryOf(decodeHref(wider!))).toMatchObject({ town: 'Leipzig', radiusKm: '25', kind: 'job' });
    const everywhere = /<a href="([^"]+)">In ganz Sachsen ohne Filter suchen<\/a>/.exec(res.text)?.[1];
    expect(queryOf(decodeHref(everywhere!))).toEqual({ q: word });
    expect(totalOf((await request(app.server).get(decodeHref(everywhere!))).text)).toBe(6);
  });

  it('has no <datalist> and no list of towns', async () => {
    for (const url of ['/', `/vacancies?q=${word}`]) {
      const html = (await request(app.server).get(url)).text;
      expect(html).not.toContain('<datalist');
      expect(html).not.toContain(' list="');
    }
  });
});

describe('back to search', () => {
  it('returns to the same search and page from a vacancy', async () => {
    const results = await page({ q: word, germanLevel: 'B1', sort: 'newest' });
    const hit = decodeHref(/<h3 class="card__title"[^>]*><a href="([^"]+)">/.exec(results.text)![1]!);
    expect(hit).toMatch(/^\/vacancies\/[0-9a-f-]{36}\?back=/);
    const vacancy = await request(app.server).get(hit);
    expect(vacancy.status).toBe(200);
    const back = decodeHref(/<a href="([^"]+)">Zurück zur Suche<\/a>/.exec(vacancy.text)![1]!);
    expect(back.startsWith('/vacancies?')).toBe(true);
    expect(queryOf(back)).toEqual({ q: word, germanLevel: 'B1', sort: 'newest' });
    // The canonical address is the vacancy's own, without where the reader came from.
    expect(vacancy.text).not.toMatch(/<link rel="canonical" href="[^"]*back/);
  });

  it('refuses foreign targets and invalid searches: the link is then the plain search', async () => {
    const id = /<h3 class="card__title"[^>]*><a href="\/vacancies\/([0-9a-f-]{36})/.exec((await page({ q: word })).text)![1]!;
    const hostile = ['//evil.example/x', 'https://evil.example/', 'javascript:alert(1)', 'q=a&radiusKm=9999', 'x'.repeat(2000), '%'];
    for (const back of hostile) {
      const vacancy = await request(app.server).get(`/vacancies/${id}`).query({ back });
      expect(vacancy.status).toBe(200);
      const link = decodeHref(/<a href="([^"]+)">Zurück zur Suche<\/a>/.exec(vacancy.text)![1]!);
      expect(link === '/vacancies' || /^\/vacancies\?[^/]*$/.test(link)).toBe(true);
      expect(link).not.toContain('evil');
      expect(link).not.toContain('javascript');
    }
    // An unknown field is dropped, a known one kept.
    const mixed = await request(app.server).get(`/vacancies/${id}`).query({ back: 'q=Lager&next=//evil.example' });
    expect(decodeHref(/<a href="([^"]+)">Zurück zur Suche<\/a>/.exec(mixed.text)![1]!)).toBe('/vacancies?q=Lager');
  });
});

describe('the town field', () => {
  it('resolves a postcode, a spelling without umlauts, another case and a postcode the list does not hold', async () => {
    for (const town of ['01067', 'dresden', 'DRESDEN', '01069', '01069 Dresden']) {
      const res = await page({ q: word, town, radiusKm: '10' });
      expect({ town, status: res.status }).toEqual({ town, status: 200 });
      expect(totalOf(res.text)).toBe(3);
    }
    for (const town of ['Meissen', 'Meißen', 'MEISSEN']) expect(totalOf((await page({ q: word, town, radiusKm: '0' })).text)).toBe(1);
    const goerlitz = await page({ q: word, town: 'Goerlitz' });
    const gorlitz = await page({ q: word, town: 'Gorlitz' });
    expect([goerlitz.status, gorlitz.status]).toEqual([200, 200]);
  });

  it('answers an unknown town with "did you mean" next to the field (422, values kept), never a 500', async () => {
    const res = await page({ q: word, town: 'Dresdn', radiusKm: '10' });
    expect(res.status).toBe(422);
    expect(res.text).toContain('id="town-error"');
    expect(res.text).toContain('value="Dresdn"');
    const suggestion = /<p class="did-you-mean">Meinten Sie <a href="([^"]+)"><bdi lang="de">Dresden<\/bdi><\/a>\?<\/p>/.exec(
      res.text,
    )?.[1];
    expect(queryOf(decodeHref(suggestion!))).toEqual({ q: word, town: 'Dresden', radiusKm: '10' });
    expect(totalOf((await request(app.server).get(decodeHref(suggestion!))).text)).toBe(3);
    for (const town of ['Atlantis', 'ä'.repeat(100), '<script>', '99999', '%%%']) {
      const other = await page({ q: word, town });
      expect({ town, status: other.status }).toEqual({ town, status: 422 });
    }
  });

  it('keeps the places API working', async () => {
    const res = await request(app.server).get('/api/v1/places').query({ q: 'Dresd' });
    expect(res.status).toBe(200);
    expect(res.body.places[0].name).toBe('Dresden');
  });
});

describe('speed', () => {
  it('compresses pages with brotli or gzip and keeps home and search page under 15 KB on the wire', async () => {
    for (const url of ['/', `/vacancies?q=${word}`, '/vacancies?town=Dresden']) {
      for (const encoding of ['br', 'gzip']) {
        // inject: the bytes as sent, not unpacked as an HTTP client would.
        const res = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': encoding } });
        expect(res.statusCode).toBe(200);
        expect(res.headers['content-encoding']).toBe(encoding);
        expect(String(res.headers.vary)).toMatch(/accept-encoding/i);
        expect(res.rawPayload.length).toBeLessThanOrEqual(15 * 1024);
        const plain = await app.inject({ method: 'GET', url });
        expect(plain.headers['content-encoding']).toBeUndefined();
        expect(res.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
      }
    }
  });

  it('serves the stylesheet under a fingerprinted name, cached for a year; the plain name keeps working', async () => {
    // The login page links it (public pages with a search-engine head carry it inline: test/seo/inline-style.test.ts).
    const html = (await request(app.server).get('/login')).text;
    const href = /<link rel="stylesheet" href="(\/static\/site\.[0-9a-f]{12}\.css)">/.exec(html)?.[1];
    expect(href).toBeDefined();
    const css = await request(app.server).get(href!).set('accept-encoding', 'br');
    expect(css.status).toBe(200);
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    expect(css.headers['content-encoding']).toBe('br');
    const plain = await request(app.server).get('/static/site.css');
    expect(plain.status).toBe(200);
    expect(plain.headers['cache-control']).not.toContain('immutable');
    // Pages themselves are not cached for a year.
    expect((await request(app.server).get('/')).headers['cache-control'] ?? '').not.toContain('max-age=31536000');
  });
});

describe('on a 390 × 844 phone', () => {
  it('shows the first result within the first screen, without sideways scrolling, in German and Arabic', async () => {
    const origin = await listenForBrowser(app);
    const browser = await launchBrowser();
    try {
      const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
      for (const lang of ['de', 'ar']) {
        await phone.goto(`${origin}/vacancies?q=${word}&town=Dresden&lang=${lang}`);
        const { top, scrollWidth } = await phone.evaluate(() => {
          // Runs in the browser: globalThis is the page's window there.
          const doc = (
            globalThis as unknown as {
              document: {
                querySelector(s: string): { getBoundingClientRect(): { top: number } } | null;
                documentElement: { scrollWidth: number };
              };
            }
          ).document;
          return { top: doc.querySelector('.cards .card')!.getBoundingClientRect().top, scrollWidth: doc.documentElement.scrollWidth };
        });
        expect({ lang, below: top < 844, scrollWidth }).toEqual({ lang, below: true, scrollWidth: 390 });
      }
      // The filters open without a script.
      await phone.goto(`${origin}/vacancies?q=${word}`);
      expect(await phone.locator('#germanLevel').isVisible()).toBe(false);
      await phone.locator('.search-filters > summary').click();
      expect(await phone.locator('#germanLevel').isVisible()).toBe(true);
    } finally {
      await browser.close();
    }
  }, 120_000);
});

describe('with Meilisearch marked down (the PostgreSQL fallback)', () => {
  let fallback: FastifyInstance;
  beforeAll(async () => {
    fallback = await buildTestApp({ searchHealthIntervalMs: 3_600_000 });
    fallback.searchEngine.markDown();
  });
  afterAll(async () => {
    await fallback?.close();
  });

  it('counts the facets as the results their links lead to', async () => {
    for (const start of [{ q: word }, { q: word, germanLevel: 'A1', kind: 'job' }]) {
      const first = await request(fallback.server).get('/vacancies').query(start);
      expect(first.text).toContain('Die Suche läuft gerade eingeschränkt');
      const links = facetLinks(first.text);
      expect(links.length).toBeGreaterThan(2);
      for (const link of links) {
        const target = await request(fallback.server).get(link.href);
        expect({ link: link.href, count: totalOf(target.text) }).toEqual({ link: link.href, count: link.count });
      }
    }
  });
});
