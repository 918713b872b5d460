import { afterEach, describe, expect, it } from 'vitest';
import { DISTANCE_BAND_LIMITS_KM, bandSlices, distanceBands, placesWithin, useGazetteer } from '../../search/near.ts';
import { SearchUnavailableError } from '../../search/unavailable.ts';

/** Dresden as the places table has it (GeoNames). */
const DRESDEN = { lat: 51.05089, lng: 13.73832 };

/** Great-circle distance in km, computed here independently of the app (as test/search/support.ts; that file needs the app). */
function haversineKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lng - a.lng) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

/** Places due north of Dresden every 3 km out to 240 km: each band holds some. */
const PLACES = Array.from({ length: 81 }, (_, i) => ({ id: 100 + i, lat: DRESDEN.lat + (i * 3) / 111.195, lng: DRESDEN.lng }));

/** The place ids a band filter names ("placeId IN [1, 2]"), or those it leaves out ("NOT (placeId IN [...])"). */
const idsIn = (filter: string) =>
  filter
    .slice(filter.indexOf('[') + 1, filter.indexOf(']'))
    .split(', ')
    .filter(Boolean)
    .map(Number);

afterEach(() => useGazetteer([]));

describe('distance bands (search/near.ts)', () => {
  it('puts every place in exactly one band, in order of distance, split at the band limits', () => {
    useGazetteer(PLACES);
    const bands = distanceBands(DRESDEN);
    expect(bands.map((b) => b.toKm)).toEqual([...DISTANCE_BAND_LIMITS_KM, Infinity]);
    const last = bands.at(-1)!;
    expect(last.filter).toMatch(/^NOT \(placeId IN \[/);
    const named = bands.slice(0, -1).flatMap((b) => idsIn(b.filter));
    expect(new Set(named).size).toBe(named.length); // no place twice
    expect(idsIn(last.filter).sort()).toEqual([...named].sort()); // the last band is everything else
    for (const band of bands.slice(0, -1)) {
      for (const id of idsIn(band.filter)) {
        const km = haversineKm(
          DRESDEN,
          PLACES.find((p) => p.id === id)!,
        );
        expect(km).toBeGreaterThan(band.fromKm === 0 ? -1 : band.fromKm + 0.01);
        expect(km).toBeLessThanOrEqual(band.toKm + 0.01);
      }
    }
    // The place at 9 km is in 5–10, the one at 12 km in 10–20, and the origin in the first band.
    expect(idsIn(bands[0]!.filter)).toContain(100);
    expect(idsIn(bands[1]!.filter)).toContain(103);
    expect(idsIn(bands[2]!.filter)).toContain(104);
  });

  it('stops at the radius, naming exactly the places within it, and leaves out bands without a place', () => {
    useGazetteer(PLACES);
    for (const km of [0, 4, 10, 30, 150]) {
      const bands = distanceBands(DRESDEN, km);
      expect(bands.at(-1)!.toKm).toBe(km);
      expect(bands.flatMap((b) => idsIn(b.filter)).sort()).toEqual(placesWithin(DRESDEN, km).sort());
    }
    useGazetteer([PLACES[0]!, PLACES[40]!]); // 0 and 120 km: nothing between
    expect(distanceBands(DRESDEN, 150).map((b) => [b.fromKm, b.toKm])).toEqual([
      [0, 5],
      [100, 150],
    ]);
  });

  it('answers "search unavailable" before the gazetteer is loaded, so callers fall back to PostgreSQL', () => {
    expect(() => distanceBands(DRESDEN)).toThrow(SearchUnavailableError);
    expect(() => placesWithin(DRESDEN, 10)).toThrow(SearchUnavailableError);
  });
});

describe('bandSlices', () => {
  it('cuts a page out of the bands laid end to end', () => {
    expect(bandSlices([3, 0, 4, 10], 0, 5)).toEqual([
      { band: 0, offset: 0, limit: 3 },
      { band: 2, offset: 0, limit: 2 },
    ]);
    expect(bandSlices([3, 0, 4, 10], 5, 5)).toEqual([
      { band: 2, offset: 2, limit: 2 },
      { band: 3, offset: 0, limit: 3 },
    ]);
    expect(bandSlices([3, 0, 4, 10], 15, 5)).toEqual([{ band: 3, offset: 8, limit: 2 }]);
    expect(bandSlices([3, 0, 4, 10], 17, 5)).toEqual([]);
  });

  it('covers every hit exactly once over consecutive pages', () => {
    const counts = [2, 7, 0, 1, 13, 5];
    const total = counts.reduce((a, b) => a + b, 0);
    for (const perPage of [1, 4, 20]) {
      const seen: string[] = [];
      for (let offset = 0; offset < total + perPage; offset += perPage)
        for (const s of bandSlices(counts, offset, perPage)) for (let i = 0; i < s.limit; i += 1) seen.push(`${s.band}:${s.offset + i}`);
      expect(seen).toEqual(counts.flatMap((n, band) => Array.from({ length: n }, (_, i) => `${band}:${i}`)));
    }
  });
});
