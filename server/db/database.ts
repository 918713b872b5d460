import type { ColumnType, Generated } from 'kysely';

/** Table types for Kysely; the migrations in migrations/ are the source of truth. */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DateOnly = ColumnType<string, string, string>;

export type GermanLevel = 'none' | 'A1' | 'A2' | 'B1' | 'B2' | 'C1' | 'C2';
export type VacancyKind = 'job' | 'apprenticeship';
export type WorkingTime = 'full' | 'part' | 'either';
export type VacancyStatus = 'draft' | 'published' | 'closed';
export type Role = 'employer' | 'mentor' | 'coordinator' | 'admin';

export interface OccupationsTable {
  code: string;
  title_de: string;
  title_en: string;
  apprenticeship: boolean;
  synonyms: string[];
}

export interface PlacesTable {
  id: number;
  name: string;
  state: string;
  postcode: string | null;
  lat: number;
  lng: number;
}

export interface EmployersTable {
  id: Generated<string>;
  name: string;
  town: string;
  place_id: number | null;
  status: ColumnType<'pending' | 'approved' | 'suspended', 'pending' | 'approved' | 'suspended' | undefined>;
  created_at: CreatedAt;
}

export interface AccountsTable {
  id: Generated<string>;
  email: string;
  password_hash: string;
  role: Role;
  employer_id: string | null;
  project_id: number | null;
  display_name: string | null;
  created_at: CreatedAt;
  last_login_at: Timestamp | null;
  disabled_at: Timestamp | null;
}

export interface SessionsTable {
  id_hash: string;
  account_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

export interface RateLimitsTable {
  key: string;
  window_start: Timestamp;
  hits: number;
}

export interface VacanciesTable {
  id: Generated<string>;
  employer_id: string;
  kind: VacancyKind;
  occupation_code: string;
  title: string;
  description: string;
  summary: string;
  place_id: number;
  town: string;
  postcode: string;
  lat: number;
  lng: number;
  working_time: WorkingTime;
  part_time_training: boolean;
  start_date: DateOnly | null;
  duration_months: number | null;
  german_level: GermanLevel;
  qualification: 'none' | 'vocational' | 'academic';
  driving_licence: boolean;
  shift_work: boolean;
  support: string[];
  status: ColumnType<VacancyStatus, VacancyStatus | undefined, VacancyStatus>;
  expires_at: DateOnly | null;
  published_at: Timestamp | null;
  closed_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  version: ColumnType<number, number | undefined, number>;
  search_vector: ColumnType<string, never, never>;
}

export interface SearchOutboxTable {
  id: Generated<string>;
  index_name: string;
  document_id: string;
  created_at: CreatedAt;
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  last_error: string | null;
}

export interface ProjectsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  carrier: string;
  districts: string[];
  towns: string[];
  contact_email: string | null;
  contact_phone: string | null;
  contact_url: string | null;
  created_at: CreatedAt;
}

export interface InvitationsTable {
  id: Generated<string>;
  token_hash: string;
  email: string;
  role: 'mentor' | 'coordinator' | 'admin';
  project_id: number | null;
  invited_by: string | null;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface ExperienceEntry {
  occupation: string;
  years: number;
}

export interface MenteesTable {
  id: string;
  code: string;
  project_id: number;
  mentor_id: string | null;
  status: ColumnType<'active' | 'placed' | 'closed', 'active' | 'placed' | 'closed' | undefined, 'active' | 'placed' | 'closed'>;
  gender: 'f' | 'm' | 'd' | 'unspecified';
  age_band: 'u25' | '25to34' | '35to44' | '45plus';
  german_level: GermanLevel;
  other_languages: string[];
  schooling: 'none' | 'primary' | 'secondary' | 'higher';
  qualification: 'none' | 'foreign_unrecognised' | 'recognition_pending' | 'recognised';
  academic: boolean;
  experience: ColumnType<ExperienceEntry[], string, string>;
  desired_occupations: string[];
  desired_kinds: VacancyKind[];
  home_place_id: number;
  home_town: string;
  lat: number;
  lng: number;
  travel_km: number;
  working_time: WorkingTime;
  driving_licence: boolean;
  work_permit: 'yes' | 'pending' | 'unknown';
  consent: boolean;
  consent_at: Timestamp | null;
  locale: ColumnType<string, string | undefined, string>;
  notes: ColumnType<string, string | undefined, string>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  closed_at: Timestamp | null;
  version: ColumnType<number, number | undefined, number>;
}

export interface ShortlistItemsTable {
  mentee_id: string;
  vacancy_id: string;
  added_at: CreatedAt;
}

export interface ShareLinksTable {
  id: Generated<string>;
  mentee_id: string;
  token_hash: string;
  locale: string;
  expires_at: Timestamp;
  revoked_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface Database {
  occupations: OccupationsTable;
  places: PlacesTable;
  employers: EmployersTable;
  accounts: AccountsTable;
  sessions: SessionsTable;
  rate_limits: RateLimitsTable;
  vacancies: VacanciesTable;
  search_outbox: SearchOutboxTable;
  projects: ProjectsTable;
  invitations: InvitationsTable;
  mentees: MenteesTable;
  shortlist_items: ShortlistItemsTable;
  share_links: ShareLinksTable;
}
