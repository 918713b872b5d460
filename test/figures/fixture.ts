import type { FastifyInstance } from 'fastify';
import { rowWriter } from './rows.ts';

/** What the figures tests need to know about the rows they made. */
export interface FigureFixture {
  projectId: number;
  otherProjectId: number;
  menteeCodes: string[];
  employerNames: string[];
  cleanUp(): Promise<void>;
}

/**
 * Two projects of their own (so no other test's rows can change their figures), filled with rows
 * written directly, each chosen to sit on or just past an edge of the period 2025-04-01 – 2025-09-30.
 * The expected numbers, worked out by hand, are in test/figures/figures.test.ts.
 * Timestamps are UTC; Berlin is UTC+2 in summer, so 21:30Z is 23:30 the same day and 22:30Z is 00:30 the next.
 */
export async function createFigureFixture(app: FastifyInstance): Promise<FigureFixture> {
  const rows = await rowWriter(app);
  const { mentee, introduce, contact } = rows;
  const projectId = await rows.project('x');
  const otherProjectId = await rows.project('y');

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

  await rows.erased(projectId, 'f', 'none', '2024-01-01', '2025-04-01'); // X1: in
  await rows.erased(projectId, 'f', 'none', '2024-01-01', '2025-03-31'); // X2: out
  await rows.erased(projectId, 'f', 'recognised', '2025-09-30', '2026-01-10', 'request'); // X3: in

  // Employers E1 … E9, each with one vacancy.
  const employerIds: string[] = [];
  for (let i = 1; i <= 9; i += 1) employerIds.push(await rows.employer());
  const [e1, e2, e3, e4, e5, e6, e7, e8, e9] = employerIds as [string, string, string, string, string, string, string, string, string];

  await introduce(projectId, a, e1, '2025-04-01T08:00:00Z'); // E1 on `from` → in
  await introduce(projectId, g, e1, '2025-06-10T08:00:00Z'); // E1 again → still one employer
  await introduce(projectId, a, e2, '2025-09-30T21:30:00Z'); // E2, 30 September (Berlin) → in
  await introduce(projectId, a, e3, '2025-09-30T22:30:00Z'); // E3, 1 October (Berlin) → out
  await introduce(projectId, a, e4, '2025-03-31T21:30:00Z'); // E4, 31 March (Berlin) → out
  await introduce(otherProjectId, y, e5, '2025-05-05T08:00:00Z'); // E5, project Y → out of X
  await introduce(projectId, a, e6, '2025-05-01T08:00:00Z'); // E6 → in
  await introduce(projectId, a, e7, '2025-07-01T08:00:00Z'); // E7 → in
  await introduce(projectId, a, e8, '2025-08-01T08:00:00Z'); // E8 → in

  const placement = (
    project: number,
    kind: 'job' | 'apprenticeship',
    start: string,
    insured: boolean,
    adequate: boolean,
    firstIntroduced: string | null,
    endedOn: string | null = null,
  ) => rows.placement(project, e9, kind, start, insured, adequate, firstIntroduced, endedOn);
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

  await contact(p1, '2025-04-01'); // F1 → in
  await contact(p1, '2025-09-30'); // F2 → in
  await contact(p1, '2025-10-01'); // F3 → out
  await contact(s1, '2025-03-31'); // F4 → out
  await contact(s1, '2025-06-15'); // F5 → in
  await contact(p4, '2025-08-20'); // F6 → in
  await contact(p2, '2025-09-30'); // F7 → in
  await contact(py, '2025-06-01'); // F8: project Y → out of X
  await contact(p3, '2025-10-02'); // after the period → out

  return { projectId, otherProjectId, menteeCodes: rows.menteeCodes, employerNames: rows.employerNames, cleanUp: rows.cleanUp };
}

/** What the differencing test needs to know about the rows of `createSinglePeopleFixture`. */
export interface SinglePeopleFixture {
  /** Busy, one with a single person, and one with single rows in single months. */
  projectIds: { busy: number; single: number; lone: number };
  /** The months the rows lie in: January to June 2041, a year no other test writes to. */
  months: string[];
  menteeCodes: string[];
  employerNames: string[];
  cleanUp(): Promise<void>;
}

