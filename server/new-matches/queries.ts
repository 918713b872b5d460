import { sql, type Transaction } from 'kysely';
import type { Database, Db } from '../db/database.ts';
import { enabledMentorOf } from '../accounts/queries.ts';
import { todayInBerlin } from '../time/berlin.ts';
import { toProfile } from '../mentees/queries.ts';
import type { MenteeProfile } from '../mentees/types.ts';
import { selectVacancyRowsForIndex } from '../vacancies/queries.ts';
import type { VacancyRowForIndex } from '../../search/vacancy-index.ts';
import { visibleVacancies, visibleVacancyIds } from '../vacancies/visibility.ts';
import { vacancyMarkRows, vacancyMarksFrom, type VacancyMarkRow } from '../shortlists/queries.ts';

/*
 * All SQL of the new matches (issue 13). A row of mentee_new_matches is "new" while seen_at is
 * empty; it counts only while its vacancy is still visible today (a vacancy closed or expired
 * since it was found is news no more) and the mentee is active.
 */

/** Unseen new matches per mentee (ids without any are absent), for the mentee list. One query. */
export async function unseenMatchCounts(db: Db, menteeIds: readonly string[], today = todayInBerlin()): Promise<Map<string, number>> {
  if (menteeIds.length === 0) return new Map();
  const rows = await visibleVacancies(db, today)
    .innerJoin('mentee_new_matches as n', 'n.vacancy_id', 'v.id')
    .innerJoin('mentees as m', 'm.id', 'n.mentee_id')
    .select(['n.mentee_id as menteeId', (eb) => eb.fn.countAll<string>().as('n')])
    .where('n.mentee_id', 'in', [...menteeIds])
    .where('n.seen_at', 'is', null)
    .where('m.status', '=', 'active')
    .groupBy('n.mentee_id')
    .execute();
  return new Map(rows.map((r) => [r.menteeId, Number(r.n)]));
}

