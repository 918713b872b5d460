import { sql, type Expression, type Kysely, type Transaction } from 'kysely';
import type { VacancyRowForIndex } from '../../search/vacancy-index.ts';
import type { Database, Db } from '../db/database.ts';
import { toProfile } from '../mentees/queries.ts';
import { todayInBerlin } from '../time/berlin.ts';
import type { MenteeProfile } from '../mentees/types.ts';
import { selectVacancyRowsForIndex } from '../vacancies/queries.ts';

/** A vacancy that can be matched: published by an approved employer and not expired (the same rows the index holds). */
export async function findMatchableVacancy(db: Db, id: string, today: string): Promise<VacancyRowForIndex | undefined> {
  const [row] = await selectVacancyRowsForIndex(db, { ids: [id] });
  return row && (row.expires_at === null || row.expires_at >= today) ? row : undefined;
}

/** Active mentees of a project among the given ids (what the index found, checked against the source of truth). */
export async function findActiveProjectMentees(db: Db, projectId: number, ids: readonly string[]): Promise<MenteeProfile[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('mentees')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('status', '=', 'active')
    .where('id', 'in', ids)
    .execute();
  return rows.map(toProfile);
}

// ---- stored match lists (stored-lists.ts) ----

/**
 * Stores (shared) against invalidations (exclusive): a list is either stored before an invalidation looks
 * for the lists it concerns, or stored after it, seeing its trace (the race rule in stored-lists.ts).
 */
const MATCH_LIST_LOCK = 7_305_013;
/** A list older than this is refreshed by the worker even while fresh: what the reverse search misses appears within it. */
export const MATCH_LIST_MAX_AGE_MINUTES = 60;
/** How long a changed vacancy is remembered; a computation that started longer ago is stored as not fresh. */
const CHANGE_MEMORY_MINUTES = 60;

async function underLock<T>(db: Db, mode: 'shared' | 'exclusive', work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  const locked = async (trx: Transaction<Database>) => {
    await (
      mode === 'shared'
        ? sql`SELECT pg_advisory_xact_lock_shared(${MATCH_LIST_LOCK})`
        : sql`SELECT pg_advisory_xact_lock(${MATCH_LIST_LOCK})`
    ).execute(trx);
    return work(trx);
  };
  return db.isTransaction ? locked(db as Transaction<Database>) : (db as Kysely<Database>).transaction().execute(locked);
}

/** The row is fresh: computed for this profile version, on this Berlin day, with no invalidation since it began. */
const isFresh = (version: Expression<number>, today: string) =>
  sql<boolean>`coalesce(l.profile_version = ${version} and l.computed_on = ${today}::date and l.computed_generation = l.generation, false)`;

/** Parts of a stored list: its cards' `part` in match_list_cards. */
const PART = { matches: 0, stretch: 1 } as const;

/** A card of a part, or the list's row alone (no card in the range): the counts come with each. */
interface CardRow {
  matchCount: number;
  stretchCount: number;
  part: number | null;
  card: unknown;
}

/**
 * The fresh list's counts and its cards in the ranges (all when none), in order, as rows: PostgreSQL sends each card's
 * JSON as the text it stored (aggregating the cards into one JSON value cost it five times as much CPU).
 */
async function freshCards(db: Db, menteeId: string, version: number, today: string, window?: ListWindow): Promise<CardRow[]> {
  const inRange = (part: keyof typeof PART) =>
    window
      ? sql`(c.part = ${PART[part]} AND c.position > ${window[part].offset} AND c.position <= ${window[part].offset + window[part].size})`
      : sql`true`;
  const { rows } = await sql<CardRow>`
    SELECT l.match_count AS "matchCount", l.stretch_count AS "stretchCount", c.part, c.card
    FROM mentee_match_lists l
    LEFT JOIN match_list_cards c ON c.mentee_id = l.mentee_id AND (${inRange('matches')} OR ${inRange('stretch')})
    WHERE l.mentee_id = ${menteeId} AND ${isFresh(sql.val(version), today)}
    ORDER BY c.part, c.position`.execute(db);
  return rows;
}

/** The cards of one part, from `freshCards`'s rows. */
const cardsOf = (rows: readonly CardRow[], part: keyof typeof PART) => rows.filter((r) => r.part === PART[part]).map((r) => r.card);

/** The stored list of a mentee when it is fresh: `{ matches, stretch }` as it was stored. */
export async function findFreshMatchList(db: Db, menteeId: string, version: number, today: string): Promise<unknown> {
  const rows = await freshCards(db, menteeId, version, today);
  return rows.length === 0 ? undefined : { matches: cardsOf(rows, 'matches'), stretch: cardsOf(rows, 'stretch') };
}

