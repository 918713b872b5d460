import type { Settings } from 'meilisearch';
import type { MenteeStatus } from '../server/db/database.ts';
import { germanLevelRank } from '../server/domain.ts';
import type { IndexedMentee } from './mentee-shape.ts';

/**
 * The private mentees index: written by the indexer key, searched only through
 * a project's tenant token (search/tenant-tokens.ts: that project's documents
 * only, hence `projectId` filterable), never with the public or mentor search
 * keys. It holds no notes and nothing that identifies a person, only what
 * matching needs.
 */
export const MENTEE_INDEX = 'mentees';

export interface MenteeDocument {
  id: string;
  code: string;
  projectId: number;
  status: MenteeStatus;
  germanLevel: string;
  germanLevelRank: number;
  /** The level a German course in progress leads to (0: none); the reverse direction finds course-takers by it (issue 15). */
  germanCourseRank: number;
  desiredOccupations: string[];
  /** 4-digit KldB subgroups of the desired occupations: "the same field at another level". */
  desiredFields: string[];
  experienceOccupations: string[];
  desiredKinds: string[];
  _geo: { lat: number; lng: number };
  homeTown: string;
  travelKm: number;
  workingTime: 'full' | 'part' | 'either';
  drivingLicence: boolean;
  qualification: string;
  academic: boolean;
  consent: boolean;
  version: number;
}

export function toMenteeDocument(mentee: IndexedMentee): MenteeDocument {
  return {
    id: mentee.id,
    code: mentee.code,
    projectId: mentee.projectId,
    status: mentee.status,
    germanLevel: mentee.germanLevel,
    germanLevelRank: germanLevelRank(mentee.germanLevel),
    germanCourseRank: mentee.germanCourseLevel ? germanLevelRank(mentee.germanCourseLevel) : 0,
    desiredOccupations: mentee.desiredOccupations,
    desiredFields: [...new Set(mentee.desiredOccupations.map((code) => code.slice(0, 4)))],
    experienceOccupations: mentee.experience.map((e) => e.occupation),
    desiredKinds: mentee.desiredKinds,
    _geo: mentee.location,
    homeTown: mentee.homeTown,
    travelKm: mentee.travelKm,
    workingTime: mentee.workingTime,
    drivingLicence: mentee.drivingLicence,
    qualification: mentee.qualification,
    academic: mentee.academic,
    consent: mentee.consent,
    version: mentee.version,
  };
}

export function menteeSettings(): Settings {
  return {
    searchableAttributes: ['code', 'homeTown'],
    filterableAttributes: [
      'projectId',
      'status',
      'germanLevelRank',
      'germanCourseRank',
      'desiredOccupations',
      'desiredFields',
      'experienceOccupations',
      'desiredKinds',
      'workingTime',
      'drivingLicence',
      'travelKm',
      'consent',
      '_geo',
    ],
    sortableAttributes: ['_geo'],
    pagination: { maxTotalHits: 5_000 },
  };
}
