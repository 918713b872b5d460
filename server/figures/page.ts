import Handlebars from 'handlebars';
import { errorSummary } from '../http/respond.ts';
import { barChart, type ChartBar } from './charts.ts';
import { FIGURES_FIELDS } from './schemas.ts';
import { figureRows, figuresQueryString, formatShown, presets, type Figures, type PlacementCells, type ProjectChoice, type Shown } from './service.ts';

type Translate = (key: string, vars?: Record<string, unknown>) => string;

export interface PageState {
  values: { from: string; to: string; project: string };
  choices: ProjectChoice[];
  /** Translation keys per field. */
  errors?: Record<string, string>;
  result?: { figures: Figures; projectName: string };
}

const KINDS = ['job', 'apprenticeship', 'total'] as const;
const CELLS = ['count', 'sociallyInsured', 'qualificationAdequate'] as const;

/** The data of views/figures/index.hbs: the form, the presets and, for a valid query, charts and tables. */
export function figuresPage(t: Translate, locale: string, today: string, state: PageState): Record<string, unknown> {
  const errors = Object.fromEntries(Object.entries(state.errors ?? {}).map(([field, key]) => [field, t(key)]));
  const hasErrors = Object.keys(errors).length > 0;
  const show = (value: Shown | null) => formatShown(value, locale);
  const bar = (label: string, value: Shown | null): ChartBar => ({ label, value: typeof value === 'number' ? value : null, text: show(value) });
  const project = state.values.project;

  const page: Record<string, unknown> = {
    title: t('figures.title'),
    hasErrors,
    errors,
    errorList: errorSummary(errors, FIGURES_FIELDS),
    values: state.values,
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
  const byKind = (kind: (typeof KINDS)[number]) => figures.placements[kind] as PlacementCells;
  // The charts' markup is built by charts.ts, which escapes every text it writes.
  const menteesChart = barChart({
    id: 'chart-mentees',
    title: t('figures.charts.mentees.title'),
    description: t('figures.charts.mentees.description'),
    groups: [{ bars: [bar(t('figures.rows.menteesAccompanied'), figures.menteesAccompanied), bar(t('figures.rows.women'), figures.women), bar(t('figures.rows.withoutQualification'), figures.withoutQualification)] }],
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
      from: state.values.from,
      to: state.values.to,
      csvUrl: `/coordinator/figures.csv?${figuresQueryString(state.values)}`,
      menteesChart: new Handlebars.SafeString(menteesChart),
      menteeRows: pick(['menteesAccompanied', 'women', 'womenShare', 'withoutQualification', 'withoutQualificationShare']),
      placementsChart: new Handlebars.SafeString(placementsChart),
      placementColumns: CELLS.map(cellLabel),
      placementRows: KINDS.map((kind) => ({ kindName: kindLabel(kind), cells: CELLS.map((cell) => show(byKind(kind)[cell])) })),
      otherRows: pick(['employersAdvised', 'sixMonthsDue', 'sustained', 'sustainedShare', 'followUpContacts', 'medianDaysToPlacement']),
    },
  };
}