/** A run of cards: `size` of them from `offset` on. */
export interface CardRange {
  offset: number;
  size: number;
}

/** Which cards of a list a page shows: a range of the matches and a range of the near misses ("stretch"). */
export interface ListWindow {
  matches: CardRange;
  stretch: CardRange;
}

/** A window of a stored list, with the whole list's counts (stored-lists.ts `listWindow` cuts a list in memory alike). */
export interface StoredListWindow {
  matchCount: number;
  stretchCount: number;
  matches: unknown[];
  stretch: unknown[];
}

/**
 * A window of the mentee's list when it is fresh: the cards a page shows (a list holds about 70 explained matches,
 * ~100 KB of JSON; a page shows 15, the overview 3), read by primary key, and the whole list's counts.
 */
export async function findFreshListWindow(
  db: Db,
  menteeId: string,
  version: number,
  today: string,
  window: ListWindow,
): Promise<StoredListWindow | undefined> {
  const rows = await freshCards(db, menteeId, version, today, window);
  const [first] = rows;
  if (!first) return undefined;
  return {
    matchCount: first.matchCount,
    stretchCount: first.stretchCount,
    matches: cardsOf(rows, 'matches'),
    stretch: cardsOf(rows, 'stretch'),
  };
}

/**
 * A computation begins: the mentee's row exists from now on (a placeholder until the first list is stored), so
 * an invalidation of her list cannot miss it, and its generation and the database's clock are read.
 */
export async function beginMatchList(db: Db, menteeId: string): Promise<{ generation: number; startedAt: string }> {
  return underLock(db, 'shared', async (trx) => {
    await sql`INSERT INTO mentee_match_lists (mentee_id)
      SELECT id FROM mentees WHERE id = ${menteeId}
      ON CONFLICT (mentee_id) DO NOTHING`.execute(trx);
    // As text: PostgreSQL's microseconds, which a JavaScript Date would cut to milliseconds (two computations begun in
    // the same millisecond would then tie, and the older one could overwrite the newer one's list).
    const { rows } = await sql<{ generation: number | null; started_at: string }>`
      SELECT (SELECT generation FROM mentee_match_lists WHERE mentee_id = ${menteeId}) AS generation, clock_timestamp()::text AS started_at`.execute(
      trx,
    );
    return { generation: rows[0]!.generation ?? 0, startedAt: rows[0]!.started_at };
  });
}

export interface ComputedMatchList {
  menteeId: string;
  profileVersion: number;
  computedOn: string;
  /** What `beginMatchList` returned. */
  generation: number;
  /** A PostgreSQL timestamp with microseconds, as text. */
  startedAt: string;
  vacancyIds: readonly string[];
  /** The list's cards, each turned into JSON as it is (plain data: strings, numbers, booleans, null). */
  matches: readonly unknown[];
  stretch: readonly unknown[];
}

/**
 * Stores a computed list unless a later computation's is there already. It is stored as not fresh when the
 * generation moved since it began (the row was invalidated) or when one of its vacancies changed in the index
 * since it began (the invalidation looked at the row before this list was in it). The list's row is written first:
 * its row lock orders two stores of one mentee, so the cards are those of the list the row says.
 */
export async function storeMatchList(db: Db, c: ComputedMatchList): Promise<void> {
  const ids = sql`${[...c.vacancyIds]}::uuid[]`;
  await underLock(db, 'shared', async (trx) => {
    const { rows } = await sql`INSERT INTO mentee_match_lists AS l
        (mentee_id, profile_version, computed_on, computed_generation, vacancy_ids, match_count, stretch_count, computed_at)
      SELECT m.id, ${c.profileVersion}, ${c.computedOn}::date,
        CASE WHEN ${c.startedAt}::timestamptz < clock_timestamp() - make_interval(mins => ${CHANGE_MEMORY_MINUTES})
          OR EXISTS (SELECT 1 FROM match_list_vacancy_changes ch WHERE ch.changed_at >= ${c.startedAt}::timestamptz AND ch.vacancy_ids && ${ids})
        THEN NULL ELSE ${c.generation}::int END,
        ${ids}, ${c.matches.length}, ${c.stretch.length}, ${c.startedAt}::timestamptz
      FROM mentees m WHERE m.id = ${c.menteeId}
      ON CONFLICT (mentee_id) DO UPDATE SET
        profile_version = excluded.profile_version, computed_on = excluded.computed_on,
        computed_generation = excluded.computed_generation, vacancy_ids = excluded.vacancy_ids,
        match_count = excluded.match_count, stretch_count = excluded.stretch_count, computed_at = excluded.computed_at
      WHERE l.computed_at IS NULL OR l.computed_at <= excluded.computed_at
      RETURNING l.mentee_id`.execute(trx);
    // A later computation's list is there (or the mentee is gone): its cards stay.
    if (rows.length === 0) return;
    await trx.deleteFrom('match_list_cards').where('mentee_id', '=', c.menteeId).execute();
    const part = (n: number, list: readonly unknown[]) =>
      sql`SELECT ${n}::smallint AS part, x.i::int AS position, x.card::json AS card
        FROM unnest(${list.map((card) => JSON.stringify(card))}::text[]) WITH ORDINALITY AS x(card, i)`;
    await sql`INSERT INTO match_list_cards (mentee_id, part, position, card)
      SELECT ${c.menteeId}, p.part, p.position, p.card FROM (${part(PART.matches, c.matches)} UNION ALL ${part(PART.stretch, c.stretch)}) p`.execute(
      trx,
    );
  });
}

