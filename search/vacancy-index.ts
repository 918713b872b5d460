import type { Settings } from 'meilisearch';
import { germanLevelRank, type GermanLevel } from '../server/domain.ts';
import { LABEL_LOCALES, occupationCatalogue, type OccupationCatalogue } from '../server/occupations/catalogue.ts';
import { filter } from './filters.ts';
import { foldLetterVariants } from './letter-variants.ts';
import { monthlyMinimumEuros, payView, type PayColumns, type PayView } from '../server/pay.ts';

export const VACANCY_INDEX = 'vacancies';

/** A published vacancy as the search index holds it (camelCase, flat). */
export interface VacancyDocument {
  id: string;
  title: string;
  kind: 'job' | 'apprenticeship';
  occupationCode: string;
  occupationTitle: string;
  occupationTitleEn: string;
  occupationSynonyms: string[];
  /** The occupation's names in the mentees' languages (uk, ru, ar, fa), letter variants folded (letter-variants.ts). */
  occupationNames: string[];
  /**
   * Their single everyday words for it ("зварювальник", "كهربائي"), folded the same way. Phrases
   * ("كهربائي سيارات", car electrician) are only synonyms of the German names: in a document their
   * words would match alone, and "كهربائي" (electrician) would find every car mechanic.
   */
  occupationEverydayWords: string[];
  /** The catalogue version these names come from: a different one at start rebuilds the index (reindex.ts). */
  occupationLabelsVersion: string;
  summary: string;
  description: string;
  employerId: string;
  employerName: string;
  town: string;
  postcode: string;
  /** The gazetteer place the vacancy is at (radius filters go through it: search/near.ts). */
  placeId: number;
  /**
   * The place's coordinates, for the distance shown on a card (worked out in code). Neither filterable
   * nor sortable: radius and "nearest" go through placeId (search/near.ts), see vacancySettings.
   */
  _geo: { lat: number; lng: number };
  germanLevel: GermanLevel;
  germanLevelRank: number;
  workingTime: 'full' | 'part' | 'either';
  partTimeTraining: boolean;
  drivingLicence: boolean;
  shiftWork: boolean;
  qualification: string;
  support: string[];
  startDate: string | null;
  durationMonths: number | null;
  publishedAt: string;
  publishedAtTs: number;
  expiresAt: string | null;
  expiresAtTs: number;
  /** What it pays (null: saved before pay was asked); shown on the result cards. */
  pay: PayView | null;
  /** The least it pays per month in whole euros, for the "pay at least" filter (server/pay.ts says how). */
  payMonthlyMin: number | null;
  weeklyHours: number | null;
  permanent: boolean | null;
  startAsap: boolean;
  accessibleWorkplace: boolean;
  version: number;
}

/** What toDocument needs: a vacancy row joined with its occupation and employer. */
export interface VacancyRowForIndex {
  id: string;
  title: string;
  kind: 'job' | 'apprenticeship';
  occupation_code: string;
  occupation_title_de: string;
  occupation_title_en: string;
  occupation_synonyms: string[];
  summary: string;
  description: string;
  employer_id: string;
  employer_name: string;
  town: string;
  postcode: string;
  place_id: number;
  lat: number;
  lng: number;
  german_level: GermanLevel;
  working_time: 'full' | 'part' | 'either';
  part_time_training: boolean;
  driving_licence: boolean;
  shift_work: boolean;
  qualification: string;
  support: string[];
  start_date: string | null;
  duration_months: number | null;
  published_at: Date | null;
  expires_at: string | null;
  version: number;
  pay_kind: PayColumns['pay_kind'];
  pay_min_cents: number | null;
  pay_max_cents: number | null;
  pay_unit: PayColumns['pay_unit'];
  pay_agreement: string | null;
  pay_group: string | null;
  training_pay_cents: number[] | null;
  weekly_hours: number | null;
  permanent: boolean | null;
  start_asap: boolean;
  accessible_workplace: boolean;
}

/** Far future for "never expires", so one numeric filter covers both cases. */
export const NEVER_EXPIRES_TS = Date.UTC(2100, 0, 1) / 1000;

