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

/**
 * The statutory minimum wage (Fünfte Mindestlohnanpassungsverordnung, 2025), in cents per hour:
 * 13.90 € from 1 January 2026, 14.60 € from 1 January 2027. Demo jobs start in the coming months,
 * most in 2027, so their pay keeps the 2027 figure.
 */
export const MINIMUM_WAGE_CENTS = { 2026: 1390, 2027: 1460 } as const;
/**
 * The care minimum wages (Sechste Pflegearbeitsbedingungenverordnung, since 1 July 2025) per hour:
 * care helpers 16.10 €, qualified helpers 17.35 €, qualified nurses 20.50 €. They bind care homes,
 * home care and hospitals' care staff.
 */
export const CARE_MINIMUM_CENTS = { helper: 1610, qualified: 2050 } as const;
/**
 * Mindestausbildungsvergütung (§ 17 BBiG) for training that begins in 2026, per month and training
 * year: 682 € in year 1, +18 %, +35 %, +40 % in years 2 to 4 (Bekanntmachung des BMBF, 2025).
 */
export const MINIMUM_TRAINING_PAY_CENTS = [68200, 80500, 92100, 95500] as const;
/** Weeks per month, as payroll counts them (52 / 12). */
export const WEEKS_PER_MONTH = 52 / 12;

/** Occupations bound by the care minimum wage (nursing and care helpers). */
export const CARE_HELPERS = new Set(['81301', '82101']);
export const CARE_QUALIFIED = new Set(['81302']);

/**
 * Gross pay per hour in Saxony, 2026, lowest and highest a demo vacancy offers (euros), and
 * monthly training pay in year 1 (lowest, highest) with the rise per year. Rough figures in
 * line with the Entgeltatlas of the Bundesagentur für Arbeit for Saxony and the collective
 * agreements named in sectors.ts (TVöD, TVAöD-Pflege, Bau, Metall, Einzelhandel, Gastgewerbe
 * Sachsen); never below the minimums above. Codes are matched by their longest listed prefix.
 */
