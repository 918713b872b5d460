import type { ColumnType, Generated, Kysely, Transaction } from 'kysely';
import type {
  AGE_BANDS,
  GENDERS,
  GERMAN_LEVELS,
  KINDS,
  MENTEE_QUALIFICATIONS,
  MENTEE_STATUSES,
  QUALIFICATIONS,
  SCHOOLING,
  SUPPORT_OPTIONS,
  VACANCY_STATUSES,
  WORKING_TIMES,
  WorkPermit,
} from '../domain.ts';
import type { PlaceData } from '../places/data.ts';

/** Table types for Kysely; the migrations in migrations/ are the source of truth. */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DateOnly = ColumnType<string, string, string>;

// The vocabularies are spelled once, in server/domain.ts; the column types are derived from them.
export type GermanLevel = (typeof GERMAN_LEVELS)[number];
export type VacancyKind = (typeof KINDS)[number];
export type WorkingTime = (typeof WORKING_TIMES)[number];
export type VacancyStatus = (typeof VACANCY_STATUSES)[number];
export type SupportOption = (typeof SUPPORT_OPTIONS)[number];
type Qualification = (typeof QUALIFICATIONS)[number];
export type MenteeStatus = (typeof MENTEE_STATUSES)[number];
export type Gender = (typeof GENDERS)[number];
export type AgeBand = (typeof AGE_BANDS)[number];
export type Schooling = (typeof SCHOOLING)[number];
export type MenteeQualification = (typeof MENTEE_QUALIFICATIONS)[number];
export type { WorkPermit };
export type Role = 'employer' | 'mentor' | 'coordinator' | 'admin';

export interface OccupationsTable {
  code: string;
  title_de: string;
  title_en: string;
  apprenticeship: boolean;
  synonyms: string[];
}

/** A town as server/places/data.ts reads it from GeoNames. */
export type PlacesTable = PlaceData;

export interface EmployersTable {
  id: Generated<string>;
  name: string;
  town: string;
  place_id: number | null;
  status: ColumnType<'pending' | 'approved' | 'suspended', 'pending' | 'approved' | 'suspended' | undefined>;
  status_changed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
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
  /** What a mentee sees of her mentor on a share link (migration 0011); mentors only. */
  contact_first_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
  /** A mentor's daily e-mail of new matches (migration 0301): on unless she switched it off. */
  new_match_digest: ColumnType<boolean, boolean | undefined, boolean>;
}

