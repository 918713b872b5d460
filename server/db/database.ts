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

export interface Database {
  occupations: OccupationsTable;
  places: PlacesTable;
  employers: EmployersTable;
  accounts: AccountsTable;
  sessions: SessionsTable;
  rate_limits: RateLimitsTable;
  vacancies: VacanciesTable;
  search_outbox: SearchOutboxTable;
}
