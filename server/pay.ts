import type { Selectable } from 'kysely';
import type { PayKind, PayUnit, VacanciesTable } from './db/database.ts';

/**
 * Pay as numbers: the shared pay vocabulary of the vacancies feature (forms, pages, API) and of
 * search/ (the index's pay fields and the "pay at least" filter). Words for pay are in
 * vacancies/pay.ts (formatPay).
 */

export const PAY_KINDS = ['amount', 'range', 'agreement', 'training'] as const satisfies readonly PayKind[];
export const PAY_UNITS = ['hour', 'month', 'year'] as const satisfies readonly PayUnit[];

/**
 * Weeks per month for turning an hourly wage into a monthly one
 * (52 weeks / 12 months ≈ 4.33, the factor German payroll uses). The search
 * page states it next to the "pay at least" filter; this is its only spelling.
 */
export const WEEKS_PER_MONTH = 4.33;

/** What a vacancy pays and its weekly hours, as `payView` and the hit read them: one list for every query that shows pay. */
export const PAY_COLUMNS = [
  'pay_kind',
  'pay_min_cents',
  'pay_max_cents',
  'pay_unit',
  'pay_agreement',
  'pay_group',
  'training_pay_cents',
  'weekly_hours',
] as const satisfies readonly (keyof VacanciesTable)[];

/** The pay columns of a vacancy (the row, or the columns about to be stored), typed from the table. */
export type PayColumns = Pick<Selectable<VacanciesTable>, (typeof PAY_COLUMNS)[number]>;

/**
 * The least a person earns per month, in whole euros (rounded down), for the
 * "pay at least" filter: hourly × WEEKS_PER_MONTH × weekly hours, yearly / 12,
 * training pay of the first year; a collective agreement only when it names an
 * amount. Null when it cannot be said (no pay, or hourly without hours).
 */
export function monthlyMinimumEuros(pay: PayColumns): number | null {
  if (pay.pay_kind === null) return null;
  if (pay.pay_kind === 'training') return pay.training_pay_cents?.[0] === undefined ? null : Math.floor(pay.training_pay_cents[0] / 100);
  if (pay.pay_min_cents === null || pay.pay_unit === null) return null;
  if (pay.pay_unit === 'month') return Math.floor(pay.pay_min_cents / 100);
  if (pay.pay_unit === 'year') return Math.floor(pay.pay_min_cents / 100 / 12);
  if (pay.weekly_hours === null) return null;
  return Math.floor((pay.pay_min_cents * WEEKS_PER_MONTH * pay.weekly_hours) / 100);
}

const euros = (cents: number | null) => (cents === null ? null : cents / 100);

/** Pay as the JSON API and the index hold it: euros, currency stated. Null for vacancies saved before pay was asked. */
export function payView(pay: PayColumns) {
  if (pay.pay_kind === null) return null;
  return {
    kind: pay.pay_kind,
    min: euros(pay.pay_min_cents),
    max: euros(pay.pay_max_cents),
    unit: pay.pay_unit,
    currency: 'EUR' as const,
    agreement: pay.pay_agreement === null ? null : { name: pay.pay_agreement, group: pay.pay_group },
    trainingPay: (pay.training_pay_cents ?? []).map((cents) => cents / 100),
    monthlyMin: monthlyMinimumEuros(pay),
  };
}

export type PayView = NonNullable<ReturnType<typeof payView>>;
