import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { findPlace } from '../../server/places/queries.ts';

export { createTestMentee, employerOf, mentorOf, publishVacancy, twoProjects } from '../helpers/factories.ts';
import { haversineKm } from '../search/support.ts';

/** Distance between two towns of the gazetteer, computed here independently of the app. */
export async function kmBetweenTowns(app: FastifyInstance, from: string, to: string): Promise<number> {
  const [a, b] = await Promise.all([findPlace(app.db, from), findPlace(app.db, to)]);
  expect(a, from).toBeDefined();
  expect(b, to).toBeDefined();
  return haversineKm(a!, b!);
}

export const GERMAN_RANK: Record<string, number> = { none: 0, A1: 1, A2: 2, B1: 3, B2: 4, C1: 5, C2: 6 };

export interface CriterionJson {
  name: string;
  status: 'met' | 'stretched' | 'not_needed' | 'unmet';
  detail: string;
  values: Record<string, unknown>;
}
export interface MatchJson {
  vacancy: {
    id: string;
    distanceKm: number;
    location: { lat: number; lng: number };
    kind: string;
    germanLevel: string;
    workingTime: string;
  } & Record<string, unknown>;
  score: number;
  criteria: CriterionJson[];
}

export const CRITERIA_ORDER = ['occupation', 'kind', 'distance', 'german', 'workingTime', 'drivingLicence', 'qualification', 'workPermit'];

export function criterion(match: { criteria: CriterionJson[] }, name: string): CriterionJson {
  const found = match.criteria.find((c) => c.name === name);
  if (!found) throw new Error(`No criterion ${name}`);
  return found;
}

/**
 * Lets the match-list worker (off in tests) compute every due list now. It computes the lists of every mentee
 * the suite has made so far that has none: call it where that is meant, else drain a worker of your own.
 */
export async function flushMatchLists(app: FastifyInstance): Promise<void> {
  for (let round = 0; round < 10_000; round += 1) {
    if ((await app.matchLists.worker.drainOnce()) === 0) return;
  }
  throw new Error('The match lists did not get fresh');
}
