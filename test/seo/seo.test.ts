import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { todayInBerlin } from '../../server/time/berlin.ts';
import { jsonForScriptBlock } from '../../server/seo/json-ld.ts';
import { shortDescription } from '../../server/seo/head.ts';
import { toJobPosting, type JobPostingSource } from '../../server/vacancies/job-posting.ts';
import { visibleVacancies } from '../../server/vacancies/visibility.ts';
import { useTestApp, buildTestApp, csrfFrom, encodeForm, flushOutbox, unique } from '../helpers/app.ts';
import { createEmployer, loginAs, postVacancy } from '../helpers/factories.ts';
import { vocabularyProblems } from './schema-org.ts';

const PUBLIC_URL = 'https://jobs.example.org';

/** The JSON-LD data blocks of a page, parsed. */
function jsonLdBlocks(html: string): unknown[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([^<]*)<\/script>/g)].map((m) => JSON.parse(m[1]!));
}

/** Pay and terms as the vacancy form asks for them (applying through a mentor only: no direct application). */
const TERMS = { weeklyHours: '40', contract: 'permanent', applyViaMentor: 'on' };
const JOB_PAY = { ...TERMS, payKind: 'range', payMin: '2800', payMax: '3200', payUnit: 'month' };
const TRAINING_PAY = { ...TERMS, schoolLevel: 'any', payKind: 'training', trainingPay1: '950', trainingPay2: '1050', trainingPay3: '1150' };

/** Attribute values as a browser reads them (Handlebars escapes = as &#x3D; and & as &amp;). */
function decoded(html: string): string {
  const entities: Record<string, string> = {
    '&#x3D;': '=',
    '&amp;': '&',
    '&quot;': '"',
    '&#x27;': "'",
    '&#x60;': '`',
    '&lt;': '<',
    '&gt;': '>',
  };
  return html.replace(/&#x3D;|&amp;|&quot;|&#x27;|&#x60;|&lt;|&gt;/g, (e) => entities[e]!);
}

const app = useTestApp({ config: { publicUrl: PUBLIC_URL } });
let employer: Awaited<ReturnType<typeof loginAs>>;

beforeAll(async () => {
  const account = await createEmployer(app, { organisation: `Bäckerei & Söhne ${unique()}` });
  employer = await loginAs(app, account.email);
});

async function closeVacancy(id: string) {
  const page = await employer.get(`/employer/vacancies/${id}`);
  const closed = await employer
    .post(`/employer/vacancies/${id}/close`)
    .type('form')
    .send(encodeForm({ _csrf: csrfFrom(page.text) }));
  expect(closed.status).toBe(303);
}

describe('the JSON-LD serializer', () => {
  it('leaves no <, >, & or line separator in the block and parses back to the same value', () => {
    const value = { title: 'Koch </script><script>alert(1)</script> & <!-- x', line: 'a\u2028b\u2029c' };
    const out = jsonForScriptBlock(value);
    expect(out).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(out)).toEqual(value);
  });

  it('cuts a description at a word boundary near 160 characters', () => {
    const text = `${'Wort '.repeat(60)}Ende`;
    const short = shortDescription(text);
    expect(short.length).toBeLessThanOrEqual(160);
    expect(short).toMatch(/Wort…$/);
    expect(shortDescription('  Kurz   und\nklar. ')).toBe('Kurz und klar.');
  });
});

describe('the vocabulary check', () => {
  it('fails a property schema.org does not have, and a value of the wrong type', () => {
    expect(vocabularyProblems({ '@type': 'JobPosting', salary: 1 })).toEqual(['$.salary: not a property of JobPosting']);
    expect(vocabularyProblems({ '@type': 'JobPosting', directApply: 'yes' })).toHaveLength(1);
    expect(vocabularyProblems({ '@type': 'JobPosting', jobLocation: { '@type': 'PostalAddress' } })).toHaveLength(1);
    expect(vocabularyProblems({ '@type': 'JobPosting', datePosted: '6 December' })).toHaveLength(1);
  });
});