/**
 * Data made for differencing: a busy project whose mentees, placements and contacts come and go
 * month by month (so overlapping month ranges differ by one, two or three people), a project with
 * one mentee for five days in March with one introduction, one placement and one contact, and a
 * project with one erased mentee accompanied on a single day and one apprenticeship. Before the
 * figures were rounded, `2041-01..2041-03` minus `2041-02..2041-03` and "all" minus the busy
 * project showed these single people.
 */
export async function createSinglePeopleFixture(app: FastifyInstance): Promise<SinglePeopleFixture> {
  const rows = await rowWriter(app);
  const busy = await rows.project('busy');
  const single = await rows.project('single');
  const lone = await rows.project('lone');
  const month = (n: number) => `2041-${String(n).padStart(2, '0')}`;
  const employers: string[] = [];
  for (let i = 0; i < 6; i += 1) employers.push(await rows.employer());
  const employer = (i: number) => employers[i % employers.length]!;

  // Busy: eight mentees from before 2041 and eight who arrive month by month; every third leaves again.
  const busyMentees: string[] = [];
  for (let i = 0; i < 16; i += 1) {
    const arrives = i < 8 ? '2040-11-10T10:00:00Z' : `${month(1 + (i % 6))}-1${i % 9}T10:00:00Z`;
    const leaves = i % 3 === 0 ? `${month(1 + (i % 6))}-20T10:00:00Z` : null;
    busyMentees.push(await rows.mentee(busy, arrives, i % 2 === 0 ? 'f' : 'm', i % 4 === 0 ? 'none' : 'recognised', leaves));
  }
  await rows.erased(busy, 'f', 'none', '2041-03-10', '2041-03-10'); // accompanied on one day
  for (let j = 0; j < 12; j += 1)
    await rows.introduce(busy, busyMentees[j]!, employer(j), `${month(1 + (j % 6))}-0${1 + (j % 9)}T09:00:00Z`);
  // Thirteen jobs over the six months (two or three a month), one apprenticeship in April alone.
  const busyPlacements: string[] = [];
  for (let j = 0; j < 13; j += 1) {
    const start = `${month(1 + (j % 6))}-${String(5 + j).padStart(2, '0')}`;
    const introduced = `${month(1 + (j % 6))}-0${1 + (j % 4)}`;
    busyPlacements.push(await rows.placement(busy, employer(j), 'job', start, j % 5 !== 0, j % 3 === 0, introduced));
  }
  await rows.placement(busy, employer(0), 'apprenticeship', '2041-04-08', true, true, '2041-03-20');
  // Nine placements whose sixth month ends in January to June 2041; every fourth ended before it.
  for (let j = 0; j < 9; j += 1) {
    const start = `2040-${String(7 + (j % 6)).padStart(2, '0')}-${String(2 + j).padStart(2, '0')}`;
    await rows.placement(busy, employer(j), 'job', start, true, true, null, j % 4 === 0 ? '2040-12-31' : null);
  }
  for (let j = 0; j < 11; j += 1) await rows.contact(busyPlacements[j]!, `${month(1 + (j % 6))}-2${j % 8}`);

  // Single: one woman without a qualification, 15 to 20 March, introduced, placed, contacted once.
  const her = await rows.mentee(single, '2041-03-15T10:00:00Z', 'f', 'none', '2041-03-20T10:00:00Z');
  await rows.introduce(single, her, employer(1), '2041-03-15T11:00:00Z');
  const hers = await rows.placement(single, employer(1), 'job', '2041-03-16', true, false, '2041-03-15');
  await rows.contact(hers, '2041-03-18');

  // Lone: one erased man accompanied on 1 February only, one apprenticeship in May, one placement ended before its sixth month.
  await rows.erased(lone, 'm', 'recognised', '2041-02-01', '2041-02-01', 'request');
  await rows.placement(lone, employer(2), 'apprenticeship', '2041-05-01', false, true, '2041-04-01');
  await rows.placement(lone, employer(2), 'job', '2040-11-15', true, true, null, '2041-05-01');

  return {
    projectIds: { busy, single, lone },
    months: [1, 2, 3, 4, 5, 6].map(month),
    menteeCodes: rows.menteeCodes,
    employerNames: rows.employerNames,
    cleanUp: rows.cleanUp,
  };
}
