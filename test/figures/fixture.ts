import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { findPlace } from '../../server/places/queries.ts';
import { unique } from '../helpers/app.ts';

type Gender = 'f' | 'm' | 'd' | 'unspecified';
type Qualification = 'none' | 'foreign_unrecognised' | 'recognition_pending' | 'recognised';

/** What the figures tests need to know about the rows they made. */
export interface FigureFixture {
  projectId: number;
  otherProjectId: number;
  menteeCodes: string[];
  employerNames: string[];
  cleanUp(): Promise<void>;
}

const code = () => `MT-${randomBytes(4).toString('hex').toUpperCase().slice(0, 5)}`;

/**
 * Two projects of their own (so no other test's rows can change their figures), filled with rows
 * written directly, each chosen to sit on or just past an edge of the period 2025-04-01 – 2025-09-30.
 * The expected numbers, worked out by hand, are in test/figures/figures.test.ts.
 * Timestamps are UTC; Berlin is UTC+2 in summer, so 21:30Z is 23:30 the same day and 22:30Z is 00:30 the next.
 */
export async function createFigureFixture(app: FastifyInstance): Promise<FigureFixture> {
  const db = app.db;
  const place = (await findPlace(db, 'Dresden'))!;
  const newProject = async (label: string) => {
    const slug = unique(`fig-${label}-`);
    return (await db.insertInto('projects').values({ slug, name: `Kennzahlen-Test ${label} ${slug}`, carrier: 'Testträger', districts: [], towns: [] }).returning('id').executeTakeFirstOrThrow()).id;
  };
  const projectId = await newProject('x');
  const otherProjectId = await newProject('y');
  const menteeCodes: string[] = [];
  const employerIds: string[] = [];
  const employerNames: string[] = [];

  const mentee = async (project: number, created: string, gender: Gender, qualification: Qualification, closed: string | null = null) => {
    const row = { id: randomUUID(), code: code() };
    menteeCodes.push(row.code);
    await db
      .insertInto('mentees')
      .values({
        ...row, project_id: project, mentor_id: null, status: closed ? 'closed' : 'active', gender, age_band: '25to34', german_level: 'B1',
        other_languages: [], schooling: 'secondary', qualification, academic: false, experience: '[]', desired_occupations: ['51312'],
        desired_kinds: ['job'], home_place_id: place.id, home_town: place.name, lat: place.lat, lng: place.lng, travel_km: 25,
        working_time: 'full', driving_licence: false, work_permit: 'yes', consent: true, consent_at: created, created_at: created,
        updated_at: created, closed_at: closed,
      })
      .execute();
    return row.id;
  };

  // Mentees of project X.
  const a = await mentee(projectId, '2025-02-10T10:00:00Z', 'f', 'none'); // A: open → in
  await mentee(projectId, '2025-01-15T10:00:00Z', 'f', 'none', '2025-03-31T21:30:00Z'); // B: closed 31 March (Berlin) → out
  await mentee(projectId, '2024-11-02T10:00:00Z', 'f', 'recognised', '2025-03-31T22:30:00Z'); // C: closed 1 April (Berlin) → in
  await mentee(projectId, '2025-09-30T21:30:00Z', 'm', 'none'); // D: created 30 September (Berlin) → in
  await mentee(projectId, '2025-09-30T22:30:00Z', 'f', 'none'); // E: created 1 October (Berlin) → out
  await mentee(projectId, '2025-06-01T10:00:00Z', 'm', 'foreign_unrecognised', '2025-08-15T10:00:00Z'); // F: in
  const g = await mentee(projectId, '2025-05-01T10:00:00Z', 'd', 'recognised'); // G: in
  await mentee(projectId, '2025-07-01T10:00:00Z', 'f', 'recognition_pending'); // H: in
  // Mentees of project Y: four men with a recognised qualification.
  const y = await mentee(otherProjectId, '2025-01-01T10:00:00Z', 'm', 'recognised');
  for (let i = 0; i < 3; i += 1) await mentee(otherProjectId, '2025-01-01T10:00:00Z', 'm', 'recognised');

  await db
    .insertInto('erased_mentees')
    .values([
      { project_id: projectId, gender: 'f', qualification: 'none', accompanied_from: '2024-01-01', accompanied_to: '2025-04-01', reason: 'retention' }, // X1: in
      { project_id: projectId, gender: 'f', qualification: 'none', accompanied_from: '2024-01-01', accompanied_to: '2025-03-31', reason: 'retention' }, // X2: out
      { project_id: projectId, gender: 'f', qualification: 'recognised', accompanied_from: '2025-09-30', accompanied_to: '2026-01-10', reason: 'request' }, // X3: in
    ])
    .execute();

  // Employers E1 … E9, each with one vacancy.
  const vacancyOf = new Map<string, string>();
  for (let i = 1; i <= 9; i += 1) {
    const name = `Betrieb ${unique('fig')}`;
    const employer = await db.insertInto('employers').values({ name, town: place.name, place_id: place.id, status: 'approved' }).returning('id').executeTakeFirstOrThrow();
    const vacancy = await db
      .insertInto('vacancies')
      .values({
        employer_id: employer.id, kind: 'job', occupation_code: '51312', title: 'Lagerhelfer (m/w/d)', description: 'Lager.', summary: 'Lager.',
        place_id: place.id, town: place.name, postcode: place.postcode ?? '', lat: place.lat, lng: place.lng, working_time: 'full',
        part_time_training: false, start_date: null, duration_months: null, german_level: 'A2', qualification: 'none', driving_licence: false,
        shift_work: false, support: [], status: 'closed', expires_at: null, published_at: null, closed_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    employerIds.push(employer.id);
    employerNames.push(name);
    vacancyOf.set(employer.id, vacancy.id);
  }
  const [e1, e2, e3, e4, e5, e6, e7, e8, e9] = employerIds as [string, string, string, string, string, string, string, string, string];

  const introduce = (project: number, menteeId: string, employerId: string, created: string) =>
    db.insertInto('introductions').values({ mentee_id: menteeId, vacancy_id: vacancyOf.get(employerId)!, employer_id: employerId, project_id: project, created_at: created }).execute();
  await introduce(projectId, a, e1, '2025-04-01T08:00:00Z'); // E1 on `from` → in
  await introduce(projectId, g, e1, '2025-06-10T08:00:00Z'); // E1 again → still one employer
  await introduce(projectId, a, e2, '2025-09-30T21:30:00Z'); // E2, 30 September (Berlin) → in
  await introduce(projectId, a, e3, '2025-09-30T22:30:00Z'); // E3, 1 October (Berlin) → out
  await introduce(projectId, a, e4, '2025-03-31T21:30:00Z'); // E4, 31 March (Berlin) → out
  await introduce(otherProjectId, y, e5, '2025-05-05T08:00:00Z'); // E5, project Y → out of X
  await introduce(projectId, a, e6, '2025-05-01T08:00:00Z'); // E6 → in
  await introduce(projectId, a, e7, '2025-07-01T08:00:00Z'); // E7 → in
  await introduce(projectId, a, e8, '2025-08-01T08:00:00Z'); // E8 → in

  const placement = async (
    project: number,
    kind: 'job' | 'apprenticeship',
    start: string,
    insured: boolean,
    adequate: boolean,
    firstIntroduced: string | null,
    endedOn: string | null = null,
  ) =>
    (
      await db
        .insertInto('placements')
        .values({
          project_id: project, employer_id: e9, kind, start_date: start, first_introduced_on: firstIntroduced, socially_insured: insured,
          qualification_adequate: adequate, ended_on: endedOn, end_reason: endedOn ? 'dropped_out' : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  // Placements starting in the period (and just outside it).
  const p1 = await placement(projectId, 'job', '2025-04-01', true, true, '2025-03-01'); // on `from`, 31 days
  const p2 = await placement(projectId, 'job', '2025-09-30', true, false, '2025-09-10'); // on `to`, 20 days
  const p3 = await placement(projectId, 'job', '2025-10-01', true, true, '2025-09-01'); // a day after `to` → out
  const p4 = await placement(projectId, 'apprenticeship', '2025-08-01', true, true, '2025-07-01'); // 31 days
  await placement(projectId, 'apprenticeship', '2025-08-01', false, false, '2025-06-02'); // P5: 60 days
  await placement(projectId, 'job', '2025-05-15', true, true, null); // P6: no first introduction
  await placement(projectId, 'job', '2025-06-01', true, false, '2025-05-22'); // P7: 10 days
  await placement(projectId, 'job', '2025-07-10', true, false, '2025-06-30'); // P9: 10 days
  // Placements whose sixth month ends around the period.
  const s1 = await placement(projectId, 'job', '2024-10-01', true, true, null); // S1: 6 months on 2025-04-01, running → sustained
  await placement(projectId, 'job', '2024-11-15', true, true, null, '2025-05-14'); // S2: ended the day before 2025-05-15 → not
  await placement(projectId, 'job', '2024-11-15', true, true, null, '2025-05-15'); // S3: ended on the day itself → sustained
  await placement(projectId, 'job', '2024-09-30', true, true, null); // S4: 6 months on 2025-03-30 → out
  await placement(projectId, 'job', '2025-03-31', true, true, null); // P8: 6 months on 2025-09-30 (month end) → sustained
  await placement(projectId, 'job', '2024-12-31', true, true, null); // S5: 6 months on 2025-06-30 → sustained
  await placement(projectId, 'apprenticeship', '2025-01-10', true, true, null, '2025-02-01'); // S6: ended early → not
  await placement(projectId, 'job', '2025-02-28', true, true, null); // S7: 6 months on 2025-08-28 → sustained
  const py = await placement(otherProjectId, 'job', '2025-06-01', true, true, '2025-05-01'); // project Y

  const contact = (placementId: string, day: string) => db.insertInto('follow_ups').values({ placement_id: placementId, contact_date: day, concerns: [], dropout_risk: false }).execute();
  await contact(p1, '2025-04-01'); // F1 → in
  await contact(p1, '2025-09-30'); // F2 → in
  await contact(p1, '2025-10-01'); // F3 → out
  await contact(s1, '2025-03-31'); // F4 → out
  await contact(s1, '2025-06-15'); // F5 → in
  await contact(p4, '2025-08-20'); // F6 → in
  await contact(p2, '2025-09-30'); // F7 → in
  await contact(py, '2025-06-01'); // F8: project Y → out of X
  await contact(p3, '2025-10-02'); // after the period → out

  return {
    projectId,
    otherProjectId,
    menteeCodes,
    employerNames,
    async cleanUp() {
      const projects = [projectId, otherProjectId];
      await db.deleteFrom('follow_ups').where('placement_id', 'in', db.selectFrom('placements').select('id').where('project_id', 'in', projects)).execute();
      await db.deleteFrom('placements').where('project_id', 'in', projects).execute();
      await db.deleteFrom('introductions').where('project_id', 'in', projects).execute();
      await db.deleteFrom('vacancies').where('employer_id', 'in', employerIds).execute();
      await db.deleteFrom('employers').where('id', 'in', employerIds).execute();
      await db.deleteFrom('mentees').where('project_id', 'in', projects).execute();
      await db.deleteFrom('erased_mentees').where('project_id', 'in', projects).execute();
      await db.deleteFrom('projects').where('id', 'in', projects).execute();
    },
  };
}
