import { distanceKm } from '../server/domain.ts';
import { filter } from './filters.ts';

/**
 * "Within r km of here" as a filter Meilisearch evaluates cheaply.
 *
 * Every vacancy sits at a place of the gazetteer (it carries that place's id
 * and coordinates), so the vacancies within a radius are exactly those whose
 * place lies within it. Meilisearch's `_geoRadius` tests every document's
 * coordinates: about 8 ms per condition at 100,000 vacancies on the 2-core
 * machine, and a match request has up to six of them. `placeId IN [...]`,
 * with the places worked out here from about 700 towns, is a union of a few
 * hundred small sets and costs well under a millisecond.
 *
 * Until the gazetteer is known (set when search is set up) the filter falls
 * back to `_geoRadius`, which gives the same answer, only slower.
 */
export interface GazetteerPlace {
  id: number;
  lat: number;
  lng: number;
}

let gazetteer: readonly GazetteerPlace[] = [];

/** The places vacancies can be at (the places table), loaded once when search is set up. */
export function useGazetteer(places: readonly GazetteerPlace[]): void {
  gazetteer = places;
}

/** The places within `km` of `origin` (radius 0: the origin's own place). */
export function placesWithin(origin: { lat: number; lng: number }, km: number): number[] {
  // Half a metre of slack: the origin place itself is at a computed 0 km, never rounded away.
  const limit = Math.max(km, 0) + 0.0005;
  return gazetteer.filter((place) => distanceKm(origin, place) <= limit).map((place) => place.id);
}

/** The filter "within km of origin". */
export function withinKm(origin: { lat: number; lng: number }, km: number): string {
  if (gazetteer.length === 0) return filter.geoRadius(origin.lat, origin.lng, Math.max(km * 1000, 1));
  const ids = placesWithin(origin, km);
  // No place in reach (an origin off the gazetteer with radius 0): nothing matches.
  if (ids.length === 0) return 'placeId = -1';
  return `placeId IN [${ids.join(', ')}]`;
}
