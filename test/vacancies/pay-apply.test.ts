import type { Agent } from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, agentFor, csrfFrom, encodeForm, flushOutbox, unique } from '../helpers/app.ts';
import { createEmployer, loginAs, postVacancy, vacancyForm } from '../helpers/factories.ts';
import { todayInBerlin } from '../../server/time/berlin.ts';
import type { VacancyDocument } from '../../search/vacancy-index.ts';

/*
 * Issue 12: what a vacancy pays and how to apply, from the employer's form
 * through PostgreSQL and the index to the public page, the cards and the API;
 * each cross-field rule answered at its field; the "pay at least" filter.
 */

const app = useTestApp();
let agent: Agent;

beforeAll(async () => {
  const employer = await createEmployer(app);
  agent = await loginAs(app, employer.email);
});

const uniqueWord = (prefix: string) => prefix + unique('').replace(/\d/g, (d) => 'bcdfghjklm'[Number(d)]!);

async function post(fields: Record<string, string | string[]>) {
  const form = await agent.get('/employer/vacancies/new');
  return agent
    .post('/employer/vacancies')
    .type('form')
    .send(encodeForm({ _csrf: csrfFrom(form.text), ...vacancyForm(fields), action: 'publish' }));
}

/** The message shown next to a field (its error paragraph), without the hidden "Fehler:" prefix. */
function errorAt(html: string, field: string): string | undefined {
  const match = new RegExp(`<p class="error-message" id="${field}-error"><span class="visually-hidden">[^<]*</span>\\s*([^<]*)</p>`).exec(
    html,
  );
  return match?.[1]
    ?.trim()
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'");
}

/** The page without its scripts (JSON-LD holds ISO dates for machines), Intl's no-break spaces (13,50\u00a0€) as plain ones. */
const visibleText = (html: string) => html.replace(/<script\b[\s\S]*?<\/script>/g, '').replace(/[\u00a0\u202f]/g, ' ');
const germanDate = (iso: string) => iso.split('-').reverse().join('.');
const document = (id: string) => app.searchEngine.admin.index('vacancies').getDocument(id) as Promise<VacancyDocument>;

