import type { FastifyInstance } from 'fastify';

/**
 * Unseen new matches per mentee (published vacancies that match an active mentee, found by
 * server/new-matches), for the "next step" of the mentee list and the overview. Until that
 * feature records any, there are none: an empty map, and the reason never shows.
 */
export async function newMatchCounts(_app: FastifyInstance, _menteeIds: readonly string[]): Promise<Map<string, number>> {
  return new Map();
}
