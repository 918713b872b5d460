import { describe, expect, it } from 'vitest';
import { barChart } from '../../server/figures/charts.ts';
import { figuresCsv } from '../../server/figures/csv.ts';
import { publishCount, publishFigures, publishMedian, publishShare } from '../../server/figures/disclosure.ts';
import type { RawFigures } from '../../server/figures/queries.ts';
import { FiguresQuery, lastDayOf } from '../../server/figures/schemas.ts';
import { formatShown, periodDays, presets } from '../../server/figures/service.ts';

const NONE: RawFigures = {
  menteesAccompanied: 0,
  women: 0,
  withoutQualification: 0,
  employersAdvised: 0,
  jobs: 0,
  jobsSociallyInsured: 0,
  jobsQualificationAdequate: 0,
  apprenticeships: 0,
  apprenticeshipsSociallyInsured: 0,
  apprenticeshipsQualificationAdequate: 0,
  sixMonthsDue: 0,
  sustained: 0,
  followUpContacts: 0,
  medianBase: 0,
  medianDaysToPlacement: null,
};

describe('publishing counts', () => {
  it('rounds every count down to a multiple of 5 and shows 0 to 4 as "< 5", 0 included', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 9, 10, 14, 15, 123].map(publishCount)).toEqual([
      '< 5',
      '< 5',
      '< 5',
      '< 5',
      '< 5',
      5,
      5,
      5,
      10,
      10,
      15,
      120,
    ]);
  });

  it('never lets two counts differ by 1 to 4 once published', () => {
    for (let a = 0; a <= 60; a += 1) {
      for (let b = 0; b <= 60; b += 1) {
        const [x, y] = [publishCount(a), publishCount(b)];
        if (typeof x === 'number' && typeof y === 'number') expect(Math.abs(x - y) % 5, `${a} vs ${b}`).toBe(0);
      }
    }
  });

  it('computes a share from the shown counts, in whole %, only when the numerator is shown and the base is at least 20', () => {
    expect(publishShare(5, 20)).toBe(25);
    expect(publishShare(10, 15)).toBeNull();
    expect(publishShare('< 5', 40)).toBeNull();
    expect(publishShare(5, '< 5')).toBeNull();
    expect(publishShare(20, 30)).toBe(67);
  });

  it('shows a median in whole days over 10 placements or more, otherwise (none included) nothing', () => {
    expect(publishMedian(null, 0)).toBeNull();
    expect(publishMedian(12, 9)).toBeNull();
    expect(publishMedian(25.5, 10)).toBe(26);
  });

  it('publishes shares from the rounded counts, so they say nothing the counts do not', () => {
    const published = publishFigures({
      ...NONE,
      menteesAccompanied: 24,
      women: 9,
      withoutQualification: 4,
      sixMonthsDue: 23,
      sustained: 21,
    });
    expect(published).toMatchObject({
      menteesAccompanied: 20,
      women: 5,
      womenShare: 25,
      withoutQualification: '< 5',
      withoutQualificationShare: null,
      sixMonthsDue: 20,
      sustained: 20,
      sustainedShare: 100,
    });
  });

  it("rounds the placement total from the raw total and hides a kind's breakdown with its count", () => {
    const published = publishFigures({
      ...NONE,
      jobs: 7,
      jobsSociallyInsured: 7,
      jobsQualificationAdequate: 5,
      apprenticeships: 4,
      apprenticeshipsSociallyInsured: 4,
      apprenticeshipsQualificationAdequate: 4,
    });
    expect(published.placements).toEqual({
      job: { count: 5, sociallyInsured: 5, qualificationAdequate: 5 },
      apprenticeship: { count: '< 5', sociallyInsured: '< 5', qualificationAdequate: '< 5' },
      total: { count: 10, sociallyInsured: 10, qualificationAdequate: 5 },
    });
  });

  it('shows nothing but the marker for a period without anyone', () => {
    const cells = JSON.stringify(publishFigures(NONE));
    expect(cells).not.toMatch(/:0[,}]/);
  });

  it('formats for the locale', () => {
    expect(formatShown(1235, 'de')).toBe('1.235');
    expect(formatShown(1235, 'en')).toBe('1,235');
    expect(formatShown('< 5', 'de')).toBe('< 5');
    expect(formatShown(null, 'de')).toBe('–');
  });
});

