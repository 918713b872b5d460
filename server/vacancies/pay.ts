import { translate, LOCALE_INFO, type Locale } from '../i18n/index.ts';
import type { Selectable } from 'kysely';
import type { PayKind, PayUnit, VacanciesTable } from '../db/database.ts';

export const PAY_KINDS = ['amount', 'range', 'agreement', 'training'] as const satisfies readonly PayKind[];
export const PAY_UNITS = ['hour', 'month', 'year'] as const satisfies readonly PayUnit[];
export const SCHOOL_LEVELS = ['none', 'lower_secondary', 'intermediate', 'any'] as const;
export const CONTRACTS = ['permanent', 'fixedTerm'] as const;

/**
 * Weeks per month for turning an hourly wage into a monthly one
 * (52 weeks / 12 months ≈ 4.33, the factor German payroll uses). The search
 * page states it next to the "pay at least" filter; this is its only spelling.
 */
export const WEEKS_PER_MONTH = 4.33;

/** The pay columns of a vacancy (the row, or the columns about to be stored), typed from the table. */
export type PayColumns = Pick<
  Selectable<VacanciesTable>,
  'pay_kind' | 'pay_min_cents' | 'pay_max_cents' | 'pay_unit' | 'pay_agreement' | 'pay_group' | 'training_pay_cents' | 'weekly_hours'
>;

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

const money = new Map<string, Intl.NumberFormat>();
/** Whole euros without ",00"; cents with both digits (13,50 €, not 13,5 €). */
function formatEuros(amount: number, locale: Locale): string {
  const digits = Number.isInteger(amount) ? 0 : 2;
  const key = `${LOCALE_INFO[locale].intl} ${digits}`;
  let format = money.get(key);
  if (!format) {
    format = new Intl.NumberFormat(LOCALE_INFO[locale].intl, {
      style: 'currency',
      currency: 'EUR',
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    money.set(key, format);
  }
  return format.format(amount);
}

/** Pay in words of the page's language ("2.400 € bis 2.800 € im Monat"); the mentor hint when a vacancy has none yet. */
export function formatPay(pay: PayView | null, locale: Locale): string {
  const t = (key: string, vars: Record<string, unknown> = {}) => translate(locale, `vacancy.pay.${key}`, vars);
  if (!pay) return t('unknown');
  if (pay.kind === 'training') {
    return pay.trainingPay.map((amount, i) => t('trainingYear', { year: i + 1, amount: formatEuros(amount, locale) })).join(' · ');
  }
  const per = (amount: string) => (pay.unit ? t(`per.${pay.unit}`, { amount }) : amount);
  const isRange = pay.min !== null && pay.max !== null && pay.max !== pay.min;
  const amount =
    pay.min === null
      ? null
      : isRange
        ? per(t('range', { min: formatEuros(pay.min, locale), max: formatEuros(pay.max!, locale) }))
        : per(formatEuros(pay.min, locale));
  if (pay.kind === 'agreement') {
    const agreement = t('agreement', { name: pay.agreement?.name ?? '', group: pay.agreement?.group ?? '' });
    // One amount under an agreement is where it starts ("ab 2.400 €"); a range says both ends already.
    return amount ? `${agreement} · ${isRange ? amount : t('from', { amount })}` : agreement;
  }
  return amount ?? t('unknown');
}
