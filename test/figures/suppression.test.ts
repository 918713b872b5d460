import { describe, expect, it } from 'vitest';
import { barChart } from '../../server/figures/charts.ts';
import { figuresCsv } from '../../server/figures/csv.ts';
import { FiguresQuery } from '../../server/figures/schemas.ts';
import { formatShown, presets, suppressCount, suppressFigures, suppressMedian, suppressShare } from '../../server/figures/service.ts';

describe('suppression of small numbers', () => {
  it('shows 0 and 5 or more, and "< 5" for 1 to 4', () => {
    expect([0, 1, 2, 3, 4, 5, 123].map(suppressCount)).toEqual([0, '< 5', '< 5', '< 5', '< 5', 5, 123]);
  });

  it('shows a share only when its numerator is 0 or at least 5 and its denominator at least 5', () => {
    expect(suppressShare(0, 4)).toBe('< 5');
    expect(suppressShare(0, 5)).toBe(0);
    expect(suppressShare(3, 10)).toBe('< 5');
    expect(suppressShare(5, 8)).toBe(62.5);
    expect(suppressShare(5, 7)).toBe(71.4);
    expect(suppressShare(4, 4)).toBe('< 5');
    expect(suppressShare(0, 0)).toBe('< 5');
  });

  it('shows a median over 5 or more, "< 5" below, nothing without any', () => {
    expect(suppressMedian(null, 0)).toBeNull();
    expect(suppressMedian(12, 4)).toBe('< 5');
    expect(suppressMedian(25.5, 6)).toBe(25.5);
    expect(suppressMedian(10.04, 5)).toBe(10);
  });

  it('formats for the locale', () => {
    expect(formatShown(1234.5, 'de')).toBe('1.234,5');
    expect(formatShown(1234.5, 'en')).toBe('1,234.5');
    expect(formatShown('< 5', 'de')).toBe('< 5');
    expect(formatShown(null, 'de')).toBe('–');
  });
});

describe('the period', () => {
  it('offers this year, last year and the funding period', () => {
    expect(presets('2026-11-23')).toEqual([
      { key: 'thisYear', from: '2026-01-01', to: '2026-12-31' },
      { key: 'lastYear', from: '2025-01-01', to: '2025-12-31' },
      { key: 'fundingPeriod', from: '2025-01-01', to: '2027-12-31' },
    ]);
  });

  it('takes real calendar days in order, and a project id or "all"', () => {
    expect(FiguresQuery.safeParse({ from: '2025-01-01', to: '2025-12-31', project: 'all' }).success).toBe(true);
    expect(FiguresQuery.parse({ from: '01.02.2025', to: '2025-02-28', project: '7' })).toEqual({ from: '2025-02-01', to: '2025-02-28', project: 7 });
    const issues = (input: Record<string, string>) => FiguresQuery.safeParse(input).error?.issues.map((i) => `${String(i.path[0])}:${i.message}`);
    expect(issues({ from: '2025-02-29', to: '', project: 'x' })).toEqual(['from:figures.errors.fromInvalid', 'to:figures.errors.toMissing', 'project:figures.errors.project']);
    expect(issues({ from: '2025-05-01', to: '2025-04-30', project: 'all' })).toEqual(['to:figures.errors.order']);
    expect(issues({ from: '1999-12-31', to: '2025-04-30', project: 'all' })).toEqual(['from:figures.errors.fromRange']);
    expect(issues({ from: '2025-05-01', to: '2025-05-01', project: 'all' })).toBeUndefined();
    expect(issues({ from: '2025-13-01', to: '2025-00-10', project: 'all' })).toEqual(['from:figures.errors.fromInvalid', 'to:figures.errors.toInvalid']);
  });
});

describe('charts and CSV', () => {
  it('escape every text they write', () => {
    const svg = barChart({ id: 'x"y', title: '<script>alert(1)</script>', description: 'a & b', groups: [{ label: '"Gruppe"', bars: [{ label: "<b>'", value: 3, text: '< 5' }] }] });
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('a &amp; b');
    expect(svg).toContain('&quot;Gruppe&quot;');
    expect(svg).toContain('&lt; 5');
    expect(svg).toContain('id="x-y-title"');
    expect(svg).toMatch(/^<svg [^>]*role="img"/);
  });

  it('draws no bar for a suppressed value and scales the others to the largest', () => {
    const svg = barChart({ id: 'c', title: 't', description: 'd', groups: [{ bars: [{ label: 'a', value: 10, text: '10' }, { label: 'b', value: null, text: '< 5' }, { label: 'c', value: 5, text: '5' }] }] });
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg).toContain('width="300"');
    expect(svg).toContain('width="150"');
  });

  it('quotes CSV fields that need it and defuses formulas', () => {
    const figures = suppressFigures({
      menteesAccompanied: 0, women: 0, withoutQualification: 0, employersAdvised: 0, jobs: 0, jobsSociallyInsured: 0, jobsQualificationAdequate: 0,
      apprenticeships: 0, apprenticeshipsSociallyInsured: 0, apprenticeshipsQualificationAdequate: 0, sixMonthsDue: 0, sustained: 0,
      followUpContacts: 0, medianBase: 0, medianDaysToPlacement: null,
    });
    const csv = figuresCsv(figures, { from: '2025-01-01', to: '2025-12-31', projectName: '=HYPERLINK("x";"y")' });
    expect(csv.split('\r\n')[1]).toBe('Projekt;"\'=HYPERLINK(""x"";""y"")"');
    expect(csv).toContain('\r\nBegleitete Mentees;0\r\n');
    expect(csv).toContain('\r\nMedian Tage von der ersten Vorstellung bis zum Beginn;\r\n');
    expect(figuresCsv(figures, { from: '2025-01-01', to: '2025-12-31', projectName: null }).split('\r\n')[1]).toBe('Projekt;Alle Projekte');
  });
});