const PAY: Record<string, { hourly: [number, number]; training?: [number, number, number] }> = {
  // fallbacks by requirement level (last digit of the KldB code): helper, skilled, specialist, expert
  '1': { hourly: [14.6, 15.5] },
  '2': { hourly: [15.5, 19], training: [850, 1050, 90] },
  '3': { hourly: [19, 23] },
  '4': { hourly: [24, 32] },
  // care and health
  '81301': { hourly: [16.5, 18.5] },
  '82101': { hourly: [16.5, 18.5] },
  '81302': { hourly: [21, 24.5], training: [1340, 1420, 90] },
  '81102': { hourly: [15.5, 18], training: [950, 1050, 70] },
  '81112': { hourly: [15, 17.5], training: [950, 1050, 70] },
  '81332': { hourly: [20, 23] },
  '81212': { hourly: [20, 23] },
  '81404': { hourly: [31, 37] },
  '81712': { hourly: [17, 20] },
  '81822': { hourly: [16, 18.5] },
  '81804': { hourly: [26, 30] },
  '83211': { hourly: [14.6, 15] },
  '83212': { hourly: [15, 16.5], training: [850, 1000, 80] },
  '83113': { hourly: [21, 24] },
  '83111': { hourly: [15.5, 17] },
  '83112': { hourly: [17, 19] },
  '83131': { hourly: [15, 16.5] },
  '83133': { hourly: [19, 21.5] },
  '83142': { hourly: [16, 18] },
  // food trades, gastronomy, retail
  '29222': { hourly: [15, 17], training: [820, 950, 100] },
  '29232': { hourly: [15, 17], training: [820, 950, 100] },
  '62312': { hourly: [14.6, 15.5], training: [820, 950, 100] },
  '62322': { hourly: [14.6, 15.5], training: [820, 950, 100] },
  '62301': { hourly: [14.6, 15] },
  '29201': { hourly: [14.6, 15] },
  '29202': { hourly: [16, 18.5], training: [1000, 1100, 80] },
  '29301': { hourly: [14.6, 15.25] },
  '29302': { hourly: [15, 17.5], training: [950, 1100, 100] },
  '63301': { hourly: [14.6, 15.25] },
  '63302': { hourly: [14.75, 16], training: [950, 1100, 100] },
  '63312': { hourly: [15, 17], training: [950, 1100, 100] },
  '63322': { hourly: [14.6, 15] },
  '63221': { hourly: [14.6, 15.25] },
  '63222': { hourly: [14.75, 16.5], training: [950, 1100, 100] },
  '63212': { hourly: [15.5, 17.5], training: [950, 1100, 100] },
  '62102': { hourly: [14.75, 16.5], training: [950, 1100, 100] },
  '62101': { hourly: [14.6, 15.25] },
  '62112': { hourly: [14.6, 15] },
  '62412': { hourly: [15, 17], training: [950, 1100, 100] },
  // logistics and transport
  '51311': { hourly: [14.6, 15.5] },
  '51312': { hourly: [15.5, 18], training: [1000, 1150, 80] },
  '52531': { hourly: [14.75, 16.5] },
  '51622': { hourly: [17, 20], training: [1000, 1150, 80] },
  '52122': { hourly: [16, 19], training: [1000, 1150, 80] },
  '52182': { hourly: [14.6, 15.5] },
  '51321': { hourly: [14.6, 15.5] },
  '51322': { hourly: [15, 17], training: [1000, 1150, 80] },
  '52132': { hourly: [17, 19.5] },
  '52202': { hourly: [18, 21], training: [1150, 1250, 60] },
  '51412': { hourly: [16, 18] },
  // cleaning, security, facilities (cleaning: the industry's lowest wage group was 14.25 € in 2025)
  '54101': { hourly: [14.75, 15.5] },
  '54112': { hourly: [17, 19.5], training: [900, 1050, 120] },
  '54132': { hourly: [14.6, 15], training: [900, 1050, 120] },
  '28221': { hourly: [14.6, 15.25] },
  '53111': { hourly: [14.75, 16] },
  '53112': { hourly: [16.5, 18.5], training: [900, 1050, 100] },
  '34102': { hourly: [15, 17.5] },
  // trades
  '26': { hourly: [17, 21], training: [800, 950, 80] },
  '26301': { hourly: [14.75, 16] },
  '26242': { hourly: [16, 19] },
  '34212': { hourly: [17, 21], training: [800, 950, 90] },
  '34201': { hourly: [14.75, 16] },
  '34232': { hourly: [18, 22], training: [800, 950, 90] },
  '32': { hourly: [17, 20.5], training: [1000, 1100, 230] },
  '32101': { hourly: [15, 16.5] },
  '32201': { hourly: [15, 16.5] },
  '33302': { hourly: [16.5, 19], training: [1000, 1100, 230] },
  '33301': { hourly: [14.75, 16] },
  '33322': { hourly: [17, 20], training: [1000, 1100, 230] },
  '33212': { hourly: [15.5, 18.5], training: [850, 950, 100] },
  '33211': { hourly: [14.75, 15.5] },
  '33112': { hourly: [16, 19], training: [850, 950, 100] },
  '22342': { hourly: [15.5, 18.5], training: [800, 950, 100] },
  '22301': { hourly: [14.6, 15.5] },
  // industry (Metall- und Elektroindustrie Sachsen for apprentices)
  '24': { hourly: [16, 19.5], training: [1050, 1200, 70] },
  '24411': { hourly: [14.75, 16] },
  '24201': { hourly: [14.6, 15.5] },
  '25': { hourly: [17, 21], training: [1050, 1200, 70] },
  '25101': { hourly: [14.6, 16] },
  '25131': { hourly: [15, 16.5] },
  '25104': { hourly: [27, 33] },
  '25212': { hourly: [16, 19.5], training: [900, 1050, 80] },
  '25201': { hourly: [14.6, 15.5] },
  '22212': { hourly: [16, 19], training: [900, 1050, 80] },
  '22101': { hourly: [14.6, 15.5] },
  '22102': { hourly: [16.5, 19.5], training: [1050, 1200, 70] },
  '41311': { hourly: [15, 17] },
  '41312': { hourly: [19, 23], training: [1050, 1200, 70] },
  '41322': { hourly: [18.5, 22], training: [1050, 1200, 70] },
  // green work, agriculture, hair
  '12': { hourly: [15.5, 18], training: [850, 1000, 80] },
  '12101': { hourly: [14.6, 15.5] },
  '11': { hourly: [15.5, 18], training: [850, 1000, 80] },
  '11101': { hourly: [14.6, 15] },
  '11211': { hourly: [14.6, 15] },
  '82312': { hourly: [14.6, 16], training: [740, 820, 110] },
  '82311': { hourly: [14.6, 15] },
  '82322': { hourly: [14.6, 16], training: [740, 820, 110] },
  // IT and office
  '43': { hourly: [20, 25], training: [1000, 1200, 80] },
  '43414': { hourly: [25, 32] },
  '43104': { hourly: [27, 33] },
  '26312': { hourly: [18, 22], training: [1000, 1200, 80] },
  '71402': { hourly: [16, 19], training: [950, 1100, 80] },
  '72302': { hourly: [17.5, 21], training: [950, 1100, 80] },
  '71401': { hourly: [14.6, 15] },
  '72212': { hourly: [19, 22.5] },
  '92122': { hourly: [14.75, 16.5], training: [950, 1100, 80] },
};

/** The pay profile of an occupation: its own, its field's, else its requirement level's. */
export function payProfile(code: string): { hourly: [number, number]; training: [number, number, number] } {
  const own = PAY[code] ?? PAY[code.slice(0, 2)];
  const level = PAY[code.at(-1)!] ?? PAY['2']!;
  return { hourly: (own ?? level).hourly, training: own?.training ?? PAY['2']!.training! };
}

