import { sql, type Kysely } from 'kysely';
import { enqueueIndexing } from '../../search/outbox.ts';
import { MENTEE_INDEX } from '../../search/mentee-index.ts';
import type { Database, IntroductionStatusColumn } from '../db/database.ts';
import { Random } from './random.ts';

/**
 * A demo history of brokering for the demo mentor and the demo employer, so a
 * newcomer sees the board, the inbox, placements and follow-ups filled:
 * introductions in every status over the last months, placements into jobs and
 * apprenticeships (one ended, one sustained past six months) and follow-up
 * contacts. Dates are relative to today; the same each time.
 */
const STORIES: { status: IntroductionStatusColumn; daysAgo: number; placedMonthsAgo?: number; ended?: boolean }[] = [
  { status: 'proposed', daysAgo: 2 },
  { status: 'proposed', daysAgo: 9 },
  { status: 'proposed', daysAgo: 16 },
  { status: 'interested', daysAgo: 12 },
  { status: 'interview', daysAgo: 20 },
  { status: 'trial', daysAgo: 30 },
  { status: 'declined', daysAgo: 40 },
  { status: 'withdrawn', daysAgo: 50 },
  { status: 'placed', daysAgo: 60, placedMonthsAgo: 1 },
  { status: 'placed', daysAgo: 130, placedMonthsAgo: 4 },
  { status: 'placed', daysAgo: 260, placedMonthsAgo: 8 },
  { status: 'placed', daysAgo: 200, placedMonthsAgo: 6, ended: true },
];

const PATH: IntroductionStatusColumn[] = ['proposed', 'interested', 'interview', 'trial', 'placed'];

const day = (date: Date) => date.toISOString().slice(0, 10);
const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * 86_400_000);
const monthsBefore = (now: Date, months: number) => {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - months);
  return d;
};

export async function seedDemoBrokering(db: Kysely<Database>, projectId: number, mentorId: string, employerId: string): Promise<number> {
  const existing = await db.selectFrom('introductions').select('id').where('project_id', '=', projectId).limit(1).execute();
  if (existing.length > 0) return 0;
  const r = new Random(515);
  const mentees = await db.selectFrom('mentees').select(['id']).where('project_id', '=', projectId).where('status', '=', 'active').where('consent', '=', true).orderBy('code').execute();
  const vacancies = await db.selectFrom('vacancies').select(['id', 'kind']).where('employer_id', '=', employerId).where('status', '=', 'published').orderBy('id').execute();
  const employerAccount = await db.selectFrom('accounts').select('id').where('employer_id', '=', employerId).orderBy('created_at').executeTakeFirst();
  if (mentees.length < STORIES.length || vacancies.length === 0 || !employerAccount) return 0;
  const now = new Date();

  return db.transaction().execute(async (trx) => {
    let created = 0;
    for (const [i, story] of STORIES.entries()) {
      const mentee = mentees[i]!;
      const vacancy = vacancies[i % vacancies.length]!;
      const proposedAt = daysBefore(now, story.daysAgo);
      const steps = story.status === 'declined' ? ['proposed', 'declined'] : story.status === 'withdrawn' ? ['proposed', 'withdrawn'] : PATH.slice(0, PATH.indexOf(story.status) + 1);
      const changedAt = daysBefore(now, Math.max(0, story.daysAgo - 3 * (steps.length - 1)));
      const introduction = await trx
        .insertInto('introductions')
        .values({
          mentee_id: mentee.id,
          vacancy_id: vacancy.id,
          employer_id: employerId,
          project_id: projectId,
          mentor_id: mentorId,
          message: r.pick(['', 'Sehr zuverlässig, sucht eine Stelle in Vollzeit.', 'Hat im Praktikum gute Rückmeldungen bekommen.']),
          status: story.status,
          interview_at: steps.includes('interview') ? daysBefore(now, story.daysAgo - 7) : null,
          trial_on: steps.includes('trial') ? day(daysBefore(now, story.daysAgo - 10)) : null,
          decline_reason: story.status === 'declined' ? 'german_level' : null,
          employer_seen_at: story.status === 'proposed' && story.daysAgo < 10 ? null : daysBefore(now, story.daysAgo - 1),
          created_at: proposedAt,
          status_changed_at: changedAt,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const [n, step] of steps.entries()) {
        await trx
          .insertInto('introduction_events')
          .values({
            introduction_id: introduction.id,
            from_status: n === 0 ? null : (steps[n - 1] as IntroductionStatusColumn),
            to_status: step as IntroductionStatusColumn,
            actor_id: step === 'placed' || step === 'withdrawn' || step === 'proposed' ? mentorId : employerAccount.id,
            actor_role: step === 'placed' || step === 'withdrawn' || step === 'proposed' ? 'mentor' : 'employer',
            detail: JSON.stringify(step === 'declined' ? { reason: 'german_level' } : {}),
            at: daysBefore(now, Math.max(0, story.daysAgo - 3 * n)),
          })
          .execute();
      }
      if (story.placedMonthsAgo !== undefined) {
        const start = monthsBefore(now, story.placedMonthsAgo);
        const placement = await trx
          .insertInto('placements')
          .values({
            introduction_id: introduction.id,
            mentee_id: mentee.id,
            project_id: projectId,
            employer_id: employerId,
            kind: vacancy.kind,
            start_date: day(start),
            socially_insured: true,
            qualification_adequate: r.chance(0.6),
            first_introduced_on: day(proposedAt),
            ended_on: story.ended ? day(daysBefore(now, 20)) : null,
            end_reason: story.ended ? 'changed_job' : null,
            created_at: start,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        // Contacts at the first check-ins that are already past (the latest one left open, so the dashboard has work).
        for (const offset of [14, 30, 91].filter((d) => d < story.placedMonthsAgo! * 30 - 20)) {
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
        await trx.updateTable('mentees').set({ status: story.ended ? 'active' : 'placed', version: sql`version + 1` }).where('id', '=', mentee.id).execute();
        await enqueueIndexing(trx, MENTEE_INDEX, [mentee.id]);
      }
      created += 1;
    }
    return created;
  });
}
