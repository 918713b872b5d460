import { MeilisearchApiError, type Meilisearch, type MultiSearchQuery, type MultiSearchResponse, type RecordAny } from 'meilisearch';
import { GERMAN_LEVELS, TRAVEL_KM_MAX, distanceKm, germanLevelRank } from '../server/domain.ts';
import { filter } from './filters.ts';
import { distanceBands, placesWithin, withinKm, type DistanceBand } from './near.ts';
import type { QueryCache } from './query-cache.ts';
import {
  TIER_WEIGHTS,
  STRETCH_DISTANCE_FACTOR,
  classify,
  codeRelevance,
  explain,
  pairScore,
  type Criterion,
  type MatchMentee,
  type Relevance,
} from './match-explain.ts';
import { MENTEE_INDEX, type MenteeDocument } from './mentee-index.ts';
import type { IndexedMentee } from './mentee-shape.ts';
import { VACANCY_INDEX, notExpiredOn, type VacancyDocument } from './vacancy-index.ts';
import { HIT_ATTRIBUTES, asUnavailable, toHit, type VacancyHit } from './vacancy-search.ts';

/**
 * Matching through Meilisearch, both directions. Every call takes the client,
 * so which key mentor searches use is decided in one place (the caller).
 * Hard constraints are filters; relevance comes from occupation codes in
 * tiers (desired, same field, experience) and a text query over the
 * occupation names; the explanation and the score come from match-explain.ts,
 * the one code path both directions share.
 */

export interface OccupationNames {
  title_de: string;
  title_en: string;
  synonyms: readonly string[];
}
export type OccupationLookup = ReadonlyMap<string, OccupationNames>;

export interface Match {
  vacancy: VacancyHit;
  score: number;
  criteria: Criterion[];
}
export interface MatchList {
  matches: Match[];
  stretch: Match[];
}

export const MATCH_LIMIT = 50;
export const STRETCH_LIMIT = 20;
/** Below this Meilisearch ranking score a text-only hit shares too little with the desired occupation's names. */
export const TEXT_SCORE_THRESHOLD = 0.3;

/** A hit's attributes (its pay included) and what classifying and explaining a match read besides. */
const VACANCY_ATTRIBUTES = [
  ...HIT_ATTRIBUTES,
  'germanLevelRank',
  'partTimeTraining',
  'drivingLicence',
  'qualification',
  'startAsap',
  'support',
];
const TEXT_ATTRIBUTES = ['title', 'occupationTitle', 'occupationSynonyms', 'occupationTitleEn'];

const not = filter.not;

function finite(value: number): number {
  if (!Number.isFinite(value)) throw new TypeError(`Not a finite number: ${value}`);
  return value;
}
/** Nearest first, for the mentees index (small: it keeps `_geo` sortable). The vacancies index goes by distance bands (plan). */
const byDistance = (origin: { lat: number; lng: number }) => [`_geoPoint(${finite(origin.lat)}, ${finite(origin.lng)}):asc`];
/** Vacancies within km of a point (search/near.ts). */
const radius = withinKm;

/** The occupation codes of each tier, disjoint: desired; the same 4-digit KldB field; experience. */
export function codeTiers(mentee: Pick<MatchMentee, 'desiredOccupations' | 'experience'>, occupations: OccupationLookup) {
  const desired = [...new Set(mentee.desiredOccupations)];
  const fields = new Set(desired.map((code) => code.slice(0, 4)));
  const sameField = [...occupations.keys()].filter((code) => fields.has(code.slice(0, 4)) && !desired.includes(code));
  const taken = new Set([...desired, ...sameField]);
  const experience = [...new Set(mentee.experience.map((e) => e.occupation))].filter((code) => !taken.has(code));
  return { desired, sameField, experience };
}

const FUNCTION_WORDS = new Set([
  'für',
  'und',
  'oder',
  'in',
  'im',
  'der',
  'die',
  'das',
  'den',
  'dem',
  'des',
  'mit',
  'von',
  'zur',
  'zum',
  'am',
  'an',
  'auf',
  'bei',
  'and',
  'the',
  'of',
  'for',
  'or',
  'with',
  'at',
  'to',
]);

const words = (text: string) => [
  ...new Set(
    text
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length >= 3 && !FUNCTION_WORDS.has(w)),
  ),
];