describe('the rules of pay and applying, each at its field (422, values kept)', () => {
  const cases: [string, Record<string, string | string[]>, string, string][] = [
    ['no kind of pay', { payKind: '' }, 'payKind', 'Wählen Sie, wie Sie die Bezahlung angeben'],
    [
      'a range whose top is below its bottom',
      { payMin: '2800', payMax: '2400' },
      'payMax',
      'Der höchste Betrag darf nicht kleiner sein als der niedrigste',
    ],
    ['a range without its top', { payMax: '' }, 'payMax', 'Geben Sie den höchsten Betrag der Spanne ein'],
    [
      'an amount that is no amount',
      { payKind: 'amount', payMin: '12abc' },
      'payMin',
      'Geben Sie einen Betrag in Euro ein, zum Beispiel 2400 oder 13,50',
    ],
    [
      'an amount without per hour/month/year',
      { payKind: 'amount', payUnit: '' },
      'payUnit',
      'Wählen Sie, ob der Betrag pro Stunde, Monat oder Jahr gilt',
    ],
    [
      'a collective agreement without its pay group',
      { payKind: 'agreement', payAgreement: 'TV-L', payGroup: '' },
      'payGroup',
      'Geben Sie die Entgeltgruppe ein, zum Beispiel E5',
    ],
    [
      'training pay for a job',
      { payKind: 'training' },
      'payKind',
      'Eine Ausbildungsvergütung gibt es nur bei Ausbildungen. Wählen Sie Betrag, Spanne oder Tarifvertrag',
    ],
    [
      'an apprenticeship without the 2nd year’s pay',
      { kind: 'apprenticeship', durationMonths: '24', trainingPay2: '' },
      'trainingPay2',
      'Geben Sie die Ausbildungsvergütung für dieses Ausbildungsjahr ein',
    ],
    [
      'an apprenticeship without the school-leaving level',
      { kind: 'apprenticeship', durationMonths: '36', schoolLevel: '' },
      'schoolLevel',
      'Wählen Sie den verlangten Schulabschluss',
    ],
    ['no way to apply', { applyViaMentor: '' }, 'applyViaMentor', 'Wählen Sie mindestens einen Weg, wie man sich bewirbt'],
    [
      'applying directly without e-mail, phone or address',
      { applyDirect: 'on', contactName: 'Frau Schubert' },
      'contactEmail',
      'Geben Sie eine E-Mail-Adresse, eine Telefonnummer oder eine Adresse für die Online-Bewerbung an',
    ],
    [
      'an application address that is no web address',
      { applyDirect: 'on', applicationUrl: 'javascript:alert(1)' },
      'applicationUrl',
      'Geben Sie eine Internetadresse ein, die mit https:// beginnt',
    ],
    [
      'an e-mail address that is no address',
      { applyDirect: 'on', contactEmail: 'bewerbung at firma' },
      'contactEmail',
      'Geben Sie eine E-Mail-Adresse ein, zum Beispiel bewerbung@firma.de',
    ],
    [
      'a 5,000-character phone number (length before content)',
      { applyDirect: 'on', contactPhone: '1'.repeat(5_000) },
      'contactPhone',
      'Geben Sie eine Telefonnummer aus Ziffern ein, zum Beispiel 0351 123456',
    ],
    ['no weekly hours', { weeklyHours: '' }, 'weeklyHours', 'Geben Sie die Stunden pro Woche ein, zwischen 1 und 60'],
    ['a job without permanent or fixed-term', { contract: '' }, 'contract', 'Wählen Sie, ob der Vertrag unbefristet oder befristet ist'],
  ];
  for (const [what, fields, field, message] of cases) {
    it(what, async () => {
      const title = `Regel ${uniqueWord('Kept')}`;
      const response = await post({ title, ...fields });
      expect(response.status).toBe(422);
      expect(errorAt(response.text, field)).toBe(message);
      expect(response.text).toContain(`<a href="#${field}">${message.replace(/"/g, '&quot;')}</a>`);
      expect(response.text).toContain(`value="${title}"`);
      expect(await app.db.selectFrom('vacancies').select('id').where('title', '=', title).execute()).toEqual([]);
    });
  }

  it('the form never asks about an applicant’s pay, then or now', async () => {
    const page = await agent.get('/employer/vacancies/new');
    const names = [...page.text.matchAll(/\sname="([^"]+)"/g)].map((m) => m[1]!);
    expect(names.filter((n) => /salary|history|previous|current|gehalt|bisher/i.test(n))).toEqual([]);
    // Required fields are explained before the first submit; the apprenticeship-only fields say so.
    expect(page.text).toContain('Alle Angaben sind nötig, außer sie sind als „optional“ gekennzeichnet');
    expect(page.text).toContain('<legend class="legend">Nur für Ausbildungen</legend>');
  });
});

