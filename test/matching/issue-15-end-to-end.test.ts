import { beforeAll, describe, expect, it } from 'vitest';
import { todayInBerlin } from '../../server/time/berlin.ts';
import { useTestApp, flushOutbox } from '../helpers/app.ts';
import { createThroughForm, menteeRow, submitEdit, submitNewMentee } from '../mentees/support.ts';
import { searchWord } from '../search/support.ts';
import { criterion, employerOf, mentorOf, publishVacancy, twoProjects, type MatchJson } from './support.ts';

/**
 * Issue 15 end to end: the mentor records a German course and a work-permit status on the form (bad input
 * refused next to the field, good input stored), and the match list turns the course into a match with
 * "B1 voraussichtlich ab …", keeps a regulated job apart with the recognition finder, and says what the
 * permit means, against the real PostgreSQL and Meilisearch.
 */
const app = useTestApp();
let mentor: Awaited<ReturnType<typeof mentorOf>>;
const word = searchWord();
const days = (n: number) => new Date(Date.parse(`${todayInBerlin()}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const monthOf = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

beforeAll(async () => {
  const [projectId] = await twoProjects(app);
  mentor = await mentorOf(app, projectId);
});

const errorNextTo = (html: string, field: string) =>
  new RegExp(`id="${field}-error"><span class="visually-hidden">[^<]*</span>\\s*([^<]+)</p>`).exec(html)?.[1]?.trim();

describe('the German course and the work permit on the mentee form', () => {
  it('stores a course with its target level and end date, and temporary protection, and shows them again', async () => {
    const end = days(90);
    const id = await createThroughForm(mentor.agent, {
      germanLevel: 'A2',
      germanCourseLevel: 'B1',
      germanCourseEnd: end,
      workPermit: 'temporary_protection',
    });
    const row = await menteeRow(app, id);
    expect(row).toMatchObject({ german_course_level: 'B1', german_course_end: end, work_permit: 'temporary_protection' });
    const edit = await mentor.agent.get(`/mentor/mentees/${id}/edit`);
    expect(edit.text).toMatch(/<option value="B1" selected>/);
    expect(edit.text).toContain(`value="${end}"`);
    // Cleared again: no course.
    expect((await submitEdit(mentor.agent, id, { germanLevel: 'A2', germanCourseLevel: '', germanCourseEnd: '' })).status).toBe(303);
    expect(await menteeRow(app, id)).toMatchObject({ german_course_level: null, german_course_end: null });
  });

  it('refuses a course that is not above the current level, has ended, ends too far ahead or lacks half, with the message next to the field', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [
        { germanLevel: 'B1', germanCourseLevel: 'B1', germanCourseEnd: days(60) },
        'germanCourseLevel',
        'Das Ziel-Niveau muss über den jetzigen Deutschkenntnissen liegen',
      ],
      [
        { germanLevel: 'A2', germanCourseLevel: 'B1', germanCourseEnd: days(-1) },
        'germanCourseEnd',
        'Das Kursende muss in der Zukunft liegen',
      ],
      [
        { germanLevel: 'A2', germanCourseLevel: 'B1', germanCourseEnd: days(800) },
        'germanCourseEnd',
        'Das Kursende darf höchstens zwei Jahre in der Zukunft liegen',
      ],
      [{ germanLevel: 'A2', germanCourseLevel: 'B1', germanCourseEnd: '' }, 'germanCourseEnd', 'Geben Sie an, wann der Kurs endet'],
      [
        { germanLevel: 'A2', germanCourseLevel: '', germanCourseEnd: days(60) },
        'germanCourseLevel',
        'Wählen Sie das Ziel-Niveau des Kurses oder löschen Sie das Enddatum',
      ],
      [
        { germanLevel: 'A2', germanCourseLevel: 'B1', germanCourseEnd: '31.03.2027' },
        'germanCourseEnd',
        'Geben Sie das Kursende als Datum ein, zum Beispiel 2027-03-31',
      ],
    ];
    const before = await app.db
      .selectFrom('mentees')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    for (const [values, field, message] of cases) {
      const response = await submitNewMentee(mentor.agent, values);
      expect(response.status, JSON.stringify(values)).toBe(422);
      expect(response.text).toContain('<title>Fehler:');
      expect(errorNextTo(response.text, field), JSON.stringify(values)).toContain(message);
      expect(response.text).toContain(`href="#${field}"`);
      if (values.germanCourseEnd) expect(response.text).toContain(`value="${values.germanCourseEnd}"`);
    }
    const after = await app.db
      .selectFrom('mentees')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});

describe('the match list with the rules of issue 15', () => {
  let body: { matches: MatchJson[]; stretch: MatchJson[] };
  const v: Record<string, string> = {};
  const courseEnd = days(40);

  beforeAll(async () => {
    const { employerId } = await employerOf(app);
    const start = days(70);
    // A care helper job asking B1 that starts after the course ends, one that starts before it ends, and a nurse job.
    v.helperLater = await publishVacancy(app, employerId, {
      occupation: '81301',
      title: `Pflegehelfer später ${word}`,
      germanLevel: 'B1',
      startDate: start,
    });
    v.helperSoon = await publishVacancy(app, employerId, {
      occupation: '81301',
      title: `Pflegehelfer bald ${word}`,
      germanLevel: 'B1',
      startDate: days(10),
    });
    v.nurse = await publishVacancy(app, employerId, {
      occupation: '81302',
      title: `Pflegefachkraft ${word}`,
      germanLevel: 'A2',
      qualification: 'vocational',
    });
    const id = await createThroughForm(mentor.agent, {
      germanLevel: 'A2',
      germanCourseLevel: 'B1',
      germanCourseEnd: courseEnd,
      qualification: 'foreign_unrecognised',
      experienceOccupation: ['', '', ''],
      experienceYears: ['', '', ''],
      desiredOccupations: ['Pflegefachfrau / Pflegefachmann (81302)', 'Pflegehelferin / Pflegehelfer (81301)', ''],
      workPermit: 'pending',
    });
    await flushOutbox(app);
    const response = await mentor.agent.get(`/mentor/mentees/${id}/matches?all=1`).set('Accept', 'application/json');
    expect(response.status).toBe(200);
    body = response.body;
  }, 60_000);

  const find = (list: MatchJson[], id: string) => list.find((m) => m.vacancy.id === id);

  it('a course ending before the start turns the German gap into a match: "B1 voraussichtlich ab …"', () => {
    const later = find(body.matches, v.helperLater!)!;
    expect(later).toBeDefined();
    expect(criterion(later, 'german')).toMatchObject({
      status: 'met',
      detail: `Deutsch A2, die Stelle verlangt B1: B1 voraussichtlich ab ${monthOf(courseEnd)} (der Kurs endet vor Stellenbeginn)`,
    });
  });

  it('a course ending after the start leaves it a stretch that names the level and links the job-related German courses', () => {
    const soon = find(body.stretch, v.helperSoon!)!;
    expect(soon).toBeDefined();
    expect(criterion(soon, 'german')).toMatchObject({
      status: 'stretched',
      hint: 'Deutsch B1 nötig – ein Berufssprachkurs kann die Lücke schließen',
      link: { href: 'https://www.bamf.de/DE/Themen/Integration/ZugewanderteTeilnehmende/DeutschBeruf/deutsch-beruf.html' },
    });
  });

  it('a nurse job is a stretch without recognition, with the recognition finder; the helper job stays a match', () => {
    expect(find(body.matches, v.nurse!)).toBeUndefined();
    const nurse = find(body.stretch, v.nurse!)!;
    expect(criterion(nurse, 'qualification')).toMatchObject({
      status: 'stretched',
      hint: 'Anerkennung nötig – der Anerkennungs-Finder nennt die zuständige Stelle',
      link: { href: 'https://www.anerkennung-in-deutschland.de/html/de/pro/anerkennungs-finder.php', label: 'Anerkennungs-Finder' },
    });
  });

  it('every line says what the pending work permit means for this job, with its provisions', () => {
    for (const match of [...body.matches, ...body.stretch].filter((m) => Object.values(v).includes(m.vacancy.id))) {
      expect(criterion(match, 'workPermit').detail).toBe(
        'Erlaubnis beantragt: arbeiten erst, wenn die Ausländerbehörde sie erteilt – Ausländerbehörde fragen (§ 4a Abs. 4 AufenthG, § 61 AsylG, § 32 BeschV)',
      );
    }
  });

  it("a course two levels up counts both ways: the vacancy in the A1 mentee's matches, the mentee among the vacancy's candidates", async () => {
    const id = await createThroughForm(mentor.agent, {
      germanLevel: 'A1',
      germanCourseLevel: 'B1',
      germanCourseEnd: courseEnd,
      qualification: 'none',
      experienceOccupation: ['', '', ''],
      experienceYears: ['', '', ''],
      desiredOccupations: ['Pflegehelferin / Pflegehelfer (81301)', '', ''],
    });
    await flushOutbox(app);
    const forward = await mentor.agent.get(`/mentor/mentees/${id}/matches?all=1`).set('Accept', 'application/json');
    expect(find(forward.body.matches, v.helperLater!), 'forward').toBeDefined();
    const reverse = await mentor.agent.get(`/mentor/vacancies/${v.helperLater}/candidates`).set('Accept', 'application/json');
    expect(reverse.status).toBe(200);
    const found = (reverse.body.candidates as { mentee: { id: string }; criteria: { name: string; detail: string }[] }[]).find(
      (c) => c.mentee.id === id,
    );
    expect(found, 'reverse').toBeDefined();
    expect(found!.criteria.find((c) => c.name === 'german')!.detail).toContain(`B1 voraussichtlich ab ${monthOf(courseEnd)}`);
  });

  it('the page shows the hint and the finder link on the card', async () => {
    const id = (
      await app.db
        .selectFrom('mentees')
        .select('id')
        .where('german_course_end', '=', courseEnd)
        .where('german_level', '=', 'A2')
        .where('mentor_id', '=', mentor.accountId)
        .executeTakeFirstOrThrow()
    ).id;
    const page = await mentor.agent.get(`/mentor/mentees/${id}/matches?lang=de&all=1`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(
      'Anerkennung nötig – der Anerkennungs-Finder nennt die zuständige Stelle: <a href="https://www.anerkennung-in-deutschland.de/html/de/pro/anerkennungs-finder.php" rel="noopener">Anerkennungs-Finder</a>',
    );
    expect(page.text).toContain('B1 voraussichtlich ab');
  });
});
