/**
 * Server-rendered SVG charts: pure functions from data to markup, no scripts, no inline styles
 * (the Content Security Policy allows neither; colours are presentation attributes). Every text
 * that enters the markup passes through `escapeXml`, so the result may be put into a page as is.
 * A chart is an image with a title and a description; its numbers are in the table beside it.
 */

export interface ChartBar {
  label: string;
  /** The bar's length; null draws no bar (a suppressed or missing value). */
  value: number | null;
  /** What is written at the bar's end ("12", "< 5"). */
  text: string;
}

export interface ChartGroup {
  /** A heading above the group's bars, if any. */
  label?: string;
  bars: ChartBar[];
}

export interface BarChartSpec {
  /** Unique on the page; the title's and description's ids derive from it. */
  id: string;
  title: string;
  description: string;
  groups: ChartGroup[];
}

/** GOV.UK blue, green and purple: each at least 3:1 against white, as WCAG asks of graphics. */
const PALETTE = ['#1d70b8', '#00703c', '#912b88'] as const;
const TEXT_COLOUR = '#0b0c0c';

const WIDTH = 640;
const LABEL_X = 0;
const INDENT = 12;
const BAR_X = 260;
const BAR_MAX = 300;
const ROW = 26;
const BAR_HEIGHT = 18;
const GROUP_GAP = 10;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const safeId = (id: string) => id.replace(/[^a-zA-Z0-9_-]/g, '-');

/** A horizontal bar chart: one row per bar (label, bar, value), bars grouped under optional headings. */
export function barChart(spec: BarChartSpec): string {
  const id = safeId(spec.id);
  const values = spec.groups.flatMap((g) => g.bars.map((b) => b.value ?? 0));
  const max = Math.max(1, ...values);
  const parts: string[] = [];
  let y = 4;
  for (const group of spec.groups) {
    const indent = group.label ? INDENT : 0;
    if (group.label) {
      parts.push(`<text x="${LABEL_X}" y="${y + 16}" font-weight="bold">${escapeXml(group.label)}</text>`);
      y += ROW;
    }
    group.bars.forEach((bar, index) => {
      const length = bar.value && bar.value > 0 ? Math.max(2, Math.round((bar.value / max) * BAR_MAX)) : 0;
      parts.push(`<text x="${LABEL_X + indent}" y="${y + 15}">${escapeXml(bar.label)}</text>`);
      if (length > 0)
        parts.push(`<rect x="${BAR_X}" y="${y + 2}" width="${length}" height="${BAR_HEIGHT}" fill="${PALETTE[index % PALETTE.length]}"/>`);
      parts.push(`<text x="${BAR_X + length + 6}" y="${y + 15}">${escapeXml(bar.text)}</text>`);
      y += ROW;
    });
    y += GROUP_GAP;
  }
  const height = y;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-labelledby="${id}-title" aria-describedby="${id}-desc"`,
    ` viewBox="0 0 ${WIDTH} ${height}" width="100%" focusable="false">`,
    `<title id="${id}-title">${escapeXml(spec.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(spec.description)}</desc>`,
    `<line x1="${BAR_X}" y1="0" x2="${BAR_X}" y2="${height - GROUP_GAP}" stroke="${TEXT_COLOUR}" stroke-width="1"/>`,
    `<g font-size="14" fill="${TEXT_COLOUR}">${parts.join('')}</g>`,
    `</svg>`,
  ].join('');
}
