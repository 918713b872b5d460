import type { FastifyInstance } from 'fastify';
import type { Meilisearch } from 'meilisearch';
import type { ChangedDocuments } from '../../search/sources.ts';
import { matchVacancies, type Match, type MatchList, type OccupationLookup } from '../../search/matching.ts';
import type { Db } from '../db/database.ts';
import type { MenteeProfile } from '../mentees/types.ts';
import * as queries from './queries.ts';
import type { ListWindow } from './queries.ts';

/*
 * Each mentee's match list, kept in PostgreSQL (mentee_match_lists) and served from there while it is fresh:
 * computed for the profile's version, on today's Berlin day, with no invalidation since its computation began.
 *
 * The race rule. A computation reads the row's generation (creating the row if need be) before it asks
 * Meilisearch, and stores its list with that generation; every invalidation bumps the generation of the rows it
 * concerns, and runs only after Meilisearch confirmed the change. So a computation that may have seen the index
 * before a change is stored as not fresh, and one that began after the change was searchable is fresh. A vacancy's
 * change concerns the lists that hold it, which a list being computed may not hold yet: such a change is also
 * remembered (match_list_vacancy_changes), and a list holding a vacancy that changed after its computation began
 * is stored as not fresh.
 */

type Listener = () => void;
const listeners = new Set<Listener>();

/** Called after every invalidation in this process (the worker refreshes at once instead of at its next poll). */
export function onMatchListsInvalidated(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function invalidated(count: number): void {
  if (count > 0) for (const listener of listeners) listener();
}

/** Vacancies changed in (or left) the index, or the whole index was rebuilt or repaired: the vacancy source's `afterChange`. */
export async function vacanciesChanged(db: Db, changed: ChangedDocuments): Promise<void> {
  invalidated(changed === 'all' ? await queries.invalidateAllLists(db) : await queries.invalidateListsHolding(db, changed));
}

/** Vacancies newly fit these mentees (server/new-matches/detect.ts): their lists are computed again. */
export async function menteesGotNewVacancies(db: Db, menteeIds: readonly string[]): Promise<void> {
  invalidated(await queries.invalidateListsOf(db, [...new Set(menteeIds)]));
}

/** Computations under way in this process, by mentee, version and day: concurrent visits share one. */
const inFlight = new Map<string, Promise<MatchList>>();

/**
 * Computes the mentee's list at Meilisearch and stores it (the race rule above). Errors of the search (down,
 * timed out) reach the caller; nothing is stored then.
 */
export function computeMatchList(
  app: FastifyInstance,
  client: Meilisearch,
  mentee: MenteeProfile,
  occupations: OccupationLookup,
  today: string,
): Promise<MatchList> {
  const key = `${mentee.id}:${mentee.version}:${today}`;
  let computing = inFlight.get(key);
  if (!computing) {
    computing = (async () => {
      const { generation, startedAt } = await queries.beginMatchList(app.db, mentee.id);
      const list = await matchVacancies(client, mentee, occupations, today, app.searchEngine.matchTextCache);
      const vacancyIds = [...list.matches, ...list.stretch].map((m) => m.vacancy.id);
      await queries.storeMatchList(app.db, {
        menteeId: mentee.id,
        profileVersion: mentee.version,
        computedOn: today,
        generation,
        startedAt,
        vacancyIds,
        matches: list.matches,
        stretch: list.stretch,
      });
      return list;
    })().finally(() => inFlight.delete(key));
    inFlight.set(key, computing);
  }
  return computing;
}

/** The fresh stored list of the mentee, or undefined (none stored, or not fresh). */
export async function freshMatchList(app: FastifyInstance, mentee: MenteeProfile, today: string): Promise<MatchList | undefined> {
  // Written by computeMatchList from a MatchList's cards: plain JSON (strings, numbers, booleans, null), so they read back equal.
  return (await queries.findFreshMatchList(app.db, mentee.id, mentee.version, today)) as MatchList | undefined;
}

/** The cards of a list a page shows (`window`) and the whole list's counts. */
export interface MatchWindow {
  matchCount: number;
  stretchCount: number;
  matches: Match[];
  stretch: Match[];
}

/** The same cut as queries.ts `findFreshListWindow` makes in SQL, of a list just computed. */
export function listWindow(list: MatchList, window: ListWindow): MatchWindow {
  const { matches: m, stretch: s } = window;
  return {
    matchCount: list.matches.length,
    stretchCount: list.stretch.length,
    matches: list.matches.slice(m.offset, m.offset + m.size),
    stretch: list.stretch.slice(s.offset, s.offset + s.size),
  };
}

/** A window of the mentee's fresh stored list (only its cards are read and parsed), or undefined. */
export async function freshMatchWindow(
  app: FastifyInstance,
  mentee: MenteeProfile,
  today: string,
  window: ListWindow,
): Promise<MatchWindow | undefined> {
  // Cut from what computeMatchList stored: plain JSON, the Match objects as they were.
  return (await queries.findFreshListWindow(app.db, mentee.id, mentee.version, today, window)) as MatchWindow | undefined;
}