/** In how many occupations' names each word occurs: rare words name an occupation, common ones ("Fachkraft", "Helfer") do not. */
const frequencies = new WeakMap<OccupationLookup, Map<string, number>>();
function wordFrequencies(occupations: OccupationLookup): Map<string, number> {
  let counts = frequencies.get(occupations);
  if (!counts) {
    counts = new Map();
    for (const names of occupations.values()) {
      for (const word of new Set([...words(names.title_de), ...words(names.title_en)])) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
    frequencies.set(occupations, counts);
  }
  return counts;
}

/**
 * The text query for one desired occupation: the words of its German title
 * (both gendered forms), rarest first, then its English label. With the
 * matching strategy "last" Meilisearch may drop words from the end only, so
 * the most telling German word is always required ("Lagerlogistik", never
 * "Fachkraft" alone). Synonyms come from the index settings (synonymsFrom),
 * so "Koch" also finds "Jungkoch".
 */
export function textQuery(names: OccupationNames, occupations: OccupationLookup): string {
  const counts = wordFrequencies(occupations);
  const rarestFirst = (list: string[]) =>
    list
      .map((word, i) => ({ word, i }))
      .sort((a, b) => (counts.get(a.word) ?? 0) - (counts.get(b.word) ?? 0) || a.i - b.i)
      .map((x) => x.word);
  const german = rarestFirst(words(names.title_de));
  // English labels add their telling words only: each word makes the query slower, generic ones add nothing.
  const english = rarestFirst(words(names.title_en).filter((w) => !german.includes(w) && (counts.get(w) ?? 0) <= 2));
  return [...german.slice(0, 3), ...english.slice(0, 1)].join(' ');
}

/** The hard constraints that are never relaxed: not expired, kind, working time, driving licence. */
function baseFilter(mentee: MatchMentee, today: string): string[] {
  const parts = [notExpiredOn(today), filter.in('kind', mentee.desiredKinds)];
  if (mentee.workingTime === 'full') parts.push(filter.in('workingTime', ['full', 'either']));
  if (mentee.workingTime === 'part')
    parts.push(filter.any(filter.in('workingTime', ['part', 'either']), filter.isTrue('partTimeTraining')));
  if (!mentee.drivingLicence) parts.push(not(filter.isTrue('drivingLicence')));
  return parts;
}

/** Within the travel distance, German at most the mentee's level. */
function matchFilter(mentee: MatchMentee): string {
  return filter.all([radius(mentee.location, mentee.travelKm), filter.lte('germanLevelRank', germanLevelRank(mentee.germanLevel))]);
}

/**
 * Exactly one soft constraint broken: German one level above (within reach), or farther but at most 1.5 × the travel
 * distance. Null: nothing to stretch. A German course in progress widens the German band up to its target level: classify
 * decides whether it ends in time (german-course-rules.ts). Stretches of the qualification come from the match scope.
 */
function stretchFilter(mentee: MatchMentee): string | null {
  const rank = germanLevelRank(mentee.germanLevel);
  const courseRank = mentee.germanCourseLevel ? germanLevelRank(mentee.germanCourseLevel) : 0;
  const options: string[] = [];
  if (rank < GERMAN_LEVELS.length - 1)
    options.push(
      filter.all([
        filter.gte('germanLevelRank', rank + 1),
        filter.lte('germanLevelRank', Math.max(rank + 1, courseRank)),
        radius(mentee.location, mentee.travelKm),
      ]),
    );
  if (mentee.travelKm > 0) {
    options.push(
      filter.all([
        filter.lte('germanLevelRank', rank),
        radius(mentee.location, mentee.travelKm * STRETCH_DISTANCE_FACTOR),
        not(radius(mentee.location, mentee.travelKm)),
      ]),
    );
  }
  return options.length === 0 ? null : filter.any(...options.map((o) => `(${o})`));
}

/**
 * Text queries are most of a match list's cost (at 20,000 vacancies about 300 ms of Meilisearch each, a code tier
 * query about 5 ms: the words, their typos and synonyms are worked out over the whole index whatever the filter).
 * Their words depend on the desired occupation only, so the mentees who desire the same occupation can share one
 * answer: the same words without the mentee's own filter, only the expiry and the occupation's own field left out
 * (what every such mentee leaves out), every hit above TEXT_SCORE_THRESHOLD up to SHARED_TEXT_LIMIT. A
 * document's ranking score and its place in Meilisearch's order do not depend on the filter, so the mentee's
 * filter applied to this answer (textFilterInCode) gives the mentee's own query's hits in the same order.
 */
export const SHARED_TEXT_LIMIT = 1_000;
export type TextHit = VacancyDocument & { _rankingScore?: number };
/** The shared text answers by query (search/query-cache.ts); dropped with the other answers when the index changes. */
export type TextAnswerCache = Pick<QueryCache<readonly TextHit[]>, 'fetch'>;
interface SharedText {
  key: string;
  query: MultiSearchQuery;
  /** The mentee's own text filter, as a test of one document. */
  accepts: (doc: VacancyDocument) => boolean;
}

function sharedTextQuery(
  q: string,
  code: string,
  occupations: OccupationLookup,
  today: string,
  accepts: SharedText['accepts'],
): SharedText {
  const field = codeTiers({ desiredOccupations: [code], experience: [] }, occupations);
  const query: MultiSearchQuery = {
    indexUid: VACANCY_INDEX,
    q,
    filter: filter.all([notExpiredOn(today), not(filter.in('occupationCode', [...field.desired, ...field.sameField]))]),
    attributesToSearchOn: TEXT_ATTRIBUTES,
    matchingStrategy: 'last',
    showRankingScore: true,
    rankingScoreThreshold: TEXT_SCORE_THRESHOLD,
    limit: SHARED_TEXT_LIMIT,
    attributesToRetrieve: [...VACANCY_ATTRIBUTES, 'placeId'],
  };
  return { key: JSON.stringify(query), query, accepts };
}

/**
 * The filter of a mentee's text query (plan: baseFilter without the expiry, either scope of matchFilter and
 * stretchFilter, not a coded occupation) as a test of one document, line by line the same conditions; the
 * places come from the same placesWithin as the filters' placeId lists. test/matching/shared-text.test.ts
 * checks that both give the same hits.
 */
function textFilterInCode(mentee: MatchMentee, coded: readonly string[]): SharedText['accepts'] {
  const rank = germanLevelRank(mentee.germanLevel);
  const courseRank = mentee.germanCourseLevel ? germanLevelRank(mentee.germanCourseLevel) : 0;
  const near = new Set(placesWithin(mentee.location, mentee.travelKm));
  const farther = mentee.travelKm > 0 ? new Set(placesWithin(mentee.location, mentee.travelKm * STRETCH_DISTANCE_FACTOR)) : new Set();
  const excluded = new Set(coded);
  return (doc) => {
    if (!mentee.desiredKinds.includes(doc.kind) || excluded.has(doc.occupationCode)) return false;
    if (mentee.workingTime === 'full' && doc.workingTime !== 'full' && doc.workingTime !== 'either') return false;
    if (mentee.workingTime === 'part' && doc.workingTime !== 'part' && doc.workingTime !== 'either' && doc.partTimeTraining !== true)
      return false;
    if (!mentee.drivingLicence && doc.drivingLicence === true) return false;
    const within = near.has(doc.placeId);
    // matchFilter; then the two options of stretchFilter (German a level or a course above, or farther).
    if (within && doc.germanLevelRank <= rank) return true;
    if (
      rank < GERMAN_LEVELS.length - 1 &&
      within &&
      doc.germanLevelRank >= rank + 1 &&
      doc.germanLevelRank <= Math.max(rank + 1, courseRank)
    )
      return true;
    return mentee.travelKm > 0 && doc.germanLevelRank <= rank && farther.has(doc.placeId) && !within;
  };
}

type Tier = { kind: 'code' } | { kind: 'text'; related: string };
/** A text query also names its shared form (sharedTextQuery), which the mentees who desire the same occupation ask alike. */
type Planned = { tier: Tier; query: MultiSearchQuery; shared?: SharedText; banded?: Banded };

/**
 * A code tier is asked band by band (plan), but one query per tier and scope, without the band, usually
 * finds all of the tier's vacancies at once: then each band's newest `limit` are taken from it here, the
 * same ones the band's own query returns (the order is the same sort, the band the same places). Only
 * a tier with WHOLE_TIER_LIMIT vacancies or more is asked band by band. A page sent a query per band,
 * tier and scope (up to 45), each evaluating the whole filter again.
 */
export const WHOLE_TIER_LIMIT = 400;
interface Banded {
  /** The places of each band (bandPlaces), in the order of perBand. */
  places: ReadonlySet<number>[];
  perBand: MultiSearchQuery[];
  limit: number;
}

/** The places of each band, as distanceBands draws them (places within its outer line, not within its inner one); null for an open last band. */
function bandPlaces(origin: { lat: number; lng: number }, bands: readonly DistanceBand[]): ReadonlySet<number>[] | null {
  if (bands.some((band) => !Number.isFinite(band.toKm))) return null;
  return bands.map((band) => {
    const inner = band.fromKm > 0 ? new Set(placesWithin(origin, band.fromKm)) : new Set<number>();
    return new Set(placesWithin(origin, band.toKm).filter((id) => !inner.has(id)));
  });
}

/**
 * The queries of one request: the code tiers once per scope (matches, then
 * stretch), each nearest first, since within a code tier the score falls with
 * distance; and one text query per desired occupation over both scopes
 * together (text queries cost far more than filters; the scope is told apart
 * afterwards by classify).
 */
function plan(mentee: MatchMentee, occupations: OccupationLookup, today: string): Planned[] {
  const base = baseFilter(mentee, today);
  const scopes = [{ constraint: matchFilter(mentee), limit: MATCH_LIMIT, reachKm: mentee.travelKm }];
  const stretch = stretchFilter(mentee);
  if (stretch) scopes.push({ constraint: stretch, limit: STRETCH_LIMIT, reachKm: mentee.travelKm * STRETCH_DISTANCE_FACTOR });
  const tiers = codeTiers(mentee, occupations);
  const planned: Planned[] = [];
  for (const { constraint, limit, reachKm } of scopes) {
    // The vacancies index has no `_geo` to sort by (search/near.ts): nearest first is each distance band's newest
    // `limit`, band after band. All of them are ranked by score (rank), so a tier's nearest `limit` are among them
    // whenever no band holds more than `limit` of the tier; when one does, its newest stand for it.
    const bands = distanceBands(mentee.location, reachKm);
    const places = bandPlaces(mentee.location, bands);
    for (const codes of [tiers.desired, tiers.sameField, tiers.experience]) {
      if (codes.length === 0) continue;
      const perBand = bands.map((band) => ({
        indexUid: VACANCY_INDEX,
        q: '',
        filter: filter.all([...base, constraint, filter.in('occupationCode', codes), band.filter]),
        sort: ['publishedAtTs:desc'],
        limit,
        attributesToRetrieve: VACANCY_ATTRIBUTES,
      }));
      if (!places) {
        for (const query of perBand) planned.push({ tier: { kind: 'code' }, query });
        continue;
      }
      planned.push({
        tier: { kind: 'code' },
        query: {
          indexUid: VACANCY_INDEX,
          q: '',
          filter: filter.all([...base, constraint, filter.in('occupationCode', codes)]),
          sort: ['publishedAtTs:desc'],
          limit: WHOLE_TIER_LIMIT,
          attributesToRetrieve: [...VACANCY_ATTRIBUTES, 'placeId'],
        },
        banded: { places, perBand, limit },
      });
    }
  }
  const coded = [...tiers.desired, ...tiers.sameField, ...tiers.experience];
  const anyScope = scopes.length === 1 ? scopes[0]!.constraint : filter.any(...scopes.map((s) => `(${s.constraint})`));
  let accepts: SharedText['accepts'] | undefined;
  for (const code of tiers.desired) {
    const names = occupations.get(code);
    const q = names ? textQuery(names, occupations) : '';
    if (!q) continue;
    planned.push({
      tier: { kind: 'text', related: code },
      shared: sharedTextQuery(q, code, occupations, today, (accepts ??= textFilterInCode(mentee, coded))),
      query: {
        indexUid: VACANCY_INDEX,
        q,
        filter: filter.all([...base, anyScope, ...(coded.length ? [not(filter.in('occupationCode', coded))] : [])]),
        attributesToSearchOn: TEXT_ATTRIBUTES,
        matchingStrategy: 'last',
        showRankingScore: true,
        rankingScoreThreshold: TEXT_SCORE_THRESHOLD,
        limit: MATCH_LIMIT + STRETCH_LIMIT,
        attributesToRetrieve: VACANCY_ATTRIBUTES,
      },
    });
  }
  return planned;
}

/** Best score first, then nearer; the id last, so equal matches keep one order from request to request. */
const byScoreThenDistance =
  <T extends { score: number }>(distance: (item: T) => number, id: (item: T) => string) =>
  (a: T, b: T) =>
    b.score - a.score || distance(a) - distance(b) || (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);

/**
 * Explained matches and stretch matches of a mentee.
 *
 * First the code tiers, in one multi-search request. A text hit scores at
 * most TIER_WEIGHTS.text, and the text queries leave out the coded
 * occupations, so when the code tiers alone give a full page of matches and
 * of stretch matches all scoring above that, no text hit could enter either
 * list and the text queries (the costly part) are not sent. Otherwise they
 * follow in a second request. The answer is the same either way.
 */
export async function matchVacancies(
  client: Meilisearch,
  mentee: MatchMentee,
  occupations: OccupationLookup,
  today: string,
  /** Shared text answers (see sharedTextQuery); without, each text query is the mentee's own. */
  textAnswers?: TextAnswerCache,
): Promise<MatchList> {
  const planned = plan(mentee, occupations, today);
  const best = new Map<string, { doc: VacancyDocument; relevance: Relevance }>();
  const code = planned.filter((p) => p.tier.kind === 'code');
  const text = planned.filter((p) => p.tier.kind === 'text');
  if (code.length > 0) await collectCode(client, mentee, code, best);
  let list = rank(mentee, best, today);
  const beyondText = (matches: Match[], limit: number) => matches.length >= limit && matches[limit - 1]!.score > TIER_WEIGHTS.text;
  if (text.length > 0 && !(beyondText(list.matches, MATCH_LIMIT) && beyondText(list.stretch, STRETCH_LIMIT))) {
    await (textAnswers ? collectShared(client, mentee, text, best, textAnswers) : collect(client, mentee, text, best));
    list = rank(mentee, best, today);
  }
  return list;
}

/** Runs planned queries and keeps the best relevance per vacancy over all tiers. */
async function collect(
  client: Meilisearch,
  mentee: MatchMentee,
  planned: Planned[],
  best: Map<string, { doc: VacancyDocument; relevance: Relevance }>,
): Promise<void> {
  (await answersTo(client, planned)).forEach((result, i) => absorb(mentee, planned[i]!.tier, result.hits, best));
}

/** The planned queries' answers in one multi-search, in their order. */
async function answersTo(client: Meilisearch, planned: Planned[]) {
  return (
    await multiSearch<VacancyDocument>(
      client,
      planned.map((p) => p.query),
    )
  ).results;
}

/** The code tiers: the whole tier's answer split into bands where it holds all of the tier, else the bands' own queries. */
async function collectCode(
  client: Meilisearch,
  mentee: MatchMentee,
  planned: Planned[],
  best: Map<string, { doc: VacancyDocument; relevance: Relevance }>,
): Promise<void> {
  const perBand: Planned[] = [];
  (await answersTo(client, planned)).forEach((result, i) => {
    const p = planned[i]!;
    if (!p.banded) return absorb(mentee, p.tier, result.hits, best);
    if (result.hits.length >= WHOLE_TIER_LIMIT) return perBand.push(...p.banded.perBand.map((query) => ({ tier: p.tier, query })));
    const { places, limit } = p.banded;
    for (const band of places) absorb(mentee, p.tier, result.hits.filter((hit) => band.has(hit.placeId)).slice(0, limit), best);
  });
  if (perBand.length > 0) await collect(client, mentee, perBand, best);
}

/**
 * The text tier through the shared answers: each desired occupation's text query is asked once for
 * everyone (cached until the index or the day changes), and this mentee's own filter is applied to
 * it here, keeping the first MATCH_LIMIT + STRETCH_LIMIT in Meilisearch's order, as the mentee's own
 * query would have. A shared answer that reached its limit may be missing hits: that occupation
 * falls back to the mentee's own query.
 */
async function collectShared(
  client: Meilisearch,
  mentee: MatchMentee,
  planned: Planned[],
  best: Map<string, { doc: VacancyDocument; relevance: Relevance }>,
  textAnswers: TextAnswerCache,
): Promise<void> {
  const answers = await Promise.all(
    planned.map((p) =>
      textAnswers.fetch(p.shared!.key, async () => {
        const { results } = await multiSearch<VacancyDocument>(client, [p.shared!.query]);
        return results[0]!.hits as TextHit[];
      }),
    ),
  );
  const own: Planned[] = [];
  answers.forEach((hits, i) => {
    const p = planned[i]!;
    if (hits.length >= SHARED_TEXT_LIMIT) own.push(p);
    else absorb(mentee, p.tier, hits.filter(p.shared!.accepts).slice(0, MATCH_LIMIT + STRETCH_LIMIT), best);
  });
  if (own.length > 0) await collect(client, mentee, own, best);
}

/** Keeps the best relevance per vacancy of one query's hits. */
function absorb(
  mentee: MatchMentee,
  tier: Tier,
  hits: readonly (VacancyDocument & { _rankingScore?: number })[],
  best: Map<string, { doc: VacancyDocument; relevance: Relevance }>,
): void {
  for (const hit of hits) {
    const doc = hit as VacancyDocument;
    const relevance: Relevance | null =
      tier.kind === 'code'
        ? codeRelevance(mentee, doc.occupationCode)
        : {
            kind: 'text',
            weight: TIER_WEIGHTS.text * (hit._rankingScore ?? 0),
            related: tier.related,
            textScore: round3(hit._rankingScore ?? 0),
          };
    if (!relevance) continue;
    const known = best.get(doc.id);
    if (!known || known.relevance.weight < relevance.weight) best.set(doc.id, { doc, relevance });
  }
}

/** Explains, scores and orders the collected vacancies into matches and stretch matches. */
function rank(mentee: MatchMentee, best: Map<string, { doc: VacancyDocument; relevance: Relevance }>, today: string): MatchList {
  // Scored and ordered first; only the vacancies that make the lists are explained and turned into hits
  // (a page collects a few hundred candidates and keeps at most 70; explaining them all was most of rank's time).
  type Scored = { doc: VacancyDocument; relevance: Relevance; km: number; shownKm: number; score: number };
  const matches: Scored[] = [];
  const stretch: Scored[] = [];
  for (const { doc, relevance } of best.values()) {
    const km = distanceKm(mentee.location, doc._geo);
    const placed = classify(mentee, doc, km, today);
    if (!placed) continue; // at the radius's edge Meilisearch and we may round differently; or two soft constraints broken
    // shownKm is the card's distance (toHit rounds the same way): equal scores are ordered by what the mentor reads.
    const scored = { doc, relevance, km, shownKm: Math.round(km * 10) / 10, score: pairScore(mentee, doc, relevance, km) };
    (placed === 'match' ? matches : stretch).push(scored);
  }
  const order = byScoreThenDistance<Scored>(
    (s) => s.shownKm,
    (s) => s.doc.id,
  );
  const explained = (s: Scored): Match => ({
    vacancy: toHit(s.doc, mentee.location),
    score: s.score,
    criteria: explain(mentee, s.doc, s.relevance, s.km, today),
  });
  return {
    matches: matches.sort(order).slice(0, MATCH_LIMIT).map(explained),
    stretch: stretch.sort(order).slice(0, STRETCH_LIMIT).map(explained),
  };
}

/**
 * How many vacancies match each mentee by code (desired, same field,
 * experience; text-only matches are not counted), for the mentee list.
 * One request, no documents.
 */
export async function matchCounts(
  client: Meilisearch,
  mentees: readonly (MatchMentee & { id: string })[],
  occupations: OccupationLookup,
  today: string,
): Promise<Map<string, number>> {
  const counted = mentees.filter((m) => m.desiredKinds.length > 0);
  if (counted.length === 0) return new Map();
  const queries = counted.map((mentee): MultiSearchQuery => {
    const tiers = codeTiers(mentee, occupations);
    const codes = [...tiers.desired, ...tiers.sameField, ...tiers.experience];
    return {
      indexUid: VACANCY_INDEX,
      q: '',
      filter: filter.all([...baseFilter(mentee, today), matchFilter(mentee), filter.in('occupationCode', codes)]),
      page: 1,
      hitsPerPage: 0,
    };
  });
  const { results } = await multiSearch(client, queries);
  return new Map(counted.map((mentee, i) => [mentee.id, results[i]?.totalHits ?? 0]));
}

/** A candidate carries the mentee as the caller loaded it (its profile type, not only what search/ reads). */
export interface Candidate<M extends IndexedMentee = IndexedMentee> {
  mentee: M;
  distanceKm: number;
  score: number;
  criteria: Criterion[];
}
export interface CandidateList<M extends IndexedMentee = IndexedMentee> {
  matches: Candidate<M>[];
  stretch: Candidate<M>[];
}

/** The farthest a stretch can reach: 1.5 × the longest travel distance a profile can hold. */
const CANDIDATE_RADIUS_KM = TRAVEL_KM_MAX * STRETCH_DISTANCE_FACTOR;

/**
 * The reverse: which active mentees of a project fit a vacancy. The private
 * mentees index narrows them down; the profiles themselves come from the
 * caller's loader (PostgreSQL, scoped to the project), so a stale index can
 * neither show another project's mentee nor an outdated profile. The client
 * is the project's tenant-token client (search/tenant-tokens.ts), which sees
 * the project's documents only; the projectId filter here says the same
 * again, so neither alone decides which project's mentees are read.
 */
export async function candidatesFor<M extends IndexedMentee>(
  client: Meilisearch,
  vacancy: VacancyDocument,
  projectId: number,
  loadMentees: (ids: string[]) => Promise<M[]>,
  today: string = new Date().toISOString().slice(0, 10),
): Promise<CandidateList<M>> {
  const parts = [
    filter.eq('projectId', String(projectId)),
    filter.eq('status', 'active'),
    filter.eq('desiredKinds', vacancy.kind),
    // One German level short (a stretch), or a course that reaches the level (classify checks it ends in time).
    filter.any(filter.gte('germanLevelRank', vacancy.germanLevelRank - 1), filter.gte('germanCourseRank', vacancy.germanLevelRank)),
    // The mentees index is small (one project's few hundred profiles): _geoRadius is cheap there.
    filter.geoRadius(vacancy._geo.lat, vacancy._geo.lng, CANDIDATE_RADIUS_KM * 1000),
  ];
  if (vacancy.drivingLicence) parts.push(filter.isTrue('drivingLicence'));
  if (vacancy.workingTime === 'full' && !vacancy.partTimeTraining) parts.push(filter.in('workingTime', ['full', 'either']));
  if (vacancy.workingTime === 'part') parts.push(filter.in('workingTime', ['part', 'either']));
  const { results } = await multiSearch<MenteeDocument>(client, [
    { indexUid: MENTEE_INDEX, q: '', filter: filter.all(parts), sort: byDistance(vacancy._geo), limit: 1000, attributesToRetrieve: ['id'] },
  ]);
  const ids = (results[0]?.hits ?? []).map((hit) => String(hit.id));
  const mentees = ids.length ? await loadMentees(ids) : [];

  const list: CandidateList<M> = { matches: [], stretch: [] };
  for (const mentee of mentees) {
    if (mentee.projectId !== projectId || mentee.status !== 'active') continue;
    const km = distanceKm(mentee.location, vacancy._geo);
    const placed = classify(mentee, vacancy, km, today);
    if (!placed) continue;
    const relevance = codeRelevance(mentee, vacancy.occupationCode) ?? {
      kind: 'other' as const,
      weight: TIER_WEIGHTS.other,
      related: null,
    };
    const candidate = {
      mentee,
      distanceKm: Math.round(km * 10) / 10,
      score: pairScore(mentee, vacancy, relevance, km),
      criteria: explain(mentee, vacancy, relevance, km, today),
    };
    (placed === 'match' ? list.matches : list.stretch).push(candidate);
  }
  const order = byScoreThenDistance<Candidate<M>>(
    (c) => c.distanceKm,
    (c) => c.mentee.id,
  );
  return { matches: list.matches.sort(order), stretch: list.stretch.sort(order) };
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Meilisearch unreachable, or without its index or key: unavailable. A bad request stays a bug,
 * except one: Meilisearch knows an attribute only once some document has it, so on an empty
 * index (a fresh portal whose first employers still wait for approval) a query naming
 * `attributesToSearchOn` is refused although it could only have found nothing. That answers
 * "nothing found" for every query of the batch.
 */
export async function multiSearch<T extends RecordAny = RecordAny>(
  client: Meilisearch,
  queries: MultiSearchQuery[],
): Promise<MultiSearchResponse<T>> {
  try {
    return await client.multiSearch<{ queries: MultiSearchQuery[] }, T>({ queries });
  } catch (error) {
    if (error instanceof MeilisearchApiError && error.cause?.code === 'invalid_search_attributes_to_search_on') {
      return {
        results: queries.map((query) => ({
          indexUid: query.indexUid,
          hits: [],
          query: query.q ?? '',
          processingTimeMs: 0,
          estimatedTotalHits: 0,
          totalHits: 0,
        })),
      };
    }
    throw asUnavailable(error);
  }
}