describe('good input: PostgreSQL, the index, the API, the page and the cards', () => {
  let word: string;
  let hourlyId: string;
  let trainingId: string;

  beforeAll(async () => {
    word = uniqueWord('Lohn');
    hourlyId = await postVacancy(agent, {
      title: `Lager ${word}`,
      payKind: 'amount',
      payMin: '15,50',
      payMax: '',
      payUnit: 'hour',
      weeklyHours: '40',
      contract: 'fixedTerm',
      applyDirect: 'on',
      contactName: 'Frau Schubert',
      contactEmail: 'Bewerbung@Example.org',
      contactPhone: '0351 123456',
      applicationUrl: 'https://example.org/jobs/1',
      startDate: '2027-01-15',
      accessibleWorkplace: 'on',
    });
    trainingId = await postVacancy(agent, {
      title: `Ausbildung ${word}`,
      kind: 'apprenticeship',
      durationMonths: '36',
      trainingPay1: '1.000',
      trainingPay2: '1080',
      trainingPay3: '1160,50',
      trainingPay4: '9999',
      schoolLevel: 'lower_secondary',
      schoolTown: 'Pirna',
      entryQualification: 'on',
      keepOn: 'on',
      startAsap: 'on',
      startDate: '',
    });
    await flushOutbox(app);
  });

  it('stores pay in cents, the apply routes and the facts; the 4th year’s pay of a 3-year apprenticeship is not kept', async () => {
    const rows = await app.db.selectFrom('vacancies').selectAll().where('id', 'in', [hourlyId, trainingId]).execute();
    const hourly = rows.find((r) => r.id === hourlyId)!;
    expect(hourly).toMatchObject({
      pay_kind: 'amount',
      pay_min_cents: 1550,
      pay_max_cents: null,
      pay_unit: 'hour',
      weekly_hours: 40,
      permanent: false,
      accessible_workplace: true,
      apply_via_mentor: true,
      apply_direct: true,
      contact_name: 'Frau Schubert',
      contact_email: 'bewerbung@example.org',
      contact_phone: '0351 123456',
      application_url: 'https://example.org/jobs/1',
      start_asap: false,
    });
    expect(rows.find((r) => r.id === trainingId)).toMatchObject({
      pay_kind: 'training',
      training_pay_cents: [100_000, 108_000, 116_050],
      school_level: 'lower_secondary',
      school_town: 'Pirna',
      entry_qualification: true,
      keep_on: true,
      start_asap: true,
      permanent: false,
    });
  });

  it('indexes payMonthlyMin: hourly × 4.33 × weekly hours; training: the first year', async () => {
    expect((await document(hourlyId)).payMonthlyMin).toBe(Math.floor(15.5 * 4.33 * 40)); // 2684
    expect((await document(trainingId)).payMonthlyMin).toBe(1000);
  });

  it('the API gives pay, how to apply and the facts', async () => {
    const response = await agent.get(`/api/v1/vacancies/${hourlyId}`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      pay: { kind: 'amount', min: 15.5, max: null, unit: 'hour', currency: 'EUR', agreement: null, trainingPay: [], monthlyMin: 2684 },
      apply: {
        viaMentor: true,
        direct: { contactName: 'Frau Schubert', email: 'bewerbung@example.org', phone: '0351 123456', url: 'https://example.org/jobs/1' },
      },
      weeklyHours: 40,
      contract: 'fixedTerm',
      startAsap: false,
      accessibleWorkplace: true,
      apprenticeship: null,
    });
    const training = (await agent.get(`/api/v1/vacancies/${trainingId}`)).body;
    expect(training.pay).toMatchObject({ kind: 'training', trainingPay: [1000, 1080, 1160.5], monthlyMin: 1000 });
    expect(training.apprenticeship).toEqual({
      schoolTown: 'Pirna',
      schoolLevel: 'lower_secondary',
      entryQualification: true,
      keepOn: true,
    });
    const hits = (await agent.get('/api/v1/vacancies').query({ q: word })).body.hits;
    expect(hits.find((h: { id: string }) => h.id === hourlyId).pay).toMatchObject({ unit: 'hour', min: 15.5, monthlyMin: 2684 });
  });

  it('the page shows pay and how to apply before the description, and German dates', async () => {
    const page = await agent.get(`/vacancies/${hourlyId}`);
    const html = visibleText(page.text);
    expect(html).toContain('<span id="pay">15,50 € pro Stunde</span>');
    const apply = html.indexOf('id="apply"');
    expect(apply).toBeGreaterThan(html.indexOf('<h1'));
    expect(apply).toBeLessThan(html.indexOf('id="summary-heading"'));
    expect(apply).toBeLessThan(html.indexOf('id="description-heading"'));
    expect(html).toContain('<a class="button" href="/mentoring?town&#x3D;Dresden">Mentoring in Dresden finden</a>');
    expect(html).toContain('<a href="https://example.org/jobs/1" rel="nofollow noopener">Online bewerben</a>');
    expect(html).toContain('href="mailto:bewerbung@example.org"');
    expect(html).toContain('<dd>15.01.2027</dd>');
    expect(html).toContain(`<dt>Veröffentlicht am</dt><dd>${germanDate(todayInBerlin())}</dd>`);
    expect(html).toContain('<dd>40 Stunden</dd>');
    expect(html).toContain('<dd>Befristet</dd>');
    expect(html).not.toMatch(/>\s*\d{4}-\d{2}-\d{2}/); // no ISO date as text
    const training = visibleText((await agent.get(`/vacancies/${trainingId}`)).text);
    expect(training).toContain('1. Jahr: 1.000 € im Monat · 2. Jahr: 1.080 € im Monat · 3. Jahr: 1.160,50 € im Monat');
    expect(training).toContain('<dd>So bald wie möglich</dd>');
    expect(training).toContain('Hauptschulabschluss<br><span class="hint">Ausländische Abschlüsse zählen nach der Anerkennung.</span>');
  });

  it('the page speaks English pay in English', async () => {
    // Another browser: ?lang= is remembered in a cookie, and this test file's pages are German.
    const page = await agentFor(app).get(`/vacancies/${hourlyId}?lang=en`);
    expect(visibleText(page.text)).toContain('<span id="pay">€15.50 per hour</span>');
  });

  it('a result card shows the pay', async () => {
    const page = await agent.get('/vacancies').query({ q: word });
    expect(visibleText(page.text)).toContain('<p class="card__pay"><strong>Bezahlung:</strong> 15,50 € pro Stunde</p>');
  });

  it('a vacancy saved before pay was asked says to ask the mentor', async () => {
    const id = await postVacancy(agent, { title: `Alt ${word}` });
    await app.db
      .updateTable('vacancies')
      .set({ pay_kind: null, pay_min_cents: null, pay_max_cents: null, pay_unit: null })
      .where('id', '=', id)
      .execute();
    const page = await agent.get(`/vacancies/${id}`);
    expect(page.text).toContain('<span id="pay">Fragen Sie Ihre Mentorin oder Ihren Mentor</span>');
    expect((await agent.get(`/api/v1/vacancies/${id}`)).body.pay).toBeNull();
  });
});

