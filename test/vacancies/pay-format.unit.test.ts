import { describe, expect, it } from 'vitest';
import { formatPay, payView } from '../../server/vacancies/pay.ts';

const agreement = (min: number, max: number | null) =>
  payView({
    pay_kind: 'agreement',
    pay_min_cents: min,
    pay_max_cents: max,
    pay_unit: 'month',
    pay_agreement: 'TV-L',
    pay_group: 'E5',
    training_pay_cents: null,
    weekly_hours: 39,
  } as Parameters<typeof payView>[0]);

describe('pay in words', () => {
  it('says where pay under an agreement starts, or its range, never "from from"', () => {
    const nbsp = (text: string) => text.replace(/\u00a0|\u202f/g, ' ');
    expect(nbsp(formatPay(agreement(240_000, null), 'de'))).toBe('Tarifvertrag TV-L, Entgeltgruppe E5 · ab 2.400 € im Monat');
    expect(nbsp(formatPay(agreement(240_000, 280_000), 'de'))).toBe('Tarifvertrag TV-L, Entgeltgruppe E5 · 2.400 € bis 2.800 € im Monat');
    const ukrainian = formatPay(agreement(240_000, 280_000), 'uk');
    expect(ukrainian.match(/від/g) ?? []).toHaveLength(1);
  });
});