export interface SessionsTable {
  id_hash: string;
  account_id: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
  /** Written at most once a minute; a session idle longer than its role's limit ends (server/plugins/auth.ts). */
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface PasswordResetsTable {
  id: Generated<string>;
  account_id: string;
  token_hash: string;
  expires_at: Timestamp;
  used_at: Timestamp | null;
  created_at: CreatedAt;
}

/** A sign-up waiting for its address to be confirmed (nothing in employers or accounts yet). */
export interface RegistrationRequestsTable {
  id: Generated<string>;
  token_hash: string;
  email: string;
  organisation: string;
  town: string;
  password_hash: string;
  expires_at: Timestamp;
  created_at: CreatedAt;
}

export interface TwoFactorTable {
  account_id: string;
  /** Encrypted (server/accounts/two-factor-secrets.ts), never shown again after enrolment. */
  secret: string;
  enabled_at: Timestamp | null;
  last_used_step: ColumnType<string | null, string | number | null | undefined, string | number | null>;
  created_at: CreatedAt;
}

export interface RecoveryCodesTable {
  id: Generated<string>;
  account_id: string;
  code_hash: string;
  used_at: Timestamp | null;
}

export interface LoginChallengesTable {
  id_hash: string;
  account_id: string;
  next: string | null;
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
  qualification: Qualification;
  driving_licence: boolean;
  shift_work: boolean;
  support: SupportOption[];
  status: ColumnType<VacancyStatus, VacancyStatus | undefined, VacancyStatus>;
  expires_at: DateOnly | null;
  published_at: Timestamp | null;
  closed_at: Timestamp | null;
  /** Set when the employer marks the vacancy filled (it is closed at the same time). */
  filled_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  version: ColumnType<number, number | undefined, number>;
  search_vector: ColumnType<string, never, never>;
  /** What it pays (migration 2026-12-06T0020; NULL on older rows until edited). Amounts in cents. */
  pay_kind: PayKind | null;
  pay_min_cents: number | null;
  pay_max_cents: number | null;
  pay_unit: PayUnit | null;
  pay_agreement: string | null;
  pay_group: string | null;
  /** Monthly training pay per training year, year 1 first. */
  training_pay_cents: number[] | null;
  apply_via_mentor: ColumnType<boolean, boolean | undefined, boolean>;
  apply_direct: ColumnType<boolean, boolean | undefined, boolean>;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  application_url: string | null;
  school_town: string | null;
  school_level: SchoolLevel | null;
  entry_qualification: ColumnType<boolean, boolean | undefined, boolean>;
  keep_on: ColumnType<boolean, boolean | undefined, boolean>;
  weekly_hours: number | null;
  /** true: permanent, false: fixed-term, null: not said (older rows). */
  permanent: boolean | null;
  start_asap: ColumnType<boolean, boolean | undefined, boolean>;
  accessible_workplace: ColumnType<boolean, boolean | undefined, boolean>;
}

export type PayKind = 'amount' | 'range' | 'agreement' | 'training';
export type PayUnit = 'hour' | 'month' | 'year';
export type SchoolLevel = 'none' | 'lower_secondary' | 'intermediate' | 'any';

/**
 * The columns of a queue whose rows are retried later when handling them fails (the search and mail
 * outboxes, the new-match checks): how often it failed, when to try again, and the last error.
 */
interface Retried {
  attempts: ColumnType<number, number | undefined, number>;
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  last_error: string | null;
}

export interface SearchOutboxTable extends Retried {
  id: Generated<string>;
  index_name: string;
  document_id: string;
  created_at: CreatedAt;
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
  updated_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
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
  status: ColumnType<MenteeStatus, MenteeStatus | undefined, MenteeStatus>;
  gender: Gender;
  /** Null: left open (the profile form offers "Keine Angabe"). */
  age_band: AgeBand | null;
  german_level: GermanLevel;
  other_languages: string[];
  schooling: Schooling;
  qualification: MenteeQualification;
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
  work_permit: WorkPermit;
  /** A German course in progress: its target level and end date, both or neither (issue 15). */
  german_course_level: ColumnType<GermanLevel | null, GermanLevel | null | undefined, GermanLevel | null>;
  german_course_end: ColumnType<string | null, string | null | undefined, string | null>;
  consent: boolean;
  consent_at: Timestamp | null;
  locale: ColumnType<string, string | undefined, string>;
  notes: ColumnType<string, string | undefined, string>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  closed_at: Timestamp | null;
  version: ColumnType<number, number | undefined, number>;
  /** When the mentor last opened the overview (server/mentees/next-step.ts); not a change of the profile. */
  overview_seen_at: Timestamp | null;
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

export interface MailOutboxTable extends Retried {
  id: Generated<string>;
  recipient: string;
  subject: string;
  body_text: string;
  kind: string;
  sent_at: Timestamp | null;
  created_at: CreatedAt;
}

export type IntroductionStatusColumn = 'proposed' | 'interested' | 'interview' | 'trial' | 'placed' | 'declined' | 'withdrawn';

export interface IntroductionsTable {
  id: Generated<string>;
  mentee_id: string;
  vacancy_id: string;
  employer_id: string;
  project_id: number;
  mentor_id: string | null;
  message: ColumnType<string, string | undefined, string>;
  status: ColumnType<IntroductionStatusColumn, IntroductionStatusColumn | undefined, IntroductionStatusColumn>;
  interview_at: Timestamp | null;
  trial_on: ColumnType<string | null, string | null | undefined, string | null>;
  decline_reason: string | null;
  employer_seen_at: Timestamp | null;
  created_at: CreatedAt;
  status_changed_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface IntroductionEventsTable {
  id: Generated<string>;
  introduction_id: string;
  from_status: IntroductionStatusColumn | null;
  to_status: IntroductionStatusColumn;
  actor_id: string | null;
  actor_role: string;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
  at: CreatedAt;
}

export type PlacementEndReason = 'dropped_out' | 'dismissed' | 'changed_job' | 'moved_away' | 'other';

export interface PlacementsTable {
  id: Generated<string>;
  introduction_id: string | null;
  mentee_id: string | null;
  project_id: number;
  employer_id: string | null;
  kind: VacancyKind;
  start_date: DateOnly;
  /** The day of the mentee's first introduction (kept for the figures after an erasure). */
  first_introduced_on: ColumnType<string | null, string | null | undefined, string | null>;
  socially_insured: boolean;
  qualification_adequate: boolean;
  ended_on: ColumnType<string | null, string | null | undefined, string | null>;
  end_reason: PlacementEndReason | null;
  end_note: string | null;
  created_at: CreatedAt;
}

export interface FollowUpsTable {
  id: Generated<string>;
  placement_id: string;
  contact_date: DateOnly;
  concerns: string[];
  dropout_risk: boolean;
  note: ColumnType<string, string | undefined, string>;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface AuditLogTable {
  id: Generated<string>;
  at: CreatedAt;
  actor_id: string | null;
  actor_role: string;
  action: string;
  subject_type: string;
  subject_id: string;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
}

/** What stays of an erased or expired profile: anonymous counts for the programme's figures. */
export interface ErasedMenteesTable {
  id: Generated<string>;
  project_id: number;
  gender: MenteesTable['gender'];
  qualification: MenteesTable['qualification'];
  accompanied_from: DateOnly;
  accompanied_to: DateOnly;
  reason: 'retention' | 'request';
  erased_at: CreatedAt;
}

export interface DailyJobRunsTable {
  job: string;
  day: DateOnly;
  started_at: CreatedAt;
}

/** A vacancy whose matching mentees are still to be found (server/new-matches/worker.ts). */
export interface NewMatchChecksTable extends Retried {
  vacancy_id: string;
  queued_at: CreatedAt;
}

/** A vacancy that matched a mentee after it was published; seen on the mentee's pages, named once in the daily e-mail. */
export interface MenteeNewMatchesTable {
  mentee_id: string;
  vacancy_id: string;
  found_at: CreatedAt;
  seen_at: Timestamp | null;
  digested_at: Timestamp | null;
}

/**
 * A mentee's match list as last computed (server/matches/stored-lists.ts): fresh while profile_version, computed_on
 * and computed_generation equal the mentee's version, today (Berlin) and generation. Its cards (the MatchList of
 * search/matching.ts) are rows of match_list_cards; the counts say how many of each part it holds.
 */
export interface MenteeMatchListsTable {
  mentee_id: string;
  profile_version: number | null;
  computed_on: ColumnType<string | null, string | null | undefined, string | null>;
  generation: ColumnType<number, number | undefined, number>;
  computed_generation: number | null;
  vacancy_ids: ColumnType<string[], string[] | undefined, string[]>;
  match_count: ColumnType<number, number | undefined, number>;
  stretch_count: ColumnType<number, number | undefined, number>;
  computed_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** A stored list's cards, one row each (part 0: the matches, 1: the near misses), each an explained match as JSON text. */
export interface MatchListCardsTable {
  mentee_id: string;
  part: number;
  position: number;
  card: ColumnType<unknown, string, string>;
}

/** Vacancies whose index documents changed, kept an hour (the race rule of server/matches/stored-lists.ts). */
export interface MatchListVacancyChangesTable {
  changed_at: Timestamp;
  vacancy_ids: string[];
}

export interface Database {
  occupations: OccupationsTable;
  places: PlacesTable;
  employers: EmployersTable;
  accounts: AccountsTable;
  sessions: SessionsTable;
  rate_limits: RateLimitsTable;
  password_resets: PasswordResetsTable;
  registration_requests: RegistrationRequestsTable;
  two_factor: TwoFactorTable;
  recovery_codes: RecoveryCodesTable;
  login_challenges: LoginChallengesTable;
  vacancies: VacanciesTable;
  search_outbox: SearchOutboxTable;
  projects: ProjectsTable;
  invitations: InvitationsTable;
  mentees: MenteesTable;
  shortlist_items: ShortlistItemsTable;
  share_links: ShareLinksTable;
  mail_outbox: MailOutboxTable;
  introductions: IntroductionsTable;
  introduction_events: IntroductionEventsTable;
  placements: PlacementsTable;
  follow_ups: FollowUpsTable;
  audit_log: AuditLogTable;
  daily_job_runs: DailyJobRunsTable;
  erased_mentees: ErasedMenteesTable;
  new_match_checks: NewMatchChecksTable;
  mentee_new_matches: MenteeNewMatchesTable;
  mentee_match_lists: MenteeMatchListsTable;
  match_list_cards: MatchListCardsTable;
  match_list_vacancy_changes: MatchListVacancyChangesTable;
}

/** What every query function takes first: the app's Kysely or a transaction begun on it. */
export type Db = Kysely<Database> | Transaction<Database>;