describe('"pay at least (€ per month)"', () => {
  let word: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    word = uniqueWord('Mindest');
    ids.low = await postVacancy(agent, { title: `Lager ${word} niedrig`, payKind: 'amount', payMin: '2000', payMax: '', payUnit: 'month' });
    ids.high = await postVacancy(agent, {
      title: `Lager ${word} hoch`,
      payKind: 'range',
      payMin: '3000',
      payMax: '3400',
      payUnit: 'month',
    });
    ids.hourly = await postVacancy(agent, {
      title: `Lager ${word} stunde`,
      payKind: 'amount',
      payMin: '16',
      payMax: '',
      payUnit: 'hour',
      weeklyHours: '40',
    }); // 2771
    ids.yearly = await postVacancy(agent, { title: `Lager ${word} jahr`, payKind: 'amount', payMin: '30000', payMax: '', payUnit: 'year' }); // 2500
    ids.agreement = await postVacancy(agent, {
      title: `Lager ${word} tarif`,
      payKind: 'agreement',
      payAgreement: 'TV-L',
      payGroup: 'E5',
      payMin: '',
      payMax: '',
    });
    await flushOutbox(app);
  });

  const found = async (min: string) =>
    ((await agent.get('/api/v1/vacancies').query({ q: word, minPayMonthly: min, perPage: '100' })).body.hits as { id: string }[])
      .map((h) => h.id)
      .sort();
  const expected = (...names: string[]) => names.map((n) => ids[n]!).sort();

  it('filters by the monthly minimum (hourly at 4.33 weeks, yearly / 12; an agreement without amount drops out)', async () => {
    expect(await found('2500')).toEqual(expected('high', 'hourly', 'yearly'));
    expect(await found('2772')).toEqual(expected('high'));
    expect((await agent.get('/api/v1/vacancies').query({ q: word, perPage: '100' })).body.total).toBe(5);
  });

  it('PostgreSQL answers the same when Meilisearch is down', async () => {
    const { hits } = await app.searchEngine.fallback.search({
      q: word,
      minPayMonthly: 2500,
      page: 1,
      perPage: 100,
      today: todayInBerlin(),
    });
    expect(hits.map((h) => h.id).sort()).toEqual(expected('high', 'hourly', 'yearly'));
  });

  it('the search page has the field, and a bad value is named at it', async () => {
    const page = await agent.get('/vacancies').query({ q: word, minPayMonthly: '2772' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<label class="label" for="minPayMonthly">Bezahlung mindestens (€ im Monat)</label>');
    expect(page.text).toContain(`/vacancies/${ids.high}`);
    expect(page.text).not.toContain(`/vacancies/${ids.low}`);
    const bad = await agent.get('/vacancies').query({ q: word, minPayMonthly: 'viel' });
    expect(bad.status).toBe(422);
    expect(errorAt(bad.text, 'minPayMonthly')).toBe('Geben Sie einen Betrag in Euro als ganze Zahl ein, zum Beispiel 2000');
    expect((await agent.get('/api/v1/vacancies').query({ minPayMonthly: '-5' })).status).toBe(400);
  });
});
