import Handlebars from 'handlebars';
import { refusedSummary, type RefusedForm } from '../http/refusal.ts';
import { barChart, type ChartBar } from './charts.ts';
import { FIGURES_FIELDS } from './schemas.ts';
import type { Derived, Figures, Shown } from './disclosure.ts';
import { figureRows, figuresQueryString, formatShown, presets, type ProjectChoice } from './service.ts';

type Translate = (key: string, vars?: Record<string, unknown>) => string;

export interface PageState {
  values: { from: string; to: string; project: string };
  choices: ProjectChoice[];
  /** A refused query: its field messages, translated, and its status. */
  refused?: RefusedForm;
  result?: { figures: Figures; projectName: string };
}

const KINDS = ['job', 'apprenticeship', 'total'] as const;
const CELLS = ['count', 'sociallyInsured', 'qualificationAdequate'] as const;

/**
 * A month field is `type="month"` (a picker where the browser has one, a text field with the "YYYY-MM" hint
 * elsewhere) while its value is a month or blank; a browser empties a month field holding anything else, so a
 * value the user must correct ("15.04.2026", "morgen") is kept in a text field instead.
 */
const monthInputType = (value: string) => (value === '' || /^[1-9]\d{3}-(0[1-9]|1[0-2])$/.test(value) ? 'month' : 'text');

/** "April 2026" / "April 2026" in the page's language. */
function monthName(month: string, locale: string): string {
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'de-DE', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${month}-01T00:00:00Z`),
  );
}

/** The data of views/figures/index.hbs: the form, the presets and, for a valid query, charts and tables. */
export function figuresPage(t: Translate, locale: string, today: string, state: PageState): Record<string, unknown> {
  const errors = state.refused?.errors ?? {};
  const hasErrors = Object.keys(errors).length > 0;
  const show = (value: Shown | Derived) => formatShown(value, locale);
  const bar = (label: string, value: Shown): ChartBar => ({ label, value: typeof value === 'number' ? value : null, text: show(value) });
  const project = state.values.project;

  const page: Record<string, unknown> = {
    title: t('figures.title'),
    hasErrors,
    errors,
    errorList: refusedSummary(state.refused, FIGURES_FIELDS),
    values: state.values,
    inputTypes: { from: monthInputType(state.values.from), to: monthInputType(state.values.to) },
    projects: [{ id: 'all', name: t('figures.allProjects') }, ...state.choices].map((p) => ({ ...p, selected: String(p.id) === project })),
    presets: presets(today).map((p) => ({
      key: p.key,
      href: `/coordinator/figures?${figuresQueryString({ ...p, project: project || 'all' })}`,
      current: !hasErrors && p.from === state.values.from && p.to === state.values.to,
    })),
  };
  if (hasErrors || !state.result) return page;

  const { figures, projectName } = state.result;
  const kindLabel = (kind: (typeof KINDS)[number]) => t(`figures.kinds.${kind}`);
  const cellLabel = (cell: (typeof CELLS)[number]) => t(`figures.columns.${cell}`);
  const byKind = (kind: (typeof KINDS)[number]) => figures.placements[kind];
  // The charts' markup is built by charts.ts, which escapes every text it writes.
  const menteesChart = barChart({
    id: 'chart-mentees',
    title: t('figures.charts.mentees.title'),
    description: t('figures.charts.mentees.description'),
    groups: [
      {
        bars: [
          bar(t('figures.rows.menteesAccompanied'), figures.menteesAccompanied),
          bar(t('figures.rows.women'), figures.women),
          bar(t('figures.rows.withoutQualification'), figures.withoutQualification),
        ],
      },
    ],
  });
  const placementsChart = barChart({
    id: 'chart-placements',
    title: t('figures.charts.placements.title'),
    description: t('figures.charts.placements.description'),
    groups: KINDS.map((kind) => ({ label: kindLabel(kind), bars: CELLS.map((cell) => bar(cellLabel(cell), byKind(kind)[cell])) })),
  });
  const rows = figureRows(figures).map((row) => ({ key: row.key, display: show(row.value) }));
  const pick = (keys: string[]) => rows.filter((row) => keys.includes(row.key));

  return {
    ...page,
    result: {
      projectName,
      from: monthName(state.values.from, locale),
      to: monthName(state.values.to, locale),
      csvUrl: `/coordinator/figures.csv?${figuresQueryString(state.values)}`,
      menteesChart: new Handlebars.SafeString(menteesChart),
      menteeRows: pick(['menteesAccompanied', 'women', 'womenShare', 'withoutQualification', 'withoutQualificationShare']),
      placementsChart: new Handlebars.SafeString(placementsChart),
      placementColumns: CELLS.map(cellLabel),
      placementRows: KINDS.map((kind) => ({
        kindName: kindLabel(kind),
        cells: CELLS.map((cell) => ({ key: `${kind}.${cell}`, display: show(byKind(kind)[cell]) })),
      })),
      otherRows: pick(['employersAdvised', 'sixMonthsDue', 'sustained', 'sustainedShare', 'followUpContacts', 'medianDaysToPlacement']),
    },
  };
}
