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

/*
 * Each bar has its label on the line above it, not beside it: the drawing is then narrow (400 units),
 * so on a 358 px phone column it scales to about 0.9 and its 15-unit text stays about 13 px, where a
 * label column beside the bars made a 640-unit drawing whose text shrank to 8 px. The stylesheet caps
 * the drawing's width on wide screens (views/static/site.css, .figures-chart).
 */
const WIDTH = 400;
const FONT_SIZE = 15;
const BAR_MAX = 300;
const BAR_HEIGHT = 16;
/** A bar's block: its label line, its bar, the space before the next. */
const ROW = 44;
const GROUP_HEADING = 24;
const GROUP_GAP = 10;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const safeId = (id: string) => id.replace(/[^a-zA-Z0-9_-]/g, '-');

/**
 * A horizontal bar chart: per bar its label, then the bar with its value at the end ("chart-value", so a
 * reader of the markup finds the values without knowing the geometry); bars grouped under optional headings.
 */
export function barChart(spec: BarChartSpec): string {
  const id = safeId(spec.id);
  const values = spec.groups.flatMap((g) => g.bars.map((b) => b.value ?? 0));
  const max = Math.max(1, ...values);
  const parts: string[] = [];
  let y = 0;
  for (const group of spec.groups) {
    if (group.label) {
      parts.push(`<text x="0" y="${y + 17}" font-weight="bold">${escapeXml(group.label)}</text>`);
      y += GROUP_HEADING;
    }
    group.bars.forEach((bar, index) => {
      const length = bar.value && bar.value > 0 ? Math.max(2, Math.round((bar.value / max) * BAR_MAX)) : 0;
      parts.push(`<text x="0" y="${y + 15}">${escapeXml(bar.label)}</text>`);
      if (length > 0)
        parts.push(`<rect x="0" y="${y + 21}" width="${length}" height="${BAR_HEIGHT}" fill="${PALETTE[index % PALETTE.length]}"/>`);
      parts.push(`<text class="chart-value" x="${length + 6}" y="${y + 34}">${escapeXml(bar.text)}</text>`);
      y += ROW;
    });
    y += GROUP_GAP;
  }
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-labelledby="${id}-title" aria-describedby="${id}-desc"`,
    ` viewBox="0 0 ${WIDTH} ${y}" width="100%" focusable="false">`,
    `<title id="${id}-title">${escapeXml(spec.title)}</title>`,
    `<desc id="${id}-desc">${escapeXml(spec.description)}</desc>`,
    `<g font-size="${FONT_SIZE}" fill="${TEXT_COLOUR}">${parts.join('')}</g>`,
    `</svg>`,
  ].join('');
}
