import type { FastifyInstance } from 'fastify';
import { fieldErrors } from '../http/respond.ts';
import { computeFigures, listProjectChoices, type RawFigures } from './queries.ts';
import { FiguresQuery } from './schemas.ts';

/** What a suppressed cell shows instead of a small number. */
export const SUPPRESSED = '< 5';
/** A shown figure: the number, or the suppression marker. */
export type Shown = number | typeof SUPPRESSED;

/** The funding period the programme reports on (the 2025–2027 focus). */
export const FUNDING_PERIOD = { from: '2025-01-01', to: '2027-12-31' } as const;

export interface PlacementCells {
  count: Shown;
  sociallyInsured: Shown;
  qualificationAdequate: Shown;
}

/** The figures as anyone outside the database sees them: after suppression. */
export interface Figures {
  menteesAccompanied: Shown;
  women: Shown;
  womenShare: Shown;
  withoutQualification: Shown;
  withoutQualificationShare: Shown;
  employersAdvised: Shown;
  placements: { job: PlacementCells; apprenticeship: PlacementCells; total: PlacementCells };
  sixMonthsDue: Shown;
  sustained: Shown;
  sustainedShare: Shown;
  followUpContacts: Shown;
  /** Days, one decimal; null when no placement in the period has a first-introduction day. */
  medianDaysToPlacement: Shown | null;
}

const MIN_SHOWN = 5;
const small = (n: number) => n >= 1 && n < MIN_SHOWN;
const oneDecimal = (n: number) => Math.round(n * 10) / 10;

/** A count of 1–4 could point to a person: it shows as "< 5". Zero shows as 0. */
export function suppressCount(n: number): Shown {
  return small(n) ? SUPPRESSED : n;
}

/** A share in % (one decimal), shown only when its numerator is 0 or ≥ 5 and its denominator ≥ 5. */
export function suppressShare(numerator: number, denominator: number): Shown {
  if (small(numerator) || denominator < MIN_SHOWN) return SUPPRESSED;
  return oneDecimal((numerator / denominator) * 100);
}

/** A median shown only when it is computed over at least 5 placements. */
export function suppressMedian(median: number | null, base: number): Shown | null {
  if (median === null || base === 0) return null;
  return base < MIN_SHOWN ? SUPPRESSED : oneDecimal(median);
}

/** The one place small numbers are suppressed: page, JSON and CSV all show what this returns. */
export function suppressFigures(raw: RawFigures): Figures {
  // A kind's breakdown is hidden with its count: "insured 0" next to "< 5" placements would describe those few people.
  const cells = (count: number, insured: number, adequate: number): PlacementCells =>
    small(count)
      ? { count: SUPPRESSED, sociallyInsured: SUPPRESSED, qualificationAdequate: SUPPRESSED }
      : { count: suppressCount(count), sociallyInsured: suppressCount(insured), qualificationAdequate: suppressCount(adequate) };
  const job = cells(raw.jobs, raw.jobsSociallyInsured, raw.jobsQualificationAdequate);
  const apprenticeship = cells(raw.apprenticeships, raw.apprenticeshipsSociallyInsured, raw.apprenticeshipsQualificationAdequate);
  const total = cells(
    raw.jobs + raw.apprenticeships,
    raw.jobsSociallyInsured + raw.apprenticeshipsSociallyInsured,
    raw.jobsQualificationAdequate + raw.apprenticeshipsQualificationAdequate,
  );
  // Total = job + apprenticeship: when one of the two is hidden and the total shown, the other must be hidden
  // too, or the total minus it would give the hidden one away.
  for (const key of ['count', 'sociallyInsured', 'qualificationAdequate'] as const) {
    if (total[key] === SUPPRESSED) continue;
    if (job[key] === SUPPRESSED) apprenticeship[key] = SUPPRESSED;
    if (apprenticeship[key] === SUPPRESSED) job[key] = SUPPRESSED;
  }
  return {
    menteesAccompanied: suppressCount(raw.menteesAccompanied),
    women: suppressCount(raw.women),
    womenShare: suppressShare(raw.women, raw.menteesAccompanied),
    withoutQualification: suppressCount(raw.withoutQualification),
    withoutQualificationShare: suppressShare(raw.withoutQualification, raw.menteesAccompanied),
    employersAdvised: suppressCount(raw.employersAdvised),
    placements: { job, apprenticeship, total },
    sixMonthsDue: suppressCount(raw.sixMonthsDue),
    sustained: small(raw.sixMonthsDue) ? SUPPRESSED : suppressCount(raw.sustained),
    sustainedShare: suppressShare(raw.sustained, raw.sixMonthsDue),
    followUpContacts: suppressCount(raw.followUpContacts),
    medianDaysToPlacement: suppressMedian(raw.medianDaysToPlacement, raw.medianBase),
  };
}