/** The lowest hourly pay the law allows for this occupation (the care minimum where it binds). */
export function hourlyFloorCents(code: string, careEmployer: boolean): number {
  if (careEmployer && CARE_QUALIFIED.has(code)) return CARE_MINIMUM_CENTS.qualified;
  if (careEmployer && CARE_HELPERS.has(code)) return CARE_MINIMUM_CENTS.helper;
  return MINIMUM_WAGE_CENTS[2027];
}

/** Euros to cents in quarter-euro steps (real ads say 15,25 €, not 15,13 €). */
const quarterCents = (euros: number) => Math.round(euros * 4) * 25;

const CONTACTS = ['Frau Schubert', 'Herr Krause', 'Frau Neumann', 'Herr Richter', 'Frau Böhme', 'Herr Seidel', 'Personalabteilung'];

export interface TermsInput {
  kind: 'job' | 'apprenticeship';
  occupation_code: string;
  working_time: string;
  duration_months: number | null;
  town: string;
  /** The area code of the town, for a local-looking number. */
  dialling: string;
  /** Care homes, home care, hospitals: the care minimum wage binds. */
  care: boolean;
  agreement?: { name: string; group: string } | null;
}

/**
 * Plausible pay, apply routes and terms for a demo vacancy: pay from the
 * occupation's profile (never below the minimum wage, the care minimum or the
 * Mindestausbildungsvergütung), monthly pay for the weekly hours offered.
 * Drawn from their own generator, so the rest of the demo data does not move
 * when the pay tables change.
 */
export function demoTerms(r: Random, vacancy: TermsInput): Terms {
  const apprenticeship = vacancy.kind === 'apprenticeship';
  const weeklyHours = apprenticeship
    ? r.pick([39, 40, 40])
    : vacancy.working_time === 'part'
      ? r.pick([20, 25, 30, 30])
      : r.pick([38, 39, 40, 40, 40]);
  const direct = r.chance(0.4);
  const base = {
    apply_via_mentor: !direct || r.chance(0.7),
    apply_direct: direct,
    contact_name: direct ? r.pick(CONTACTS) : null,
    contact_phone: direct ? `${vacancy.dialling} ${r.int(10000, 99999)}${r.pick(['', '-0', '-12', '-20'])}` : null,
    contact_email: direct ? `bewerbung${r.int(1, 99)}@example.org` : null,
    weekly_hours: weeklyHours,
    start_asap: !apprenticeship && r.chance(0.3),
    accessible_workplace: r.chance(0.2),
  };
  const profile = payProfile(vacancy.occupation_code);
  if (apprenticeship) {
    const years = Math.min(4, Math.ceil((vacancy.duration_months ?? 36) / 12));
    const [low, high, step] = profile.training;
    const first = Math.round(r.int(low, high) / 10) * 10;
    return {
      ...base,
      pay_kind: 'training',
      pay_min_cents: null,
      pay_max_cents: null,
      pay_unit: null,
      pay_agreement: null,
      pay_group: null,
      training_pay_cents: Array.from({ length: years }, (_, i) => Math.max((first + i * step) * 100, MINIMUM_TRAINING_PAY_CENTS[i]!)),
      school_town: vacancy.town,
      school_level: r.pick(['lower_secondary', 'lower_secondary', 'intermediate', 'any', 'none'] as const),
      entry_qualification: r.chance(0.3),
      keep_on: r.chance(0.75),
      permanent: false,
    };
  }
  const none = { training_pay_cents: null, school_town: null, school_level: null, entry_qualification: false, keep_on: false };
  if (vacancy.agreement) {
    return {
      ...base,
      ...none,
      pay_kind: 'agreement',
      pay_agreement: vacancy.agreement.name,
      pay_group: vacancy.agreement.group,
      pay_min_cents: null,
      pay_max_cents: null,
      pay_unit: null,
      permanent: r.chance(0.75),
    };
  }
  const floor = hourlyFloorCents(vacancy.occupation_code, vacancy.care);
  const [low, high] = profile.hourly;
  const minHourly = Math.max(floor, quarterCents(low + (high - low) * r.next() * 0.7));
  const maxHourly = Math.max(minHourly + 50, quarterCents(high));
  const helper = vacancy.occupation_code.endsWith('1');
  const kind = r.pick(['amount', 'range', 'range'] as const);
  const permanent = r.chance(helper ? 0.5 : 0.7);
  if (helper ? r.chance(0.7) : r.chance(0.15)) {
    return {
      ...base,
      ...none,
      pay_kind: kind,
      pay_min_cents: minHourly,
      pay_max_cents: kind === 'range' ? maxHourly : null,
      pay_unit: 'hour',
      pay_agreement: null,
      pay_group: null,
      permanent,
    };
  }
  // Monthly for the hours offered, rounded up to 50 € so it never drops below the hourly floor.
  const monthly = (cents: number) => Math.ceil((cents * weeklyHours * WEEKS_PER_MONTH) / 5000) * 5000;
  return {
    ...base,
    ...none,
    pay_kind: kind,
    pay_min_cents: monthly(minHourly),
    pay_max_cents: kind === 'range' ? monthly(maxHourly) : null,
    pay_unit: 'month',
    pay_agreement: null,
    pay_group: null,
    permanent,
  };
}
