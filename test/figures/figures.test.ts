import type { FastifyInstance } from 'fastify';
import type { Agent } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/accounts/passwords.ts';
import { insertAccount } from '../../server/accounts/queries.ts';
import { computeFigures } from '../../server/figures/queries.ts';
import { todayInBerlin } from '../../server/time/berlin.ts';
import { useTestApp, agentFor, unique } from '../helpers/app.ts';
import { loginAs, PASSWORD } from '../helpers/factories.ts';
import { employerOf, mentorOf } from '../matching/support.ts';
import { createFigureFixture, type FigureFixture } from './fixture.ts';

/** April to September 2025 as the URL asks for it, and the days computeFigures counts between. */
const PERIOD = { from: '2025-04', to: '2025-09' };
const DAYS = { from: '2025-04-01', to: '2025-09-30' };
const query = (over: Record<string, string | number> = {}) =>
  new URLSearchParams(Object.entries({ ...PERIOD, ...over }).map(([k, v]): [string, string] => [k, String(v)])).toString();
/** An attribute's text as the browser reads it (Handlebars writes = and & as entities). */
const unescapeAttribute = (text: string) => text.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');

/** An account of the programme office (or an admin), logged in. */
async function officeAccount(app: FastifyInstance, role: 'coordinator' | 'admin'): Promise<Agent> {
  const email = `${unique(role)}@example.org`;
  await insertAccount(app.db, { email, passwordHash: await hashPassword(PASSWORD), role, employerId: null, projectId: null });
  return loginAs(app, email);
}