/** The vacancies new for a mentee and not yet seen (the "new" marks of her match list and overview). */
export async function unseenVacancyIds(db: Db, menteeId: string, today = todayInBerlin()): Promise<Set<string>> {
  const rows = await visibleVacancies(db, today)
    .innerJoin('mentee_new_matches as n', 'n.vacancy_id', 'v.id')
    .select('n.vacancy_id')
    .where('n.mentee_id', '=', menteeId)
    .where('n.seen_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.vacancy_id));
}

/** How long a match the mentor has opened keeps its mark on the match list: one visit (the staff idle limit). */
export const MARK_KEPT_MINUTES = 30;

/**
 * For the overview: marks what was new as seen and returns the vacancies to mark "new" on this visit (`ids`): those
 * just seen and those seen in the last MARK_KEPT_MINUTES, so a mentor working down the list (shortlist, propose,
 * come back to the card) keeps her marks, and tomorrow they are gone; and how many were unseen until now (`unseen`,
 * visible ones only, as `unseenMatchCounts` counts them for an active mentee). The mentee list's count drops at the
 * first view.
 */
export async function takeNewVacancyIds(db: Db, menteeId: string, today = todayInBerlin()): Promise<{ ids: Set<string>; unseen: number }> {
  // One statement, one round trip: the select sees the rows as they were before the update marks them seen, so
  // "seen now" are those still unseen in it.
  const { rows } = await sql<{ vacancy_id: string; unseen: boolean }>`
    WITH seen AS (UPDATE mentee_new_matches SET seen_at = now() WHERE mentee_id = ${menteeId} AND seen_at IS NULL)
    SELECT n.vacancy_id, n.seen_at IS NULL AS unseen FROM mentee_new_matches n
    WHERE n.mentee_id = ${menteeId}
      AND (n.seen_at IS NULL OR n.seen_at > now() - make_interval(mins => ${MARK_KEPT_MINUTES}))
      AND n.vacancy_id IN (${visibleVacancyIds(db, today)})`.execute(db);
  return { ids: new Set(rows.map((r) => r.vacancy_id)), unseen: rows.filter((r) => r.unseen).length };
}

/**
 * The match page's marks in one statement, since it is the mentor's most visited page: the shortlist and proposal
 * marks (`vacancyMarkRows`, server/shortlists/queries.ts) and what `takeNewVacancyIds` takes, marking new matches
 * seen and returning those to mark on this visit. One round trip and one plan instead of two; that query's plan (a
 * join of the visible vacancies) cost PostgreSQL more than running it. The page marks only the cards of its fresh
 * match list, which holds vacancies visible today (a change to a vacancy makes the lists holding it not fresh), so
 * the visibility check is not repeated here.
 */
export async function takeMatchPageMarks(db: Db, menteeId: string): Promise<ReturnType<typeof vacancyMarksFrom> & { fresh: Set<string> }> {
  const { rows } = await sql<VacancyMarkRow>`
    WITH seen AS (UPDATE mentee_new_matches SET seen_at = now() WHERE mentee_id = ${menteeId} AND seen_at IS NULL)
    ${vacancyMarkRows(db, menteeId)}
    UNION ALL
    SELECT vacancy_id, 'new', NULL, NULL FROM mentee_new_matches
    WHERE mentee_id = ${menteeId} AND (seen_at IS NULL OR seen_at > now() - make_interval(mins => ${MARK_KEPT_MINUTES}))`.execute(db);
  return { ...vacancyMarksFrom(rows), fresh: new Set(rows.filter((r) => r.mark === 'new').map((r) => r.vacancy_id)) };
}

// ---- detection (worker.ts) ----

/**
 * Queues vacancies to be matched against the mentees; called in the transaction that changed them. Only
 * vacancies that still exist: the same call carries the ids of deleted ones (their index entries go), and
 * a deleted vacancy matches nobody.
 */
export async function queueMatchChecks(db: Db, vacancyIds: readonly string[]): Promise<void> {
  if (vacancyIds.length === 0) return;
  await db
    .insertInto('new_match_checks')
    .columns(['vacancy_id'])
    .expression((eb) =>
      eb
        .selectFrom('vacancies')
        .select('id')
        .where('id', 'in', [...vacancyIds]),
    )
    .onConflict((oc) => oc.column('vacancy_id').doUpdateSet({ next_attempt_at: sql`least(new_match_checks.next_attempt_at, now())` }))
    .execute();
}

/** Due queued vacancies, locked for this transaction (other instances skip them). */
export async function claimMatchChecks(trx: Transaction<Database>, limit: number): Promise<string[]> {
  const { rows } = await sql<{ vacancy_id: string }>`
    SELECT vacancy_id FROM new_match_checks
    WHERE next_attempt_at <= now()
    ORDER BY queued_at
    LIMIT ${limit}
    FOR UPDATE SKIP LOCKED`.execute(trx);
  return rows.map((r) => r.vacancy_id);
}

export async function deleteMatchChecks(db: Db, vacancyIds: readonly string[]): Promise<void> {
  if (vacancyIds.length === 0) return;
  await db
    .deleteFrom('new_match_checks')
    .where('vacancy_id', 'in', [...vacancyIds])
    .execute();
}

const MAX_BACKOFF_SECONDS = 300;

export async function recordMatchCheckFailure(db: Db, vacancyIds: readonly string[], message: string): Promise<void> {
  if (vacancyIds.length === 0) return;
  await db
    .updateTable('new_match_checks')
    .set({
      attempts: sql`attempts + 1`,
      last_error: message.slice(0, 1000),
      next_attempt_at: sql`now() + make_interval(secs => least(power(2, attempts + 1), ${MAX_BACKOFF_SECONDS}))`,
    })
    .where('vacancy_id', 'in', [...vacancyIds])
    .execute();
}

/**
 * Per project with an active mentee, when its oldest active profile was made: a vacancy published
 * before that is no news to anyone there, so the project is not searched. One query per batch.
 */
export async function activeProjectsSince(db: Db): Promise<{ projectId: number; since: Date }[]> {
  const rows = await db
    .selectFrom('mentees')
    .select(['project_id', (eb) => eb.fn.min<Date>('created_at').as('since')])
    .where('status', '=', 'active')
    .groupBy('project_id')
    .execute();
  return rows.map((r) => ({ projectId: r.project_id, since: r.since }));
}

/** The visible vacancies among `ids`, as the index sees them (published, approved employer), not expired on `today`. */
export async function findMatchableVacancies(db: Db, ids: readonly string[], today: string): Promise<VacancyRowForIndex[]> {
  if (ids.length === 0) return [];
  const rows = await selectVacancyRowsForIndex(db, { ids });
  return rows.filter((row) => row.expires_at === null || row.expires_at >= today);
}

/**
 * The active mentees among `ids` (what the mentees index found for a vacancy) whose profile
 * existed at `createdBy` (when given) and whose wishes or experience relate to the occupation: desired,
 * in a desired occupation's 4-digit field, or worked in. A superset of what `codeRelevance`
 * accepts, read in one query, so a vacancy near a thousand mentees loads only the few it concerns.
 */
export async function findRelatedActiveMentees(
  db: Db,
  projectId: number,
  ids: readonly string[],
  occupationCode: string,
  createdBy?: Date,
): Promise<MenteeProfile[]> {
  if (ids.length === 0) return [];
  const field = occupationCode.slice(0, 4);
  const rows = await db
    .selectFrom('mentees')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('status', '=', 'active')
    .where('id', 'in', [...ids])
    .$if(createdBy !== undefined, (qb) => qb.where('created_at', '<=', createdBy!))
    .where(
      (eb) =>
        sql<boolean>`(exists (select 1 from unnest(${eb.ref('desired_occupations')}) d where left(d, 4) = ${field})
          or ${eb.ref('experience')} @> jsonb_build_array(jsonb_build_object('occupation', ${occupationCode}::text)))`,
    )
    .execute();
  return rows.map(toProfile);
}

/** Records new matches; a pair found before (re-published, edited) stays as it was. Returns how many were new. */
export async function insertNewMatches(db: Db, pairs: readonly { menteeId: string; vacancyId: string }[]): Promise<number> {
  if (pairs.length === 0) return 0;
  const result = await db
    .insertInto('mentee_new_matches')
    .values(pairs.map((p) => ({ mentee_id: p.menteeId, vacancy_id: p.vacancyId })))
    .onConflict((oc) => oc.columns(['mentee_id', 'vacancy_id']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}

// ---- the daily digest (digest.ts) ----

export interface DigestRow {
  mentorId: string;
  mentorEmail: string;
  menteeId: string;
  menteeCode: string;
  count: number;
}

/**
 * Per mentee, how many matches are neither seen nor mailed, with the mentee's mentor when she
 * is an enabled mentor of the mentee's project who has not switched the digest off. Only
 * active mentees and vacancies still visible today.
 */
export async function listUndigested(db: Db, today: string, upTo: Date): Promise<DigestRow[]> {
  const rows = await visibleVacancies(db, today)
    .innerJoin('mentee_new_matches as n', 'n.vacancy_id', 'v.id')
    .innerJoin('mentees as m', 'm.id', 'n.mentee_id')
    .innerJoin('accounts as a', 'a.id', 'm.mentor_id')
    .select([
      'a.id as mentorId',
      'a.email as mentorEmail',
      'm.id as menteeId',
      'm.code as menteeCode',
      (eb) => eb.fn.countAll<string>().as('n'),
    ])
    .where('n.seen_at', 'is', null)
    .where('n.digested_at', 'is', null)
    .where('n.found_at', '<=', upTo)
    .where('m.status', '=', 'active')
    .where(enabledMentorOf('m.project_id'))
    .where('a.new_match_digest', '=', true)
    .groupBy(['a.id', 'a.email', 'm.id', 'm.code'])
    .orderBy('a.id')
    .orderBy('m.code')
    .execute();
  return rows.map(({ n, ...row }) => ({ ...row, count: Number(n) }));
}

/** The digest named these mentees' new matches: they are not mailed again (found after `upTo`, they wait for tomorrow). */
export async function markDigested(db: Db, menteeIds: readonly string[], upTo: Date): Promise<void> {
  if (menteeIds.length === 0) return;
  await db
    .updateTable('mentee_new_matches')
    .set({ digested_at: sql`now()` })
    .where('mentee_id', 'in', [...menteeIds])
    .where('digested_at', 'is', null)
    .where('seen_at', 'is', null)
    .where('found_at', '<=', upTo)
    .execute();
}

// ---- the mentor's setting (/account) ----

export async function digestWanted(db: Db, accountId: string): Promise<boolean> {
  const row = await db.selectFrom('accounts').select('new_match_digest').where('id', '=', accountId).executeTakeFirst();
  return row?.new_match_digest ?? true;
}

export async function setDigestWanted(db: Db, accountId: string, wanted: boolean): Promise<void> {
  await db.updateTable('accounts').set({ new_match_digest: wanted }).where('id', '=', accountId).execute();
}

/** The database's clock (found_at is written by it), as a cut-off both sides of a digest agree on. */
export async function databaseNow(db: Db): Promise<Date> {
  const { rows } = await sql<{ now: Date }>`SELECT now() AS now`.execute(db);
  return rows[0]!.now;
}
