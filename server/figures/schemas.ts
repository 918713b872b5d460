import { z } from 'zod';
import { isCalendarDate } from '../http/form-values.ts';

/** The figures' query fields, in the form's order (the error summary follows it). */
export const FIGURES_FIELDS = ['from', 'to', 'project'] as const;

/** The period's days must be real calendar days; the years the programme can have data for. */
const MIN_DAY = '2000-01-01';
const MAX_DAY = '2099-12-31';

/** "2026-03-15" as the URL carries it, or "15.03.2026" as Germans type it; blank means "not given". */
function normaliseDay(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  const german = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  return german ? `${german[3]}-${german[2]!.padStart(2, '0')}-${german[1]!.padStart(2, '0')}` : text;
}

function day(field: 'from' | 'to') {
  return z.preprocess(
    normaliseDay,
    z
      .string({ message: `figures.errors.${field}Missing` })
      // One message per field: a blank field is missing, not also "not a date".
      .min(1, { message: `figures.errors.${field}Missing`, abort: true })
      .refine(isCalendarDate, { message: `figures.errors.${field}Invalid`, abort: true })
      .refine((s) => s >= MIN_DAY && s <= MAX_DAY, `figures.errors.${field}Range`),
  );
}

/**
 * `GET /coordinator/figures?from=YYYY-MM-DD&to=YYYY-MM-DD&project=<id|all>`. The service fills
 * what is missing with the defaults (this year, all projects) before parsing; a field that is
 * there but blank or wrong is the user's to correct.
 */
export const FiguresQuery = z
  .object({
    from: day('from'),
    to: day('to'),
    project: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim() : v),
      z.union([z.literal('all'), z.string().regex(/^[1-9]\d{0,8}$/).transform(Number)], { message: 'figures.errors.project' }),
    ),
  })
  .refine((q) => q.from <= q.to, { path: ['to'], message: 'figures.errors.order' });

export type FiguresQuery = z.infer<typeof FiguresQuery>;