describe('the programme figures', () => {
  const app = useTestApp();
  let fixture: FigureFixture;
  let coordinator: Agent;

  beforeAll(async () => {
    fixture = await createFigureFixture(app);
    coordinator = await officeAccount(app, 'coordinator');
  });

  afterAll(async () => {
    await fixture?.cleanUp();
  });

  it('counts the fixture as worked out by hand', async () => {
    const raw = await computeFigures(app.db, { ...DAYS, projectId: fixture.projectId });
    expect(raw).toEqual({
      // Mentees: A (open), C (closed 1 April Berlin = `from`), D (created 30 September Berlin = `to`), F (closed 15 August),
      // G, H, and the erased X1 (accompanied to 1 April) and X3 (from 30 September) → 8.
      // Out: B (closed 31 March Berlin, 21:30Z), E (created 1 October Berlin, 22:30Z on 30 September UTC), X2 (to 31 March).
      menteesAccompanied: 8,
      women: 5, // A, C, H, X1, X3
      withoutQualification: 3, // A, D, X1
      // E1 (twice: on `from` and in June), E2 (30 September Berlin), E6, E7, E8 → 5.
      // Out: E3 (1 October Berlin), E4 (31 March Berlin), E5 (project Y).
      employersAdvised: 5,
      // Starting in the period: jobs P1 (on `from`), P2 (on `to`), P6, P7, P9; apprenticeships P4, P5.
      // Out: P3 (1 October, a day after `to`), P8 (31 March), S1–S7 (before April).
      jobs: 5,
      jobsSociallyInsured: 5, // all five
      jobsQualificationAdequate: 2, // P1, P6
      apprenticeships: 2,
      apprenticeshipsSociallyInsured: 1, // P4
      apprenticeshipsQualificationAdequate: 1, // P4
      // Sixth month ends in the period: S1 (1 April), S2 and S3 (15 May), P8 (31 March + 6 months = 30 September),
      // S5 (30 June), S6 (10 July), S7 (28 August) → 7. Out: S4 (30 March).
      sixMonthsDue: 7,
      // Of these sustained: S1, S3 (ended on the day itself), P8, S5, S7 → 5. S2 ended the day before, S6 in February.
      sustained: 5,
      // F1 (1 April), F2 (30 September), F5 (15 June), F6 (20 August), F7 (30 September) → 5.
      // Out: F3 (1 October), F4 (31 March), F8 (project Y), P3's contact (2 October).
      followUpContacts: 5,
      // Days from the first introduction: P1 31, P2 20, P4 31, P5 60, P7 10, P9 10 (P6 has none) → 10 10 20 31 31 60.
      medianBase: 6,
      medianDaysToPlacement: 25.5, // (20 + 31) / 2
    });
  });

  it('counts a placement starting on `to` and not one starting a day later; a profile created on `to` likewise', async () => {
    const dayBefore = await computeFigures(app.db, { from: DAYS.from, to: '2025-09-29', projectId: fixture.projectId });
    const dayAfter = await computeFigures(app.db, { from: DAYS.from, to: '2025-10-01', projectId: fixture.projectId });
    expect(dayBefore.jobs).toBe(4); // without P2, which starts on 30 September
    expect(dayAfter.jobs).toBe(6); // with P3, which starts on 1 October
    expect(dayBefore.menteesAccompanied).toBe(6); // without D (created 30 September) and X3 (accompanied from 30 September)
    expect(dayAfter.menteesAccompanied).toBe(9); // with E
    const fromLater = await computeFigures(app.db, { from: '2025-04-02', to: DAYS.to, projectId: fixture.projectId });
    expect(fromLater.jobs).toBe(4); // without P1, which starts on 1 April
    expect(fromLater.menteesAccompanied).toBe(6); // without C (closed 1 April) and X1 (accompanied to 1 April)
  });

  it('answers JSON with every count rounded down to a multiple of 5 and 0–4 as "< 5", never a raw count', async () => {
    const response = await coordinator
      .get(`/coordinator/figures?${query({ project: fixture.projectId })}`)
      .set('Accept', 'application/json');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      period: { ...PERIOD, firstDay: '2025-04-01', lastDay: '2025-09-30' },
      project: { id: fixture.projectId, name: expect.stringContaining('Kennzahlen-Test x') },
      figures: {
        menteesAccompanied: 5, // 8
        women: 5, // 5
        womenShare: null, // a base under 20
        withoutQualification: '< 5', // 3
        withoutQualificationShare: null,
        employersAdvised: 5, // 5
        placements: {
          job: { count: 5, sociallyInsured: 5, qualificationAdequate: '< 5' }, // 5, 5, 2
          apprenticeship: { count: '< 5', sociallyInsured: '< 5', qualificationAdequate: '< 5' }, // 2, 1, 1
          total: { count: 5, sociallyInsured: 5, qualificationAdequate: '< 5' }, // 7, 6, 3
        },
        sixMonthsDue: 5, // 7
        sustained: 5, // 5
        sustainedShare: null, // a base under 20
        followUpContacts: 5, // 5
        medianDaysToPlacement: null, // over 6 placements, fewer than 10
      },
      csv: `/coordinator/figures.csv?${query({ project: fixture.projectId })}`,
    });
  });

  it('shows 0 as "< 5" like 1 to 4, so a small cell never says whether anyone is there', async () => {
    // Project Y: four men with a recognised qualification; one introduction, one placement, one contact.
    const response = await coordinator
      .get(`/coordinator/figures?${query({ project: fixture.otherProjectId })}`)
      .set('Accept', 'application/json');
    expect(response.status).toBe(200);
    expect(response.body.figures).toMatchObject({
      menteesAccompanied: '< 5',
      women: '< 5', // 0
      womenShare: null,
      withoutQualification: '< 5', // 0
      employersAdvised: '< 5',
      placements: { job: { count: '< 5' }, apprenticeship: { count: '< 5', sociallyInsured: '< 5', qualificationAdequate: '< 5' } },
      sixMonthsDue: '< 5', // 0
      sustained: '< 5',
      followUpContacts: '< 5',
      medianDaysToPlacement: null, // over one placement
    });
    const empty = await coordinator
      .get(`/coordinator/figures?${query({ from: '2020-01', to: '2020-12', project: fixture.projectId })}`)
      .set('Accept', 'application/json');
    expect(empty.body.figures.menteesAccompanied).toBe('< 5');
    expect(empty.body.figures.medianDaysToPlacement).toBeNull();
  });

  it('defaults to this year and all projects; all projects hold at least the fixture', async () => {
    const year = todayInBerlin().slice(0, 4);
    const response = await coordinator.get('/coordinator/figures').set('Accept', 'application/json');
    expect(response.status).toBe(200);
    expect(response.body.period).toEqual({ from: `${year}-01`, to: `${year}-12`, firstDay: `${year}-01-01`, lastDay: `${year}-12-31` });
    expect(response.body.project).toEqual({ id: 'all', name: 'Alle Projekte' });
    const all = await coordinator.get(`/coordinator/figures?${query({ project: 'all' })}`).set('Accept', 'application/json');
    expect(all.body.figures.menteesAccompanied).toBeGreaterThanOrEqual(10); // X's 8 and Y's 4, rounded down
  });

  it('renders the page with charts beside their tables, the numbers visible, and no mentee code or employer', async () => {
    const response = await coordinator.get(`/coordinator/figures?${query({ project: fixture.projectId })}`);
    expect(response.status).toBe(200);
    const html = response.text;
    const charts = html.match(/<svg[^>]*role="img"[^>]*>/g) ?? [];
    expect(charts).toHaveLength(2);
    expect(html).toContain('<title id="chart-mentees-title">');
    expect(html).toContain('<title id="chart-placements-title">');
    expect(html.match(/<caption[ >]/g)?.length).toBe(3);
    expect(html).toContain('Kennzahlen-Test x');
    expect(html).toContain(': April 2025 bis September 2025</h2>');
    expect(html).toContain('<th scope="row">Begleitete Mentees</th><td data-figure="menteesAccompanied">5</td>');
    expect(html).toContain('<td data-figure="womenShare">–</td>');
    expect(html).toContain('<td data-figure="withoutQualification">&lt; 5</td>');
    expect(html).toContain('<td data-figure="medianDaysToPlacement">–</td>');
    expect(html).toContain(
      '<th scope="row">Arbeit</th><td data-label="Vermittlungen" data-figure="job.count">5</td><td data-label="sozialversicherungspflichtig" data-figure="job.sociallyInsured">5</td><td data-label="qualifikationsgerecht" data-figure="job.qualificationAdequate">&lt; 5</td>',
    );
    expect(html).toContain('<th scope="row">Ausbildung</th><td data-label="Vermittlungen" data-figure="apprenticeship.count">&lt; 5</td>');
    expect(html).toContain('type="month" value="2025-04"');
    expect(html).toContain('type="month" value="2025-09"');
    expect(html.match(/<div class="figures-table" role="region" tabindex="0" aria-labelledby="[a-z-]+-caption">/g)).toHaveLength(3);
    expect(unescapeAttribute(/href="(\/coordinator\/figures\.csv[^"]*)"/.exec(html)?.[1] ?? '')).toBe(
      `/coordinator/figures.csv?${query({ project: fixture.projectId })}`,
    );
    expect(html).toContain(`<option value="${fixture.projectId}" selected>`);
    for (const code of fixture.menteeCodes) expect(html).not.toContain(code);
    for (const name of fixture.employerNames) expect(html).not.toContain(name);
    expect(html).not.toMatch(/MT-[A-Z0-9]{5}/);
    expect(html).not.toContain('style=');
  });

  it('exports CSV for German Excel', async () => {
    const response = await coordinator
      .get(`/coordinator/figures.csv?${query({ project: fixture.projectId })}`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(`attachment; filename="kennzahlen-2025-04-2025-09-${fixture.projectId}.csv"`);
    const bytes = response.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('Zeitraum;2025-04-01 bis 2025-09-30');
    expect(lines[1]).toMatch(/^Projekt;Kennzahlen-Test x /);
    expect(lines).toContain('Kennzahl;Wert');
    expect(lines).toContain('Begleitete Mentees;5');
    expect(lines).toContain('Anteil Frauen (%);–');
    expect(lines).toContain('davon ohne Berufsabschluss;< 5');
    expect(lines).toContain('Vermittlungen in Arbeit;5');
    expect(lines).toContain('Vermittlungen in Ausbildung;< 5');
    expect(lines).toContain('Vermittlungen gesamt;5');
    expect(lines).toContain('davon nach 6 Monaten nachhaltig;5');
    expect(lines).toContain('Anteil nachhaltig nach 6 Monaten (%);–');
    expect(lines).toContain('Kontakte in der Nachbetreuung;5');
    expect(lines).toContain('Median Tage von der ersten Vorstellung bis zum Beginn;–');
    expect(lines[2]).toMatch(/^Hinweis;Zum Schutz der Mentees sind alle Zahlen auf ein Vielfaches von 5 abgerundet/);
    const figureLines = lines.slice(lines.indexOf('Kennzahl;Wert') + 1).filter(Boolean);
    expect(figureLines).toHaveLength(20);
    for (const line of figureLines) expect(line.split(';')).toHaveLength(2);
    const text = bytes.toString('utf8');
    for (const code of fixture.menteeCodes) expect(text).not.toContain(code);
    for (const name of fixture.employerNames) expect(text).not.toContain(name);
  });

  it('answers bad months with 422, a message at each field and the values kept', async () => {
    const page = await coordinator.get('/coordinator/figures?from=2025-13&to=morgen&project=all');
    expect(page.status).toBe(422);
    expect(page.text).toContain('<title>Fehler:');
    expect(page.text).toContain('Es gibt ein Problem');
    expect(page.text).toContain('<a href="#from">Geben Sie den ersten Monat als Jahr und Monat ein, zum Beispiel 2026-01</a>');
    expect(page.text).toContain('<a href="#to">Geben Sie den letzten Monat als Jahr und Monat ein, zum Beispiel 2026-12</a>');
    // A month field would empty a value that is no month: these stay in text fields, as typed.
    expect(page.text).toContain('type="text" value="2025-13"');
    expect(page.text).toContain('type="text" value="morgen"');
    expect(page.text).not.toContain('<svg');

    const order = await coordinator.get(`/coordinator/figures?from=2025-09&to=2025-04&project=${fixture.projectId}`);
    expect(order.status).toBe(422);
    expect(order.text).toContain('Der letzte Monat muss derselbe wie der erste sein oder danach liegen');
    expect(order.text).toContain('type="month" value="2025-09"');
    expect(order.text).toContain(`<option value="${fixture.projectId}" selected>`);

    const json = await coordinator.get('/coordinator/figures?from=&to=2025-01&project=999999999').set('Accept', 'application/json');
    expect(json.status).toBe(422);
    expect(json.body.error.code).toBe('validation');
    expect(json.body.error.fields).toEqual({
      from: 'Geben Sie den ersten Monat des Zeitraums ein',
      project: 'Wählen Sie ein Projekt aus der Liste oder „Alle Projekte“',
    });

    const english = await coordinator.get('/coordinator/figures?from=2025-13&lang=en');
    expect(english.status).toBe(422);
    expect(english.text).toContain('Enter the first month as year and month, for example 2026-01');

    const csv = await coordinator.get('/coordinator/figures.csv?from=2025-02-30');
    expect(csv.status).toBe(422);
  });

  it('answers a CSV link with a bad period as the page does: the form to correct it (422), or the field messages as JSON', async () => {
    const query = `from=2025-13&to=2025-06&project=${fixture.projectId}&lang=de`;
    const csv = await coordinator.get(`/coordinator/figures.csv?${query}`);
    expect(csv.status).toBe(422);
    expect(csv.headers['content-disposition']).toBeUndefined();
    expect(csv.text).toContain('<a href="#from">Geben Sie den ersten Monat als Jahr und Monat ein, zum Beispiel 2026-01</a>');
    expect(csv.text).toContain('type="text" value="2025-13"');
    const json = (path: string) => coordinator.get(`/coordinator/${path}?${query}`).set('Accept', 'application/json');
    const [pageJson, csvJson] = await Promise.all([json('figures'), json('figures.csv')]);
    expect(csvJson.status).toBe(422);
    expect(csvJson.body).toEqual(pageJson.body);
    expect(Object.keys(csvJson.body.error.fields)).toEqual(['from']);
  });

  it('refuses periods of single days, which let two answers be subtracted down to one person (audit finding 4)', async () => {
    // The audit's pair: 1 April – 30 September and 2 April – 30 September differed by that day's one mentee.
    const oneDayLess = `from=2025-04-02&to=2025-09-30&project=${fixture.projectId}&lang=de`;
    const page = await coordinator.get(`/coordinator/figures?${oneDayLess}`);
    expect(page.status).toBe(422);
    expect(page.text).toContain(
      '<a href="#from">Kennzahlen gibt es nur für ganze Monate. Geben Sie den ersten Monat ohne Tag ein, zum Beispiel 2026-01</a>',
    );
    expect(page.text).toContain('type="text" value="2025-04-02"');
    const json = await coordinator.get(`/coordinator/figures?${oneDayLess}`).set('Accept', 'application/json');
    expect(json.status).toBe(422);
    expect(json.body.error.fields).toEqual({
      from: 'Kennzahlen gibt es nur für ganze Monate. Geben Sie den ersten Monat ohne Tag ein, zum Beispiel 2026-01',
    });
    expect((await coordinator.get(`/coordinator/figures.csv?from=2025-04-01&to=2025-09-29&project=${fixture.projectId}`)).status).toBe(422);
    expect(JSON.stringify(json.body)).not.toContain('figures');
  });

  it('reads months as Germans type them, and old links whose days are the edges of months', async () => {
    for (const period of ['from=04.2025&to=9/2025', 'from=2025-04-01&to=2025-09-30', 'from=1.4.2025&to=30.09.2025']) {
      const response = await coordinator
        .get(`/coordinator/figures?${period}&project=${fixture.projectId}`)
        .set('Accept', 'application/json');
      expect(response.status, period).toBe(200);
      expect(response.body.period).toEqual({ ...PERIOD, firstDay: '2025-04-01', lastDay: '2025-09-30' });
      expect(response.body.figures.menteesAccompanied).toBe(5);
    }
  });

  it('is for the programme office and admins only', async () => {
    const anonymous = await agentFor(app).get('/coordinator/figures');
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.location).toBe('/login?next=%2Fcoordinator%2Ffigures');
    expect((await agentFor(app).get('/coordinator/figures.csv').set('Accept', 'application/json')).status).toBe(401);

    const [project] = (await app.db.selectFrom('projects').select('id').orderBy('id').limit(1).execute()).map((p) => p.id);
    const mentor = await mentorOf(app, project!);
    const employer = await employerOf(app);
    for (const agent of [mentor.agent, employer.agent]) {
      expect((await agent.get('/coordinator/figures')).status).toBe(403);
      expect((await agent.get('/coordinator/figures.csv')).status).toBe(403);
      expect((await agent.get('/coordinator/figures').set('Accept', 'application/json')).body.error.code).toBe('forbidden');
    }

    const admin = await officeAccount(app, 'admin');
    expect((await admin.get(`/coordinator/figures?${query({ project: fixture.projectId })}`)).status).toBe(200);
  });
});
