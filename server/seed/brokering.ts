import { sql, type Kysely } from 'kysely';
import { enqueueIndexing } from '../indexing/write.ts';
import { MENTEE_INDEX } from '../../search/mentee-index.ts';
import type { Database, IntroductionStatusColumn } from '../db/database.ts';
import { distanceKm, germanLevelRank } from '../domain.ts';
import { indexedVacancies } from '../vacancies/visibility.ts';
import { Random } from './random.ts';

/**
 * A demo history of brokering for the demo mentor's project, so a newcomer
 * sees the board, the inbox, placements, follow-ups and the programme's
 * figures filled: introductions in every status over the last fourteen
 * months, to the demo employer and others, placements into jobs and
 * apprenticeships (some past six months, two ended) and follow-up contacts.
 * Dates are relative to today; the same each time.
 */
type Story = {
  status: IntroductionStatusColumn;
  daysAgo: number;
  startDaysAgo?: number;
  kind?: 'job' | 'apprenticeship';
  ended?: boolean;
  demoEmployer: boolean;
};

function stories(): Story[] {
  const list: Story[] = [];
  const open: [IntroductionStatusColumn, number][] = [
    ['proposed', 2],
    ['proposed', 5],
    ['proposed', 9],
    ['proposed', 16],
    ['interested', 8],
    ['interested', 12],
    ['interview', 15],
    ['interview', 20],
    ['trial', 25],
  ];
  for (const [status, daysAgo] of open) list.push({ status, daysAgo, demoEmployer: list.length % 2 === 0 });
  for (const [status, daysAgo] of [
    ['declined', 40],
    ['declined', 75],
    ['declined', 120],
    ['declined', 200],
    ['withdrawn', 50],
    ['withdrawn', 150],
  ] as const) {
    list.push({ status, daysAgo, demoEmployer: daysAgo % 3 === 0 });
  }
  // Placements: the introduction came this many days before the start; starts from about 14 months ago to last week.
  const starts = [10, 25, 40, 60, 85, 110, 140, 170, 200, 230, 260, 290, 330, 380, 420];
  starts.forEach((startDaysAgo, i) => {
    list.push({
      status: 'placed',
      daysAgo: startDaysAgo + 30 + (i % 4) * 9,
      startDaysAgo,
      kind: i % 5 === 1 || i % 5 === 3 ? 'apprenticeship' : 'job',
      ended: i === 6 || i === 11,
      demoEmployer: i % 3 === 0,
    });
  });
  return list;
}

const PATH: IntroductionStatusColumn[] = ['proposed', 'interested', 'interview', 'trial', 'placed'];

const day = (date: Date) => date.toISOString().slice(0, 10);
const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000);