describe('a public vacancy page', () => {
  let id: string;
  const title = `Koch </script><script>alert(1)</script> ${unique()}`;

  beforeAll(async () => {
    id = await postVacancy(employer, { ...TRAINING_PAY, title, kind: 'apprenticeship', durationMonths: '36', postcode: '01067' });
  });

  it('carries a JobPosting whose every property has the type schema.org expects', async () => {
    const page = await request(app.server).get(`/vacancies/${id}`);
    expect(page.status).toBe(200);
    // The title's markup did not end the data block or start a script.
    expect(page.text).not.toContain('<script>alert(1)');
    const blocks = jsonLdBlocks(page.text);
    expect(blocks).toHaveLength(1);
    const posting = blocks[0] as Record<string, any>;
    expect(vocabularyProblems(posting)).toEqual([]);
    expect(posting['@context']).toBe('https://schema.org');
    expect(posting['@type']).toBe('JobPosting');
    expect(posting.title).toBe(title);
    expect(posting.description).toContain('Sie arbeiten im Lager.');
    expect(Date.parse(posting.datePosted)).toBeGreaterThan(Date.now() - 60_000);
    expect(posting.validThrough).toMatch(/T23:59:59\+0[12]:00$/);
    expect(posting.employmentType).toEqual(['FULL_TIME', 'OTHER']);
    expect(posting.hiringOrganization.name).toMatch(/^Bäckerei & Söhne /);
    expect(posting.jobLocation.address).toMatchObject({
      '@type': 'PostalAddress',
      addressLocality: 'Dresden',
      postalCode: '01067',
      addressRegion: 'Sachsen',
      addressCountry: 'DE',
    });
    expect(posting.baseSalary).toEqual({
      '@type': 'MonetaryAmount',
      currency: 'EUR',
      value: { '@type': 'QuantitativeValue', minValue: 950, maxValue: 1150, unitText: 'MONTH' },
    });
    expect(posting.directApply).toBe(false);
    expect(posting.educationRequirements).toBe('no requirements');
    expect(posting.experienceRequirements).toBe('no requirements');
    expect(posting.occupationalCategory).toMatchObject({ '@type': 'CategoryCode', codeValue: '51312' });
    expect(posting.identifier).toMatchObject({ '@type': 'PropertyValue', value: id });
    expect(posting.url).toBe(`${PUBLIC_URL}/vacancies/${id}`);
  });

  it('has a canonical URL, hreflang alternates, a description from the summary, Open Graph and a favicon', async () => {
    const page = await request(app.server).get(`/vacancies/${id}?lang=uk`).set('Host', 'evil.example');
    const head = decoded(page.text.slice(0, page.text.indexOf('</head>')));
    const canonical = `${PUBLIC_URL}/vacancies/${id}`;
    // The Ukrainian page is its own canonical page; German sits at the plain address (also x-default).
    expect(head).toContain(`<link rel="canonical" href="${canonical}?lang=uk">`);
    expect(head).toContain(`<link rel="alternate" hreflang="de" href="${canonical}">`);
    for (const lang of ['en', 'uk', 'ru', 'ar', 'fa'])
      expect(head).toContain(`<link rel="alternate" hreflang="${lang}" href="${canonical}?lang=${lang}">`);
    expect(head).toContain(`<link rel="alternate" hreflang="x-default" href="${canonical}">`);
    expect(page.text).not.toContain('evil.example');
    expect(head).toContain('<meta name="description" content="Sie arbeiten im Lager. Sie packen und prüfen Waren.">');
    expect(head).toContain('<meta property="og:type" content="article">');
    expect(head).toContain(`<meta property="og:url" content="${canonical}?lang=uk">`);
    expect(head).toContain('<meta property="og:locale" content="uk_UA">');
    expect(page.text).toMatch(/<meta property="og:title" content="Koch &lt;\/script&gt;/);
    expect(page.text).toMatch(/<link rel="icon" href="\/static\/favicon\.[0-9a-f]{12}\.svg" type="image\/svg\+xml">/);
    const icon = await request(app.server).get('/static/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/);
  });

  it('answers 410 once closed, with a link to similar vacancies and no JSON-LD; the API stays 404', async () => {
    await closeVacancy(id);
    const page = await request(app.server).get(`/vacancies/${id}`);
    expect(page.status).toBe(410);
    expect(page.text).toContain('Diese Stelle ist nicht mehr frei');
    expect(decoded(page.text)).toContain('href="/vacancies?occupation=51312&town=Dresden"');
    expect(jsonLdBlocks(page.text)).toEqual([]);
    expect(page.text).not.toContain('rel="canonical"');
    const similar = await request(app.server).get('/vacancies?occupation=51312&town=Dresden');
    expect(similar.status).toBe(200);
    const api = await request(app.server).get(`/api/v1/vacancies/${id}`);
    expect(api.status).toBe(404);
  });

  it('answers 410 once expired', async () => {
    const expiring = await postVacancy(employer, JOB_PAY);
    await app.db.updateTable('vacancies').set({ expires_at: '2020-01-31' }).where('id', '=', expiring).execute();
    const page = await request(app.server).get(`/vacancies/${expiring}`);
    expect(page.status).toBe(410);
  });

  it("answers 404, not 410, for a pending employer's vacancy and a draft", async () => {
    const pending = await createEmployer(app, { approved: false });
    const pendingId = await postVacancy(await loginAs(app, pending.email), JOB_PAY);
    expect((await request(app.server).get(`/vacancies/${pendingId}`)).status).toBe(404);
    const draft = await postVacancy(employer, JOB_PAY, false);
    expect((await request(app.server).get(`/vacancies/${draft}`)).status).toBe(404);
  });
});

describe('the JobPosting of a vacancy with pay', () => {
  const base: JobPostingSource = {
    id: '00000000-0000-4000-8000-000000000001',
    title: 'Pflegehelfer',
    kind: 'job',
    occupation_code: '81302',
    occupation_title_de: 'Pflegehilfe',
    summary: 'Sie helfen in der Pflege.',
    description: 'Mehr Text.',
    employer_name: 'Heim',
    town: 'Leipzig',
    postcode: '04109',
    place_state: '13',
    working_time: 'either',
    qualification: 'vocational',
    start_date: '2027-02-01',
    duration_months: null,
    published_at: new Date('2026-12-01T10:00:00Z'),
    expires_at: '2027-07-15',
  };

  it('states baseSalary as a MonetaryAmount in euros with min, max and unit, and directApply from the apply fields', () => {
    const posting = toJobPosting(
      { ...base, pay_kind: 'range', pay_min_cents: 1450, pay_max_cents: 1680, pay_unit: 'hour', apply_direct: true },
      PUBLIC_URL,
      '2026-12-06',
    );
    expect(vocabularyProblems(posting)).toEqual([]);
    expect(posting.baseSalary).toEqual({
      '@type': 'MonetaryAmount',
      currency: 'EUR',
      value: { '@type': 'QuantitativeValue', minValue: 14.5, maxValue: 16.8, unitText: 'HOUR' },
    });
    expect(posting.directApply).toBe(true);
    expect(posting.employmentType).toEqual(['FULL_TIME', 'PART_TIME']);
    expect(posting.validThrough).toBe('2027-07-15T23:59:59+02:00');
  });

  it('states training pay per month from the first year to the highest, and no baseSalary without an amount', () => {
    const training = toJobPosting(
      { ...base, kind: 'apprenticeship', pay_kind: 'training', training_pay_cents: [95000, 105000, 115000] },
      PUBLIC_URL,
      '2026-12-06',
    );
    expect(training.baseSalary?.value).toMatchObject({ minValue: 950, maxValue: 1150, unitText: 'MONTH' });
    const agreement = toJobPosting({ ...base, pay_kind: 'agreement' }, PUBLIC_URL, '2026-12-06');
    expect(agreement).not.toHaveProperty('baseSalary');
    expect(vocabularyProblems(agreement)).toEqual([]);
    const openEnded = toJobPosting({ ...base, expires_at: null }, PUBLIC_URL, '2026-12-06');
    expect(openEnded.validThrough).toBe('2027-01-05T23:59:59+01:00');
  });
});

describe('robots.txt', () => {
  it('allows the public pages, disallows staff, share and one-time paths, and names the sitemap at the public URL', async () => {
    const robots = await request(app.server).get('/robots.txt').set('Host', 'evil.example');
    expect(robots.status).toBe(200);
    expect(robots.headers['content-type']).toMatch(/^text\/plain/);
    const lines = robots.text.split('\n');
    expect(lines).toContain('User-agent: *');
    expect(lines).toContain('Allow: /');
    for (const path of [
      '/employer',
      '/mentor',
      '/coordinator',
      '/admin',
      '/account',
      '/s/',
      '/invitations',
      '/dev',
      '/login/two-factor',
      '/password',
    ]) {
      expect(lines).toContain(`Disallow: ${path}`);
    }
    expect(lines).not.toContain('Disallow: /vacancies');
    expect(lines).toContain(`Sitemap: ${PUBLIC_URL}/sitemap.xml`);
  });
});

describe('the sitemap', () => {
  const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!);

  it('lists a just-published vacancy once the index has it, with lastmod, and no draft, closed or pending one', async () => {
    const before = await request(app.server).get('/sitemap.xml');
    expect(before.status).toBe(200);
    expect(before.headers['content-type']).toMatch(/^application\/xml/);
    expect(before.text).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">/,
    );
    for (const path of ['/', '/vacancies', '/mentoring', '/leichte-sprache', '/about', '/imprint', '/privacy', '/accessibility'])
      expect(locs(before.text)).toContain(`${PUBLIC_URL}${path}`);

    const fresh = await postVacancy(employer, JOB_PAY);
    const draft = await postVacancy(employer, JOB_PAY, false);
    const closed = await postVacancy(employer, JOB_PAY);
    await closeVacancy(closed);
    const pending = await createEmployer(app, { approved: false });
    const pendingId = await postVacancy(await loginAs(app, pending.email), JOB_PAY);
    await flushOutbox(app);

    const after = await request(app.server).get('/sitemap.xml');
    const urls = locs(after.text);
    expect(urls).toContain(`${PUBLIC_URL}/vacancies/${fresh}`);
    const row = await app.db.selectFrom('vacancies').select('updated_at').where('id', '=', fresh).executeTakeFirstOrThrow();
    expect(after.text).toContain(
      `<url><loc>${PUBLIC_URL}/vacancies/${fresh}</loc><lastmod>${row.updated_at.toISOString()}</lastmod></url>`,
    );
    for (const hidden of [draft, closed, pendingId]) expect(urls).not.toContain(`${PUBLIC_URL}/vacancies/${hidden}`);
  });

  it('becomes an index of chunks past the chunk size, together listing every public vacancy once', async () => {
    const small = await buildTestApp({ config: { publicUrl: PUBLIC_URL }, sitemapChunkSize: 3 });
    try {
      const root = await request(small.server).get('/sitemap.xml');
      expect(root.text).toContain('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">');
      const files = locs(root.text);
      expect(files[0]).toBe(`${PUBLIC_URL}/sitemap-pages.xml`);
      const listed: string[] = [];
      for (const file of files.slice(1)) {
        const chunk = await request(small.server).get(file.slice(PUBLIC_URL.length));
        expect(chunk.status).toBe(200);
        const urls = locs(chunk.text);
        expect(urls.length).toBeGreaterThan(0);
        expect(urls.length).toBeLessThanOrEqual(3);
        listed.push(...urls);
      }
      const visible = await visibleVacancies(app.db, todayInBerlin()).select('v.id').execute();
      expect(listed.length).toBe(new Set(listed).size);
      expect(new Set(listed)).toEqual(new Set(visible.map((v) => `${PUBLIC_URL}/vacancies/${v.id}`)));
      const pages = await request(small.server).get('/sitemap-pages.xml');
      expect(locs(pages.text)).toContain(`${PUBLIC_URL}/about`);
      expect((await request(small.server).get(`/sitemap-vacancies-${files.length}.xml`)).status).toBe(404);
      expect((await request(small.server).get('/sitemap-vacancies-0.xml')).status).toBe(404);
    } finally {
      await small.close();
    }
  });
});
