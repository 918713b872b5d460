import type { Insertable } from 'kysely';
import type { VacanciesTable } from '../db/database.ts';
import type { Random } from './random.ts';

type Terms = Pick<
  Insertable<VacanciesTable>,
  | 'pay_kind'
  | 'pay_min_cents'
  | 'pay_max_cents'
  | 'pay_unit'
  | 'pay_agreement'
  | 'pay_group'
  | 'training_pay_cents'
  | 'apply_via_mentor'
  | 'apply_direct'
  | 'contact_name'
  | 'contact_phone'
  | 'contact_email'
  | 'school_town'
  | 'school_level'
  | 'entry_qualification'
  | 'keep_on'
  | 'weekly_hours'
  | 'permanent'
  | 'start_asap'
  | 'accessible_workplace'
>;

/** Rounded to whole euros of the given step: demo pay looks like real pay (2.450 €, not 2.447,13 €). */
const euros = (r: Random, min: number, max: number, step: number) => Math.round(r.int(min, max) / step) * step * 100;

/**
 * Plausible pay, apply routes and terms for a demo vacancy (2026 figures for
 * Saxony: minimum wage 13,90 €, apprentice minimum 682 € in year 1). Drawn
 * from their own generator, so the rest of the demo data stays as it was.
 */
export function demoTerms(
  r: Random,
  vacancy: { kind: 'job' | 'apprenticeship'; working_time: string; duration_months: number | null; town: string },
): Terms {
  const apprenticeship = vacancy.kind === 'apprenticeship';
  const weeklyHours = vacancy.working_time === 'part' ? r.pick([20, 25, 30]) : r.pick([38, 39, 40, 40, 37.5]);
  const direct = r.chance(0.4);
  const base = {
    apply_via_mentor: !direct || r.chance(0.7),
    apply_direct: direct,
    contact_name: direct ? r.pick(['Frau Schubert', 'Herr Krause', 'Frau Neumann', 'Herr Richter', 'Personalabteilung']) : null,
    contact_phone: direct ? `0351 ${r.int(100000, 999999)}` : null,
    contact_email: direct ? `bewerbung${r.int(1, 99)}@example.org` : null,
    weekly_hours: weeklyHours,
    start_asap: r.chance(0.3),
    accessible_workplace: r.chance(0.25),
  };
  if (apprenticeship) {
    const first = euros(r, 700, 1150, 10);
    const years = Math.min(4, Math.ceil((vacancy.duration_months ?? 36) / 12));
    return {
      ...base,
      pay_kind: 'training',
      pay_min_cents: null,
      pay_max_cents: null,
      pay_unit: null,
      pay_agreement: null,
      pay_group: null,
      training_pay_cents: Array.from({ length: years }, (_, i) => first + i * 6000),
      school_town: vacancy.town,
      school_level: r.pick(['lower_secondary', 'intermediate', 'any', 'none'] as const),
      entry_qualification: r.chance(0.4),
      keep_on: r.chance(0.7),
      permanent: false,
    };
  }
  const none = {
    training_pay_cents: null,
    school_town: null,
    school_level: null,
    entry_qualification: false,
    keep_on: false,
    pay_agreement: null,
    pay_group: null,
  };
  const kind = r.pick(['amount', 'range', 'range', 'agreement'] as const);
  if (kind === 'agreement') {
    return {
      ...base,
      ...none,
      pay_kind: 'agreement',
      pay_agreement: r.pick(['TV-L', 'TVöD', 'TV Einzelhandel Sachsen']),
      pay_group: `E${r.int(3, 9)}`,
      pay_min_cents: null,
      pay_max_cents: null,
      pay_unit: null,
      permanent: r.chance(0.7),
    };
  }
  const hourly = r.chance(0.3);
  const min = hourly ? euros(r, 14, 19, 1) + r.pick([0, 50]) : euros(r, 2300, 3600, 50);
  return {
    ...base,
    ...none,
    pay_kind: kind,
    pay_min_cents: min,
    pay_max_cents: kind === 'range' ? min + (hourly ? 200 : euros(r, 200, 600, 50)) : null,
    pay_unit: hourly ? 'hour' : 'month',
    permanent: r.chance(0.6),
  };
}
