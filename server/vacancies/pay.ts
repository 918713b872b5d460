import { translate, LOCALE_INFO, type Locale } from '../i18n/index.ts';
import type { PayView } from '../pay.ts';

export { PAY_KINDS, PAY_UNITS, WEEKS_PER_MONTH, monthlyMinimumEuros, payView, type PayColumns, type PayView } from '../pay.ts';
export const SCHOOL_LEVELS = ['none', 'lower_secondary', 'intermediate', 'any'] as const;
export const CONTRACTS = ['permanent', 'fixedTerm'] as const;

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