export function dayTimestamp(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`) / 1000;
}

/**
 * The index's half of the visible-vacancy rule (server/vacancies/visibility.ts): the index holds what
 * `indexedVacancies` selects, and this filter drops what expired before `today` (a Berlin day), so no
 * document needs re-indexing the day its vacancy expires. Every search of the vacancies index starts with it.
 */
export function notExpiredOn(today: string): string {
  return filter.gte('expiresAtTs', dayTimestamp(today));
}

/** The other languages' names and words of an occupation, as documents and synonyms hold them. */
function otherLanguages(catalogue: OccupationCatalogue, code: string): { names: string[]; words: string[] } {
  const occupation = catalogue.byCode.get(code);
  if (!occupation) return { names: [], words: [] };
  const fold = (list: readonly string[]) => [...new Set(list.map(foldLetterVariants))];
  return {
    names: fold(LABEL_LOCALES.map((l) => occupation.names[l])),
    words: fold(LABEL_LOCALES.flatMap((l) => occupation.synonyms[l])),
  };
}

/** Everyday words of one word: the ones a document carries (phrases are synonyms only, see VacancyDocument). */
function singleWords(words: readonly string[]): string[] {
  return words.filter((w) => !/\s/u.test(w.trim()));
}

/** The document of a vacancy; its occupation's names in the mentees' languages come from the catalogue of the shipped files. */
export function toDocument(row: VacancyRowForIndex): VacancyDocument {
  const catalogue = occupationCatalogue();
  const publishedAt = row.published_at ?? new Date(0);
  const other = otherLanguages(catalogue, row.occupation_code);
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    occupationCode: row.occupation_code,
    occupationTitle: row.occupation_title_de,
    occupationTitleEn: row.occupation_title_en,
    occupationSynonyms: row.occupation_synonyms,
    occupationNames: other.names,
    occupationEverydayWords: singleWords(other.words),
    occupationLabelsVersion: catalogue.version,
    summary: row.summary,
    description: row.description,
    employerId: row.employer_id,
    employerName: row.employer_name,
    town: row.town,
    postcode: row.postcode,
    placeId: row.place_id,
    _geo: { lat: row.lat, lng: row.lng },
    germanLevel: row.german_level,
    germanLevelRank: germanLevelRank(row.german_level),
    workingTime: row.working_time,
    partTimeTraining: row.part_time_training,
    drivingLicence: row.driving_licence,
    shiftWork: row.shift_work,
    qualification: row.qualification,
    support: row.support,
    startDate: row.start_date,
    durationMonths: row.duration_months,
    publishedAt: publishedAt.toISOString(),
    publishedAtTs: Math.floor(publishedAt.getTime() / 1000),
    expiresAt: row.expires_at,
    expiresAtTs: row.expires_at ? dayTimestamp(row.expires_at) : NEVER_EXPIRES_TS,
    pay: payView(row),
    payMonthlyMin: monthlyMinimumEuros(row),
    weeklyHours: row.weekly_hours,
    permanent: row.permanent,
    startAsap: row.start_asap,
    accessibleWorkplace: row.accessible_workplace,
    version: row.version,
  };
}

export interface OccupationForSynonyms {
  code: string;
  title_de: string;
  synonyms: string[];
}

const shortPhrase = (n: string) => n.split(/\s+/).length <= 3;
/** A word of the mentees' languages' scripts (Cyrillic, Arabic): a Latin one ("IT", "manager") would also fire on German queries. */
const OTHER_SCRIPT = /[\p{Script=Cyrillic}\p{Script=Arabic}]/u;

/** An occupation's German names (title forms and synonyms) short enough to be synonyms, lower-cased. */
const germanNames = (occupation: OccupationForSynonyms) => [
  ...new Set(
    [...occupation.title_de.split(' / ').map((t) => t.trim()), ...occupation.synonyms].map((n) => n.toLowerCase()).filter(shortPhrase),
  ),
];

/** " lkw fahrer " for "LKW-Fahrer": its words between spaces, so one name can be looked for inside another. */
const spacedWords = (text: string) =>
  ` ${text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0)
    .join(' ')} `;

/**
 * The German names that name this occupation only: not found inside a German
 * name of another one ("Berufskraftfahrer", the KldB title of truck drivers,
 * is also in the bus drivers' "Berufskraftfahrer Personenverkehr"). A word in
 * another language expands to these alone, or "водій вантажівки" (truck
 * driver) would find every bus driver.
 */
function specificGermanNames(occupations: readonly OccupationForSynonyms[]): Map<string, string[]> {
  const all = occupations.map((o) => ({ code: o.code, names: germanNames(o).map((name) => ({ name, words: spacedWords(name) })) }));
  const everyName = all.flatMap(({ code, names }) => names.map(({ words }) => ({ code, words })));
  // Each name's words made once, not once per other name it is compared with: split inside the comparison, the
  // synonyms of the 200 occupations took 0.57 s of CPU per start of the app, now 0.11 s (the same synonyms).
  return new Map(
    all.map(({ code, names }) => [
      code,
      names.filter(({ words }) => !everyName.some((other) => other.code !== code && other.words.includes(words))).map(({ name }) => name),
    ]),
  );
}

/**
 * Synonyms from the occupation list: every German name of an occupation
 * finds the others ("Lagerist" finds "Fachkraft für Lagerlogistik"), and
 * each of its names and everyday words in the mentees' languages finds the
 * German names specific to it ("медсестра" finds "Pflegefachfrau" in a German
 * title or description). One way only: a German query does not fan out into
 * four languages. Only single words and short phrases, lower-cased and with
 * letter variants folded (Meilisearch matches them case-insensitively, and
 * the query is folded the same way before it is sent).
 */
export function synonymsFrom(
  occupations: readonly OccupationForSynonyms[],
  catalogue: OccupationCatalogue = occupationCatalogue(),
): Record<string, string[]> {
  const synonyms: Record<string, string[]> = {};
  const add = (name: string, others: readonly string[]) => {
    if (others.length > 0) synonyms[name] = [...new Set([...(synonyms[name] ?? []), ...others])];
  };
  const specific = specificGermanNames(occupations);
  for (const occupation of occupations) {
    const names = germanNames(occupation);
    for (const name of names)
      add(
        name,
        names.filter((n) => n !== name),
      );
    const other = otherLanguages(catalogue, occupation.code);
    for (const word of [...other.names.flatMap((n) => n.split(' / ')), ...other.words]) {
      const key = word.trim().toLowerCase();
      if (shortPhrase(key) && OTHER_SCRIPT.test(key)) add(key, specific.get(occupation.code) ?? []);
    }
  }
  return synonyms;
}

let lastSynonyms: { occupations: string; synonyms: Record<string, string[]> } | undefined;

/**
 * synonymsFrom with the built-in catalogue, remembered for the last occupation list: it compares every name
 * with every other (0.1 s of CPU), and every start of the app, and each app the test suite builds, asks again.
 */
function catalogueSynonyms(occupations: readonly OccupationForSynonyms[]): Record<string, string[]> {
  const key = JSON.stringify(occupations);
  if (lastSynonyms?.occupations !== key) lastSynonyms = { occupations: key, synonyms: synonymsFrom(occupations) };
  return structuredClone(lastSynonyms.synonyms);
}

export function vacancySettings(occupations: readonly OccupationForSynonyms[]): Settings {
  return {
    // The other languages' names after the German and English ones: they only ever match queries in those languages.
    searchableAttributes: [
      'title',
      'occupationTitle',
      'occupationSynonyms',
      'occupationTitleEn',
      'occupationNames',
      'occupationEverydayWords',
      'summary',
      'description',
      'employerName',
      'town',
    ],
    filterableAttributes: [
      'kind',
      'occupationCode',
      'germanLevel',
      'germanLevelRank',
      'workingTime',
      'partTimeTraining',
      'drivingLicence',
      'qualification',
      'employerId',
      'expiresAtTs',
      'payMonthlyMin',
      'placeId',
    ],
    // No `_geo` here or in the filters: with it, Meilisearch 1.21 rewrites the geo index of every document on
    // each batch (a one-document update took 11.6 s instead of 0.62 s at 30,000; search/README.md). Radius
    // and "nearest" go through placeId instead (search/near.ts).
    sortableAttributes: ['publishedAtTs', 'payMonthlyMin'],
    // A chosen order (newest, nearest, pay) comes before the words' ranking; without a sort the rule does nothing.
    rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness'],
    displayedAttributes: ['*'],
    synonyms: catalogueSynonyms(occupations),
    // Everyday words are many and short: with typos, "электрик" (electrician) found "электросварщик" (welder).
    typoTolerance: {
      enabled: true,
      minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 },
      disableOnAttributes: ['postcode', 'occupationEverydayWords'],
    },
    faceting: { maxValuesPerFacet: 20 },
    // The portal counts facet values (the refinement counts) but never searches inside them; facet
    // search keeps an extra structure per filterable text attribute up to date on every update.
    facetSearch: false,
    pagination: { maxTotalHits: 10_000 },
  };
}