describe('the period', () => {
  it('offers this year, last year and the funding period, in whole months', () => {
    expect(presets('2026-11-23')).toEqual([
      { key: 'thisYear', from: '2026-01', to: '2026-12' },
      { key: 'lastYear', from: '2025-01', to: '2025-12' },
      { key: 'fundingPeriod', from: '2025-01', to: '2027-12' },
    ]);
  });

  it('runs from the first day of the first month to the last day of the last', () => {
    expect(periodDays({ from: '2024-02', to: '2024-02' })).toEqual({ firstDay: '2024-02-01', lastDay: '2024-02-29' });
    expect(lastDayOf('2025-02')).toBe('2025-02-28');
    expect(lastDayOf('2025-12')).toBe('2025-12-31');
  });

  it("takes whole months in order, also typed the German way or as the days on a month's edges", () => {
    const parse = (from: string, to: string) => FiguresQuery.parse({ from, to, project: '7' });
    expect(parse('2025-01', '2025-03')).toEqual({ from: '2025-01', to: '2025-03', project: 7 });
    expect(parse('04.2025', '9/2025')).toEqual({ from: '2025-04', to: '2025-09', project: 7 });
    expect(parse('2025-04-01', '2025-09-30')).toEqual({ from: '2025-04', to: '2025-09', project: 7 });
    expect(parse('1.2.2024', '29.02.2024')).toEqual({ from: '2024-02', to: '2024-02', project: 7 });
  });

  it('refuses days inside a month, with their own message, and every other wrong value', () => {
    const issues = (input: Record<string, string>) =>
      FiguresQuery.safeParse(input).error?.issues.map((i) => `${String(i.path[0])}:${i.message}`);
    expect(issues({ from: '2025-04-02', to: '2025-09-29', project: 'all' })).toEqual([
      'from:figures.errors.fromWholeMonth',
      'to:figures.errors.toWholeMonth',
    ]);
    expect(issues({ from: '2025-09-30', to: '2025-04-01', project: 'all' })).toEqual([
      'from:figures.errors.fromWholeMonth',
      'to:figures.errors.toWholeMonth',
    ]);
    expect(issues({ from: '2.4.2025', to: '2025-02-28', project: 'all' })).toEqual(['from:figures.errors.fromWholeMonth']);
    expect(issues({ from: '2025-02-30', to: '', project: 'x' })).toEqual([
      'from:figures.errors.fromInvalid',
      'to:figures.errors.toMissing',
      'project:figures.errors.project',
    ]);
    expect(issues({ from: '2025-05', to: '2025-04', project: 'all' })).toEqual(['to:figures.errors.order']);
    expect(issues({ from: '1999-12', to: '2025-04', project: 'all' })).toEqual(['from:figures.errors.fromRange']);
    expect(issues({ from: '2025-13', to: '2025-00', project: 'all' })).toEqual([
      'from:figures.errors.fromInvalid',
      'to:figures.errors.toInvalid',
    ]);
    expect(issues({ from: '2025-05', to: '2025-05', project: 'all' })).toBeUndefined();
    expect(issues({ from: '2'.repeat(100_000), to: ' 2025-05 ', project: 'all' })).toEqual(['from:figures.errors.fromInvalid']);
  });
});

describe('charts and CSV', () => {
  it('escape every text they write', () => {
    const svg = barChart({
      id: 'x"y',
      title: '<script>alert(1)</script>',
      description: 'a & b',
      groups: [{ label: '"Gruppe"', bars: [{ label: "<b>'", value: 3, text: '< 5' }] }],
    });
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
    const svg = barChart({
      id: 'c',
      title: 't',
      description: 'd',
      groups: [
        {
          bars: [
            { label: 'a', value: 10, text: '10' },
            { label: 'b', value: null, text: '< 5' },
            { label: 'c', value: 5, text: '5' },
          ],
        },
      ],
    });
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg).toContain('width="300"');
    expect(svg).toContain('width="150"');
  });

  it('quotes CSV fields that need it and defuses formulas', () => {
    const figures = publishFigures(NONE);
    const csv = figuresCsv(figures, { firstDay: '2025-01-01', lastDay: '2025-12-31', projectName: '=HYPERLINK("x";"y")' });
    expect(csv.split('\r\n')[1]).toBe('Projekt;"\'=HYPERLINK(""x"";""y"")"');
    expect(csv).toContain('\r\nBegleitete Mentees;< 5\r\n');
    expect(csv).toContain('\r\nMedian Tage von der ersten Vorstellung bis zum Beginn;–\r\n');
    expect(figuresCsv(figures, { firstDay: '2025-01-01', lastDay: '2025-12-31', projectName: null }).split('\r\n')[1]).toBe(
      'Projekt;Alle Projekte',
    );
  });
});
