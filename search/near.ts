import { distanceKm } from '../server/domain.ts';
import { filter } from './filters.ts';
import { SearchUnavailableError } from './unavailable.ts';

/**
 * Distance in the vacancies index, without `_geo`.
 *
 * Every vacancy sits at a place of the gazetteer (it carries that place's id
 * and coordinates), so the vacancies within a radius are exactly those whose
 * place lies within it, and "nearest first" is the places in order of
 * distance. Both are worked out here from about 700 towns and sent as
 * `placeId IN [...]`, a union of a few hundred small sets (well under a
 * millisecond at 100,000 vacancies; Meilisearch's `_geoRadius` took about
 * 8 ms per condition). The vacancies index keeps `_geo` neither filterable nor
 * sortable: with it, Meilisearch 1.21 rewrites the geo index of every
 * document on each batch, which made a one-document update take seconds at
 * 100,000 vacancies (search/README.md, "How updates behave").
 *
 * The gazetteer is loaded when search is set up, before any search client
 * exists (server/plugins/search.ts); asked before that, a filter answers
 * "search unavailable" and the caller falls back to PostgreSQL.
 */
export interface GazetteerPlace {
  id: number;
  lat: number;
  lng: number;
}

/** A place and its distance from an origin. */
interface PlaceAt {
  id: number;
  km: number;
}

let gazetteer: readonly GazetteerPlace[] = [];
/** The gazetteer ordered by distance, per origin: a public search or a mentee asks from the same few hundred towns. */
const byOrigin = new Map<string, readonly PlaceAt[]>();
/** Origins kept; past this the cache starts over (an origin costs about 700 distances to compute again). */
const ORIGINS_KEPT = 2_000;

/** The places vacancies can be at (the places table), loaded once when search is set up. */
export function useGazetteer(places: readonly GazetteerPlace[]): void {
  gazetteer = places;
  byOrigin.clear();
}

/** Half a metre of slack: the origin place itself is at a computed 0 km, never rounded away. */
const SLACK_KM = 0.0005;

/** Every place with its distance from origin, nearest first. */
function placesByDistance(origin: { lat: number; lng: number }): readonly PlaceAt[] {
  if (gazetteer.length === 0) throw new SearchUnavailableError('The gazetteer is not loaded yet (search is not set up)');
  const key = `${origin.lat},${origin.lng}`;
  let places = byOrigin.get(key);
  if (!places) {
    places = gazetteer.map((place) => ({ id: place.id, km: distanceKm(origin, place) })).sort((a, b) => a.km - b.km || a.id - b.id);
    if (byOrigin.size >= ORIGINS_KEPT) byOrigin.clear();
    byOrigin.set(key, places);
  }
  return places;
}

/** The places within `km` of `origin` (radius 0: the origin's own place). */
export function placesWithin(origin: { lat: number; lng: number }, km: number): number[] {
  const limit = Math.max(km, 0) + SLACK_KM;
  return placesByDistance(origin)
    .filter((place) => place.km <= limit)
    .map((place) => place.id);
}

const placeIdIn = (ids: readonly number[]) => (ids.length === 0 ? 'placeId = -1' : `placeId IN [${ids.join(', ')}]`);

/** The filter "within km of origin"; no place in reach (an origin off the gazetteer with radius 0): nothing matches. */
export function withinKm(origin: { lat: number; lng: number }, km: number): string {
  return placeIdIn(placesWithin(origin, km));
}

/**
 * Where "nearest first" draws its lines: a vacancy 3 km away comes before one 7 km away, but two
 * within the same band come newest first. Finer near the origin, where a few kilometres matter
 * most to someone travelling by bus; past 100 km everything is one band.
 */
export const DISTANCE_BAND_LIMITS_KM = [5, 10, 20, 35, 50, 75, 100] as const;

/** One band of distance from an origin: the vacancies whose place lies in (fromKm, toKm]. */
export interface DistanceBand {
  fromKm: number;
  /** Infinity for the last band. */
  toKm: number;
  /** `placeId IN [...]`, or for the last band `NOT placeId IN [...]` of the nearer places, so every vacancy is in exactly one band. */
  filter: string;
}

/**
 * The bands from origin out to `maxKm` (default: all of them), nearest first, those without a
 * place left out. Together they name each vacancy within `maxKm` exactly once, the same ones
 * `withinKm(origin, maxKm)` does (same slack at every line), so paging through them in order
 * neither repeats nor skips one.
 */
export function distanceBands(origin: { lat: number; lng: number }, maxKm = Infinity): DistanceBand[] {
  const places = placesByDistance(origin);
  const limits = [...DISTANCE_BAND_LIMITS_KM.filter((km) => km < maxKm), maxKm];
  const bands: DistanceBand[] = [];
  let next = 0; // places before this index lie in earlier bands
  let fromKm = 0;
  for (const toKm of limits) {
    const start = next;
    while (next < places.length && places[next]!.km <= toKm + SLACK_KM) next += 1;
    if (toKm === Infinity) {
      // Whatever is not nearer, so a vacancy at a place the gazetteer lacks is still listed (last).
      const nearer = places.slice(0, start).map((p) => p.id);
      bands.push({ fromKm, toKm, filter: start === 0 ? 'placeId EXISTS' : filter.not(placeIdIn(nearer)) });
    } else if (next > start) {
      bands.push({ fromKm, toKm, filter: placeIdIn(places.slice(start, next).map((p) => p.id)) });
    }
    fromKm = toKm;
  }
  return bands;
}

/** The part of a list of bands' hits a page needs: which bands, from which offset, how many. */
export interface BandSlice {
  band: number;
  offset: number;
  limit: number;
}

/**
 * Hits `offset` to `offset + limit` of the bands laid end to end, as slices of the bands
 * (counts: how many hits each band holds, in band order).
 */
export function bandSlices(counts: readonly number[], offset: number, limit: number): BandSlice[] {
  const slices: BandSlice[] = [];
  let start = 0; // the first hit of this band, counted over all bands
  counts.forEach((count, band) => {
    const from = Math.max(offset, start);
    const to = Math.min(offset + limit, start + count);
    if (to > from) slices.push({ band, offset: from - start, limit: to - from });
    start += count;
  });
  return slices;
}