/** Vacancies changed in the index: the lists holding one are not fresh, nor is any list being computed meanwhile. */
export async function invalidateListsHolding(db: Db, vacancyIds: readonly string[]): Promise<number> {
  if (vacancyIds.length === 0) return 0;
  const ids = sql`${[...vacancyIds]}::uuid[]`;
  return underLock(db, 'exclusive', async (trx) => {
    await sql`INSERT INTO match_list_vacancy_changes (changed_at, vacancy_ids) VALUES (clock_timestamp(), ${ids})`.execute(trx);
    const result = await sql`UPDATE mentee_match_lists SET generation = generation + 1 WHERE vacancy_ids && ${ids}`.execute(trx);
    return Number(result.numAffectedRows ?? 0n);
  });
}

/** These mentees' lists are not fresh (a vacancy newly fits them). */
export async function invalidateListsOf(db: Db, menteeIds: readonly string[]): Promise<number> {
  if (menteeIds.length === 0) return 0;
  return underLock(db, 'exclusive', async (trx) => {
    const result = await sql`UPDATE mentee_match_lists SET generation = generation + 1
      WHERE mentee_id = ANY(${[...menteeIds]}::uuid[])`.execute(trx);
    return Number(result.numAffectedRows ?? 0n);
  });
}

/** No list is fresh (the whole index was rebuilt or repaired). */
export async function invalidateAllLists(db: Db): Promise<number> {
  return underLock(db, 'exclusive', async (trx) => {
    const result = await sql`UPDATE mentee_match_lists SET generation = generation + 1`.execute(trx);
    return Number(result.numAffectedRows ?? 0n);
  });
}

/** Forgets vacancy changes no computation can still be running across. */
export async function forgetOldVacancyChanges(db: Db): Promise<void> {
  await sql`DELETE FROM match_list_vacancy_changes
    WHERE changed_at < clock_timestamp() - make_interval(mins => ${CHANGE_MEMORY_MINUTES})`.execute(db);
}

/**
 * Mentees (not closed) whose list is to be computed: missing or not fresh first, then fresh lists older than
 * MATCH_LIST_MAX_AGE_MINUTES; the oldest computation first.
 */
export async function dueMatchLists(db: Db, today: string, limit: number): Promise<MenteeProfile[]> {
  const rows = await db
    .selectFrom('mentees as m')
    .leftJoin('mentee_match_lists as l', 'l.mentee_id', 'm.id')
    .selectAll('m')
    .where('m.status', '<>', 'closed')
    .where((eb) =>
      eb.or([
        eb.not(isFresh(eb.ref('m.version'), today)),
        eb('l.computed_at', '<', sql<Date>`now() - make_interval(mins => ${MATCH_LIST_MAX_AGE_MINUTES})`),
      ]),
    )
    .orderBy(isFresh(sql.ref('m.version'), today))
    .orderBy(sql`l.computed_at asc nulls first`)
    // Among lists never computed, the newest profiles first: their mentors are the likeliest to look now.
    .orderBy('m.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toProfile);
}

/** How many mentees (not closed) have no fresh list today (the bench waits for none). */
export async function staleMatchListCount(db: Db, today = todayInBerlin()): Promise<number> {
  const row = await db
    .selectFrom('mentees as m')
    .leftJoin('mentee_match_lists as l', 'l.mentee_id', 'm.id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('m.status', '<>', 'closed')
    .where((eb) => eb.not(isFresh(eb.ref('m.version'), today)))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
