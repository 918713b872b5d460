import { translate } from '../i18n/index.ts';
import { SUPPRESSED, type Derived, type Figures, type Shown } from './disclosure.ts';
import { figureRows } from './service.ts';

/**
 * The figures as CSV for German Excel: UTF-8 with a byte-order mark (or Excel guesses the
 * encoding wrong), `;` between fields, decimal commas, CRLF line ends, German labels whatever
 * the page's language (the file goes into the programme's German reports).
 */
const BOM = '\uFEFF';
const de = (key: string, vars?: Record<string, unknown>) => translate('de', key, vars);
const DECIMAL = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 1, useGrouping: false });

/** Quotes a field when it needs it; text that a spreadsheet would run as a formula gets a leading apostrophe. */
function field(text: string): string {
  const formula = /^[=+\-@\t\r]/.test(text) && !/^-\d+(,\d+)?$/.test(text);
  const safe = formula ? `'${text}` : text;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The page's markers: "< 5" for a small count, "–" for a share or median not shown (an empty cell would read as missing data). */
function value(shown: Shown | Derived): string {
  if (shown === null) return '–';
  return shown === SUPPRESSED ? SUPPRESSED : DECIMAL.format(shown);
}

export function figuresCsv(figures: Figures, period: { firstDay: string; lastDay: string; projectName: string | null }): string {
  const lines: string[][] = [
    [de('figures.csv.period'), de('figures.csv.periodValue', { from: period.firstDay, to: period.lastDay })],
    [de('figures.csv.project'), period.projectName ?? de('figures.allProjects')],
    [de('figures.csv.note'), de('figures.suppressionNote')],
    [de('figures.csv.figure'), de('figures.csv.value')],
    ...figureRows(figures).map((row) => [de(`figures.rows.${row.key}`), value(row.value)]),
  ];
  return BOM + lines.map((cells) => cells.map(field).join(';')).join('\r\n') + '\r\n';
}

/** kennzahlen-<first month>-<last month>-<project>.csv ("kennzahlen-2026-01-2026-03-all.csv"), the project as its id or "all". */
export function csvFilename(from: string, to: string, project: number | 'all'): string {
  return `kennzahlen-${from}-${to}-${project}.csv`;
}
