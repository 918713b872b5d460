import { z } from 'zod';
import { isCalendarDate } from '../http/form-values.ts';

/** The figures' query fields, in the form's order (the error summary follows it). */
export const FIGURES_FIELDS = ['from', 'to', 'project'] as const;

/** The months the programme can have data for. */
const MIN_MONTH = '2000-01';
const MAX_MONTH = '2099-12';
/** The longest accepted spelling is a day, "2026-01-31" or "31.01.2026"; longer text is not read further. */
const MAX_LENGTH = 10;

const isMonth = (text: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(text);

/** The last day of a month 'YYYY-MM' as 'YYYY-MM-DD'. */
export function lastDayOf(month: string): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, monthNumber, 0)).toISOString().slice(0, 10);
}

/** The first day of a month 'YYYY-MM'. */
export const firstDayOf = (month: string) => `${month}-01`;

/**
 * A month as the URL carries it ("2026-03"), as Germans type it ("03.2026", "3/2026"), or as a day on the
 * month's edge the old links carried: the 1st for the first month, the last day for the last. Anything else
 * is left as typed for the checks below: a real day inside a month is refused with its own message, because
 * periods of single days let two answers be subtracted down to one person (README.md).
 */
function normaliseMonth(edge: 'from' | 'to') {
  return (value: unknown): unknown => {
    if (typeof value !== 'string') return value;
    const text = value.trim();
    if (text.length > MAX_LENGTH) return text;
    const german = /^(\d{1,2})[./](\d{4})$/.exec(text);
    if (german) return `${german[2]}-${german[1]!.padStart(2, '0')}`;
    const germanDay = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
    const day = germanDay ? `${germanDay[3]}-${germanDay[2]!.padStart(2, '0')}-${germanDay[1]!.padStart(2, '0')}` : text;
    if (!isCalendarDate(day)) return text;
    const month = day.slice(0, 7);
    const onEdge = edge === 'from' ? day === firstDayOf(month) : day === lastDayOf(month);
    return onEdge ? month : day;
  };
}

function month(edge: 'from' | 'to') {
  const message = (problem: string) => ({ message: `figures.errors.${edge}${problem}`, abort: true });
  return z.preprocess(
    normaliseMonth(edge),
    z
      .string(message('Missing'))
      // One message per field: a blank field is missing, not also "not a month".
      .min(1, message('Missing'))
      .max(MAX_LENGTH, message('Invalid'))
      .refine((s) => !isCalendarDate(s), message('WholeMonth'))
      .refine(isMonth, message('Invalid'))
      .refine((s) => s >= MIN_MONTH && s <= MAX_MONTH, message('Range')),
  );
}

/**
 * `GET /coordinator/figures?from=YYYY-MM&to=YYYY-MM&project=<id|all>`: whole calendar months, both
 * inclusive. The service fills what is missing with the defaults (this year, all projects) before
 * parsing; a field that is there but blank or wrong is the user's to correct.
 */
export const FiguresQuery = z
  .object({
    from: month('from'),
    to: month('to'),
    project: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim() : v),
      z.union(
        [
          z.literal('all'),
          z
            .string()
            .regex(/^[1-9]\d{0,8}$/)
            .transform(Number),
        ],
        { message: 'figures.errors.project' },
      ),
    ),
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'figures.errors.order' });

export type FiguresQuery = z.infer<typeof FiguresQuery>;