export async function seedDemoBrokering(db: Kysely<Database>, projectId: number, mentorId: string, employerId: string): Promise<number> {
  const existing = await db.selectFrom('introductions').select('id').where('project_id', '=', projectId).limit(1).execute();
  if (existing.length > 0) return 0;
  const r = new Random(515);
  const plan = stories();
  const mentees = await db
    .selectFrom('mentees')
    .select(['id', 'desired_occupations', 'desired_kinds', 'german_level', 'lat', 'lng', 'travel_km'])
    .where('project_id', '=', projectId)
    .where('status', '=', 'active')
    .where('consent', '=', true)
    .orderBy('code')
    .execute();
  // Only vacancies a mentor could propose for: an approved employer's published ones.
  const vacancies = await indexedVacancies(db)
    .leftJoin('accounts as a', 'a.employer_id', 'v.employer_id')
    .select(['v.id', 'v.kind', 'v.employer_id', 'v.occupation_code', 'v.german_level', 'v.lat', 'v.lng', 'a.id as account_id'])
    .orderBy('v.id')
    .execute();
  const own = vacancies.filter((v) => v.employer_id === employerId);
  const others = vacancies.filter((v) => v.employer_id !== employerId);
  if (mentees.length < plan.length || own.length === 0) return 0;
  type Vacancy = (typeof vacancies)[number];
  type Mentee = (typeof mentees)[number];
  /**
   * Each story pairs a mentee with a vacancy a mentor would have proposed: one of the mentee's desired
   * occupations and kinds (else the same occupational field), within reach
   * of the mentee's German and travel, the demo employer's or another's as the story says.
   */
  const fits = (m: Mentee, v: Vacancy, exact: boolean) =>
    m.desired_kinds.includes(v.kind) &&
    germanLevelRank(v.german_level) <= germanLevelRank(m.german_level) &&
    distanceKm(m, v) <= m.travel_km &&
    (exact
      ? m.desired_occupations.includes(v.occupation_code)
      : m.desired_occupations.some((c) => c.slice(0, 3) === v.occupation_code.slice(0, 3)));
  const unused = new Set(mentees);
  const pair = (story: Story, i: number): { mentee: Mentee; vacancy: Vacancy } => {
    const pool = story.demoEmployer || others.length === 0 ? own : others;
    const ofKind = story.kind ? pool.filter((v) => v.kind === story.kind) : pool;
    const list = ofKind.length > 0 ? ofKind : pool;
    // The mentee with the most fitting vacancies: the common wishes (care, warehouse, kitchen) fill the history, as in the programme.
    for (const exact of [true, false]) {
      let best: { mentee: Mentee; fitting: Vacancy[] } | undefined;
      for (const mentee of unused) {
        const fitting = list.filter((v) => fits(mentee, v, exact));
        if (fitting.length > (best?.fitting.length ?? 0)) best = { mentee, fitting };
      }
      if (best) return { mentee: best.mentee, vacancy: best.fitting[(i * 7) % best.fitting.length]! };
    }
    return { mentee: unused.values().next().value!, vacancy: list[(i * 7) % list.length]! };
  };
  const now = new Date();

  return db.transaction().execute(async (trx) => {
    let created = 0;
    for (const [i, story] of plan.entries()) {
      const { mentee, vacancy } = pair(story, i);
      unused.delete(mentee);
      // Accompanied since a while before the first introduction (the figures count from then).
      await sql`UPDATE mentees SET created_at = ${daysBefore(now, story.daysAgo + 30 + (i % 5) * 7)} WHERE id = ${mentee.id}`.execute(trx);
      const employerAccount = vacancy.account_id;
      const proposedAt = daysBefore(now, story.daysAgo);
      const steps =
        story.status === 'declined'
          ? ['proposed', 'declined']
          : story.status === 'withdrawn'
            ? ['proposed', 'withdrawn']
            : PATH.slice(0, PATH.indexOf(story.status) + 1);
      const stepDay = (n: number) => daysBefore(now, Math.max(0, story.daysAgo - 6 * n));
      const introduction = await trx
        .insertInto('introductions')
        .values({
          mentee_id: mentee.id,
          vacancy_id: vacancy.id,
          employer_id: vacancy.employer_id,
          project_id: projectId,
          mentor_id: mentorId,
          message: r.pick(['', 'Sehr zuverlässig, sucht eine Stelle in Vollzeit.', 'Hat im Praktikum gute Rückmeldungen bekommen.']),
          status: story.status,
          interview_at: steps.includes('interview') ? daysBefore(now, story.daysAgo - 14) : null,
          trial_on: steps.includes('trial') ? day(daysBefore(now, story.daysAgo - 20)) : null,
          decline_reason: story.status === 'declined' ? r.pick(['german_level', 'qualification', 'position_filled']) : null,
          employer_seen_at: story.status === 'proposed' && story.daysAgo < 10 ? null : stepDay(0),
          created_at: proposedAt,
          status_changed_at: stepDay(steps.length - 1),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const [n, step] of steps.entries()) {
        const byMentor = step === 'placed' || step === 'withdrawn' || step === 'proposed';
        await trx
          .insertInto('introduction_events')
          .values({
            introduction_id: introduction.id,
            from_status: n === 0 ? null : (steps[n - 1] as IntroductionStatusColumn),
            to_status: step as IntroductionStatusColumn,
            actor_id: byMentor ? mentorId : employerAccount,
            actor_role: byMentor ? 'mentor' : 'employer',
            detail: JSON.stringify(step === 'declined' ? { reason: 'german_level' } : {}),
            at: stepDay(n),
          })
          .execute();
      }
      if (story.status === 'placed') {
        const startedDaysAgo = story.startDaysAgo ?? 0;
        const start = daysBefore(now, startedDaysAgo);
        const placement = await trx
          .insertInto('placements')
          .values({
            introduction_id: introduction.id,
            mentee_id: mentee.id,
            project_id: projectId,
            employer_id: vacancy.employer_id,
            kind: story.kind ?? vacancy.kind,
            start_date: day(start),
            socially_insured: i % 7 !== 0,
            qualification_adequate: i % 3 !== 0,
            first_introduced_on: day(proposedAt),
            ended_on: story.ended ? day(new Date(start.getTime() + 100 * 86_400_000)) : null,
            end_reason: story.ended ? r.pick(['changed_job', 'dropped_out'] as const) : null,
            created_at: stepDay(steps.length - 1),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        // Contacts at the check-ins already past, except the latest one (left open, so the dashboard has work).
        for (const offset of [14, 30, 91, 182].filter((d) => d < startedDaysAgo - 20 && (!story.ended || d < 100))) {
          await trx
            .insertInto('follow_ups')
            .values({
              placement_id: placement.id,
              contact_date: day(new Date(start.getTime() + offset * 86_400_000)),
              concerns: r.subset(['language', 'workplace', 'school', 'childcare', 'housing'], 0.3),
              dropout_risk: r.chance(0.15),
              note: '',
              created_by: mentorId,
            })
            .execute();
        }
        await trx
          .updateTable('mentees')
          .set({ status: story.ended ? 'active' : 'placed', version: sql`version + 1` })
          .where('id', '=', mentee.id)
          .execute();
        await enqueueIndexing(trx, MENTEE_INDEX, [mentee.id]);
      }
      created += 1;
    }
    return created;
  });
}
