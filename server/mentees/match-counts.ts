import type { FastifyInstance } from 'fastify';
import type { MenteeProfile } from './types.ts';

/**
 * How many vacancies fit each mentee, for the list. Null when search is
 * unavailable: the list still shows, without the counts.
 */
export async function menteeMatchCounts(app: FastifyInstance, mentees: MenteeProfile[]): Promise<Map<string, number> | null> {
  if (mentees.length === 0) return new Map();
  if (!app.searchEngine.available()) return null;
  return null; // wired to search/matching.ts matchCounts once it lands (same session)
}
