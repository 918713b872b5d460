import type { FastifyInstance } from 'fastify';
import { invalid, ok, parseForm, type Invalid, type Result } from '../http/refusal.ts';
import { publishFigures, SUPPRESSED, type Derived, type Figures, type Shown } from './disclosure.ts';
import { computeFigures, listProjectChoices } from './queries.ts';
import { FiguresQuery, firstDayOf, lastDayOf } from './schemas.ts';

/** The funding period the programme reports on (the 2025–2027 focus), in whole months. */
export const FUNDING_PERIOD = { from: '2025-01', to: '2027-12' } as const;

export type FigureUnit = 'count' | 'percent' | 'days';
export interface FigureRow {
  /** The label's key under figures.rows. */
  key: string;
  value: Shown | Derived;
  unit: FigureUnit;
}

/** Every figure as one labelled row, in reporting order: the CSV's lines and the page's full table. */
export function figureRows(f: Figures): FigureRow[] {
  const row = (key: string, value: Shown | Derived, unit: FigureUnit = 'count'): FigureRow => ({ key, value, unit });
  const { job, apprenticeship, total } = f.placements;
  // Each kind of placement is told the same three ways: how many, how many socially insured, how many fitting the qualification.
  const placementRows = (key: string, p: Figures['placements']['total']) => [
    row(key, p.count),
    row(`${key}SociallyInsured`, p.sociallyInsured),
    row(`${key}QualificationAdequate`, p.qualificationAdequate),
  ];
  return [
    row('menteesAccompanied', f.menteesAccompanied),
    row('women', f.women),
    row('womenShare', f.womenShare, 'percent'),
    row('withoutQualification', f.withoutQualification),
    row('withoutQualificationShare', f.withoutQualificationShare, 'percent'),
    row('employersAdvised', f.employersAdvised),
    ...placementRows('jobs', job),
    ...placementRows('apprenticeships', apprenticeship),
    ...placementRows('placements', total),
    row('sixMonthsDue', f.sixMonthsDue),
    row('sustained', f.sustained),
    row('sustainedShare', f.sustainedShare, 'percent'),
    row('followUpContacts', f.followUpContacts),
    row('medianDaysToPlacement', f.medianDaysToPlacement, 'days'),
  ];
}

/** A shown value as text: "< 5" stays, numbers in the locale's way (German: 1.234), a share or median not shown as "–". */
export function formatShown(value: Shown | Derived, locale: string): string {
  if (value === null) return '–';
  if (value === SUPPRESSED) return SUPPRESSED;
  return new Intl.NumberFormat(locale === 'en' ? 'en-GB' : 'de-DE', { maximumFractionDigits: 1 }).format(value);
}

export interface Preset {
  key: 'thisYear' | 'lastYear' | 'fundingPeriod';
  from: string;
  to: string;
}

/** The periods offered as links, in whole months; "this year" is the Berlin calendar year of today. */
export function presets(today: string): Preset[] {
  const year = Number(today.slice(0, 4));
  return [
    { key: 'thisYear', from: `${year}-01`, to: `${year}-12` },
    { key: 'lastYear', from: `${year - 1}-01`, to: `${year - 1}-12` },
    { key: 'fundingPeriod', ...FUNDING_PERIOD },
  ];
}

export interface ProjectChoice {
  id: number;
  name: string;
}

/** The figures form as the user sent it (defaults for what is missing) and the projects it offers. */
export interface FiguresForm {
  values: { from: string; to: string; project: string };
  choices: ProjectChoice[];
}

/**
 * Reads the period and project from the query string: missing fields take the defaults (this year, all
 * projects), given ones stay as typed, to be checked by `readFiguresRequest` and shown again if refused.
 */
export async function figuresForm(app: FastifyInstance, rawQuery: unknown, today: string): Promise<FiguresForm> {
  const given = (rawQuery && typeof rawQuery === 'object' ? rawQuery : {}) as Record<string, unknown>;
  const thisYear = presets(today)[0]!;
  const text = (v: unknown) => (Array.isArray(v) ? String(v[0] ?? '') : v === undefined ? undefined : String(v));
  const values = { from: text(given.from) ?? thisYear.from, to: text(given.to) ?? thisYear.to, project: text(given.project) ?? 'all' };
  return { values, choices: await listProjectChoices(app.db) };
}

/**
 * The form's period and project, checked: the dates must be right and the project must exist, every problem
 * at once (a project that does not exist is one too, whatever the dates), as field messages for the form.
 */
export function readFiguresRequest({
  values,
  choices,
}: FiguresForm): Result<{ query: FiguresQuery; project: ProjectChoice | null }, Invalid> {
  const parsed = parseForm(FiguresQuery, values);
  const errors = parsed.ok ? {} : { ...parsed.errors };
  const project = values.project === 'all' ? null : choices.find((c) => String(c.id) === values.project);
  if (project === undefined) errors.project = 'figures.errors.project';
  if (!parsed.ok || project === undefined) return invalid(errors);
  return ok({ query: parsed.value, project });
}

/** The published figures the form asks for, with its checked period and project; or its field messages. */
export async function requestedFigures(app: FastifyInstance, form: FiguresForm) {
  const read = readFiguresRequest(form);
  return read.ok ? ok({ ...read.value, figures: await loadFigures(app, read.value.query) }) : read;
}

/** The first and last day of a period of whole months, both inclusive. */
export function periodDays(query: { from: string; to: string }): { firstDay: string; lastDay: string } {
  return { firstDay: firstDayOf(query.from), lastDay: lastDayOf(query.to) };
}

/**
 * The published figures of a period, for one project or all: the only way figures leave the database.
 * Raw counts stay in this function; whatever shows them (page, JSON, charts, CSV) gets `publishFigures`' values.
 */
export async function loadFigures(app: FastifyInstance, query: FiguresQuery): Promise<Figures> {
  const { firstDay, lastDay } = periodDays(query);
  return publishFigures(
    await computeFigures(app.db, { from: firstDay, to: lastDay, projectId: query.project === 'all' ? null : query.project }),
  );
}

/** The query string of a period and project, for links (presets, CSV) that keep the choice. */
export function figuresQueryString(query: { from: string; to: string; project: number | 'all' | string }): string {
  return new URLSearchParams({ from: query.from, to: query.to, project: String(query.project) }).toString();
}
