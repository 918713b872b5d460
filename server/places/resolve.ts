import { loadPlaces, type PlaceData } from './data.ts';

/**
 * The search form's town field: any place name or postcode, resolved here on the server instead of
 * a ~850-option <datalist> in every page. People type "Goerlitz", "Gorlitz", "GÖRLITZ", "meißen",
 * "Annaberg Buchholz", "01069 Dresden": all of them find the town. What finds nothing gets a
 * "did you mean" list, never an error page.
 */
export type TownLookup = { place: PlaceData; suggestions?: undefined } | { place: null; suggestions: string[] };

/** Longer input is no town name; cut before any work on the content (names are at most ~30 letters). */
const MAX_INPUT = 60;
const MAX_SUGGESTIONS = 3;

/**
 * A place name as a key: lower case, ß as ss, umlauts either expanded (ö → oe) or stripped (ö → o), other accents
 * dropped, and everything but letters and digits gone (spaces, hyphens, dots, brackets: "Halle (Saale)" → hallesaale).
 */
function nameKey(text: string, umlauts: 'expand' | 'strip'): string {
  let value = text.toLowerCase().replaceAll('ß', 'ss');
  value =
    umlauts === 'expand'
      ? value.replaceAll('ä', 'ae').replaceAll('ö', 'oe').replaceAll('ü', 'ue')
      : value.replaceAll('ä', 'a').replaceAll('ö', 'o').replaceAll('ü', 'u');
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]/gu, '');
}

interface Gazetteer {
  byKey: Map<string, PlaceData[]>;
  byPostcode: Map<string, PlaceData>;
  /** One entry per distinct name: what "did you mean" offers. */
  names: { label: string; key: string; place: PlaceData }[];
}

/** Where a name is shared: the town with a postcode first, then the Saxon one (as findPlace in queries.ts). */
const preference = (a: PlaceData, b: PlaceData) =>
  Number(a.postcode === null) - Number(b.postcode === null) || Number(a.state !== '13') - Number(b.state !== '13') || a.id - b.id;

let gazetteer: Gazetteer | undefined;

function load(): Gazetteer {
  if (gazetteer) return gazetteer;
  const places = [...loadPlaces()].sort(preference);
  const byKey = new Map<string, PlaceData[]>();
  const byPostcode = new Map<string, PlaceData>();
  const names = new Map<string, { label: string; key: string; place: PlaceData }>();
  for (const place of places) {
    for (const key of new Set([nameKey(place.name, 'expand'), nameKey(place.name, 'strip')])) {
      byKey.set(key, [...(byKey.get(key) ?? []), place]);
    }
    if (place.postcode && !byPostcode.has(place.postcode)) byPostcode.set(place.postcode, place);
    if (!names.has(place.name)) names.set(place.name, { label: place.name, key: nameKey(place.name, 'expand'), place });
  }
  gazetteer = { byKey, byPostcode, names: [...names.values()] };
  return gazetteer;
}

/** The one place a text names, or what it might have meant. */
export function resolveTown(text: string): TownLookup {
  const { byKey, byPostcode } = load();
  const value = text.trim().slice(0, MAX_INPUT);
  const postcode = /\d{5}/.exec(value)?.[0];
  // "01069 Dresden", "Dresden (01067)", "Dresden, 01067": the words without the postcode.
  const words = postcode ? value.replace(postcode, ' ') : value;
  const keys = [nameKey(words, 'expand'), nameKey(words, 'strip')].filter((k) => k !== '');
  const named = [...new Set(keys.flatMap((k) => byKey.get(k) ?? []))].sort(preference);
  if (postcode) {
    const exact = byPostcode.get(postcode);
    if (exact && (named.length === 0 || named.includes(exact))) return { place: exact };
    if (keys.length === 0) {
      const near = nearestPostcode(postcode);
      return near ? { place: near } : { place: null, suggestions: postcodeSuggestions(postcode) };
    }
  }
  if (named.length > 0) return { place: named.find((p) => p.postcode === postcode) ?? named[0]! };
  return { place: null, suggestions: suggestTowns(keys[0] ?? '') };
}

/**
 * The gazetteer holds one postcode per town; the cities have dozens. Their delivery ranges (Deutsche Post),
 * so "04315" is Leipzig and not the nearest number in the list (Markkleeberg 04416).
 */
const CITY_POSTCODE_RANGES: [from: string, to: string, town: string][] = [
  ['01067', '01328', 'Dresden'],
  ['02826', '02828', 'Görlitz'],
  ['04103', '04357', 'Leipzig'],
  ['06108', '06132', 'Halle (Saale)'],
  ['08056', '08068', 'Zwickau'],
  ['08523', '08529', 'Plauen'],
  ['09111', '09247', 'Chemnitz'],
];

/**
 * A postcode the gazetteer does not hold (it knows one per town: 01067 for Dresden, not 01069):
 * the town whose postcode shares the longest start with it, at least three digits (the same
 * delivery area), the numerically closest on a tie.
 */
function nearestPostcode(postcode: string): PlaceData | undefined {
  const city = CITY_POSTCODE_RANGES.find(([from, to]) => postcode >= from && postcode <= to)?.[2];
  const inCity = city ? load().byKey.get(nameKey(city, 'expand'))?.[0] : undefined;
  if (inCity) return inCity;
  let best: { place: PlaceData; shared: number; gap: number } | undefined;
  for (const [code, place] of load().byPostcode) {
    let shared = 0;
    while (shared < 5 && code[shared] === postcode[shared]) shared += 1;
    const gap = Math.abs(Number(code) - Number(postcode));
    if (shared >= 3 && (!best || shared > best.shared || (shared === best.shared && gap < best.gap))) best = { place, shared, gap };
  }
  return best?.place;
}

/** Towns in the same two-digit postcode region, the numerically closest first. */
function postcodeSuggestions(postcode: string): string[] {
  return [...load().byPostcode]
    .filter(([code]) => code.slice(0, 2) === postcode.slice(0, 2))
    .sort(([a], [b]) => Math.abs(Number(a) - Number(postcode)) - Math.abs(Number(b) - Number(postcode)))
    .slice(0, MAX_SUGGESTIONS)
    .map(([code, place]) => `${place.name} (${code})`);
}

/**
 * "Did you mean": names that start with what was typed ("Chemn" → Chemnitz, "Halle" → Halle (Saale)), then names within
 * a few edits (a third of the length, at most 3). The key is at most MAX_INPUT letters and names ~30, so each
 * comparison is bounded and the whole look-up linear in the ~700 names.
 */
function suggestTowns(key: string): string[] {
  if (key.length < 2) return [];
  const allowed = Math.min(3, Math.max(1, Math.floor(key.length / 3)));
  const scored: { label: string; score: number; place: PlaceData }[] = [];
  for (const { label, key: nameKeyValue, place } of load().names) {
    if (nameKeyValue.startsWith(key)) scored.push({ label, score: 0, place });
    else {
      const distance = boundedEditDistance(key, nameKeyValue, allowed);
      if (distance <= allowed) scored.push({ label, score: distance, place });
    }
  }
  return scored
    .sort((a, b) => a.score - b.score || preference(a.place, b.place) || a.label.localeCompare(b.label, 'de'))
    .slice(0, MAX_SUGGESTIONS)
    .map((s) => s.label);
}

/** Levenshtein distance, or `limit + 1` as soon as it must exceed `limit` (two rows, no table). */
export function boundedEditDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      rowMin = Math.min(rowMin, current[j]!);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}
