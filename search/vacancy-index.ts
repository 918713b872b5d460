import type { Settings } from 'meilisearch';
import { germanLevelRank, type GermanLevel } from '../server/domain.ts';

export const VACANCY_INDEX = 'vacancies';

/** A published vacancy as the search index holds it (camelCase, flat, with _geo). */
export interface VacancyDocument {
  id: string;
  title: string;
  kind: 'job' | 'apprenticeship';
  occupationCode: string;
  occupationTitle: string;
  occupationTitleEn: string;
  occupationSynonyms: string[];
  summary: string;
  description: string;
  employerId: string;
  employerName: string;
  town: string;
  postcode: string;
  /** The gazetteer place the vacancy is at (radius filters go through it: search/near.ts). */
  placeId: number;
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
}

/** Far future for "never expires", so one numeric filter covers both cases. */
export const NEVER_EXPIRES_TS = Date.UTC(2100, 0, 1) / 1000;

export function dayTimestamp(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`) / 1000;
}

export function toDocument(row: VacancyRowForIndex): VacancyDocument {
  const publishedAt = row.published_at ?? new Date(0);
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    occupationCode: row.occupation_code,
    occupationTitle: row.occupation_title_de,
    occupationTitleEn: row.occupation_title_en,
    occupationSynonyms: row.occupation_synonyms,
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
    version: row.version,
  };
}

export interface OccupationForSynonyms {
  title_de: string;
  synonyms: string[];
}

/**
 * Synonyms from the occupation list: every name of an occupation finds the
 * others ("Lagerist" finds "Fachkraft für Lagerlogistik"). Only single words
 * and short phrases, lower-cased; Meilisearch matches them case-insensitively.
 */
export function synonymsFrom(occupations: readonly OccupationForSynonyms[]): Record<string, string[]> {
  const synonyms: Record<string, string[]> = {};
  for (const occupation of occupations) {
    const titles = occupation.title_de.split(' / ').map((t) => t.trim());
    const names = [...new Set([...titles, ...occupation.synonyms].map((n) => n.toLowerCase()).filter((n) => n.split(/\s+/).length <= 3))];
    for (const name of names) {
      const others = names.filter((n) => n !== name);
      if (others.length === 0) continue;
      synonyms[name] = [...new Set([...(synonyms[name] ?? []), ...others])];
    }
  }
  return synonyms;
}

export function vacancySettings(occupations: readonly OccupationForSynonyms[]): Settings {
  return {
    searchableAttributes: ['title', 'occupationTitle', 'occupationSynonyms', 'occupationTitleEn', 'summary', 'description', 'employerName', 'town'],
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
      'placeId',
      '_geo',
    ],
    sortableAttributes: ['publishedAtTs', '_geo'],
    displayedAttributes: ['*'],
    synonyms: synonymsFrom(occupations),
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 }, disableOnAttributes: ['postcode'] },
    faceting: { maxValuesPerFacet: 20 },
    pagination: { maxTotalHits: 10_000 },
  };
}