export type FigureUnit = 'count' | 'percent' | 'days';
export interface FigureRow {
  /** The label's key under figures.rows. */
  key: string;
  value: Shown | null;
  unit: FigureUnit;
}

/** Every figure as one labelled row, in reporting order: the CSV's lines and the page's full table. */
export function figureRows(f: Figures): FigureRow[] {
  const row = (key: string, value: Shown | null, unit: FigureUnit = 'count'): FigureRow => ({ key, value, unit });
  const { job, apprenticeship, total } = f.placements;
  return [
    row('menteesAccompanied', f.menteesAccompanied),
    row('women', f.women),
    row('womenShare', f.womenShare, 'percent'),
    row('withoutQualification', f.withoutQualification),
    row('withoutQualificationShare', f.withoutQualificationShare, 'percent'),
    row('employersAdvised', f.employersAdvised),
    row('jobs', job.count),
    row('jobsSociallyInsured', job.sociallyInsured),
    row('jobsQualificationAdequate', job.qualificationAdequate),
    row('apprenticeships', apprenticeship.count),
    row('apprenticeshipsSociallyInsured', apprenticeship.sociallyInsured),
    row('apprenticeshipsQualificationAdequate', apprenticeship.qualificationAdequate),
    row('placements', total.count),
    row('placementsSociallyInsured', total.sociallyInsured),
    row('placementsQualificationAdequate', total.qualificationAdequate),
    row('sixMonthsDue', f.sixMonthsDue),
    row('sustained', f.sustained),
    row('sustainedShare', f.sustainedShare, 'percent'),
    row('followUpContacts', f.followUpContacts),
    row('medianDaysToPlacement', f.medianDaysToPlacement, 'days'),
  ];
}

/** A shown value as text: "< 5" stays, numbers in the locale's way (German: 1.234,5), none as "–". */
export function formatShown(value: Shown | null, locale: string): string {
  if (value === null) return '–';
  if (value === SUPPRESSED) return SUPPRESSED;
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'de-DE', { maximumFractionDigits: 1 }).format(value);
}

export interface Preset {
  key: 'thisYear' | 'lastYear' | 'fundingPeriod';
  from: string;
  to: string;
}

/** The periods offered as links; "this year" is the Berlin calendar year of today. */
export function presets(today: string): Preset[] {
  const year = Number(today.slice(0, 4));
  return [
    { key: 'thisYear', from: `${year}-01-01`, to: `${year}-12-31` },
    { key: 'lastYear', from: `${year - 1}-01-01`, to: `${year - 1}-12-31` },
    { key: 'fundingPeriod', ...FUNDING_PERIOD },
  ];
}

export interface ProjectChoice {
  id: number;
  name: string;
}

export type FiguresRequest =
  | { ok: true; query: FiguresQuery; project: ProjectChoice | null; choices: ProjectChoice[] }
  | { ok: false; errors: Record<string, string>; values: { from: string; to: string; project: string }; choices: ProjectChoice[] };

/**
 * Reads the period and project from the query string. Missing fields take the defaults
 * (this year, all projects); given ones must be right, and the project must exist.
 * Errors are translation keys per field; `values` is what the user sent, to show again.
 */
export async function readFiguresRequest(app: FastifyInstance, rawQuery: unknown, today: string): Promise<FiguresRequest> {
  const given = (rawQuery && typeof rawQuery === 'object' ? rawQuery : {}) as Record<string, unknown>;
  const thisYear = presets(today)[0]!;
  const text = (v: unknown) => (Array.isArray(v) ? String(v[0] ?? '') : v === undefined ? undefined : String(v));
  const values = { from: text(given.from) ?? thisYear.from, to: text(given.to) ?? thisYear.to, project: text(given.project) ?? 'all' };
  const choices = await listProjectChoices(app.db);
  const parsed = FiguresQuery.safeParse(values);
  const errors = parsed.success ? {} : fieldErrors(parsed.error);
  // Every problem at once: a project that does not exist is one too, whatever the dates.
  const project = values.project === 'all' ? null : choices.find((c) => String(c.id) === values.project);
  if (project === undefined) errors.project = 'figures.errors.project';
  if (!parsed.success || project === undefined) return { ok: false, errors, values, choices };
  return { ok: true, query: parsed.data, project, choices };
}

/** The suppressed figures of a period, for one project or all. */
export async function loadFigures(app: FastifyInstance, query: FiguresQuery): Promise<Figures> {
  const raw = await computeFigures(app.db, { from: query.from, to: query.to, projectId: query.project === 'all' ? null : query.project });
  return suppressFigures(raw);
}

/** The query string of a period and project, for links (presets, CSV) that keep the choice. */
export function figuresQueryString(query: { from: string; to: string; project: number | 'all' | string }): string {
  return new URLSearchParams({ from: query.from, to: query.to, project: String(query.project) }).toString();
}
