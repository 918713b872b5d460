import { berlinOffset } from '../time/berlin.ts';
import { addDays } from '../time/calendar.ts';

/**
 * A public vacancy as schema.org JobPosting (what Google for Jobs reads), following Google's
 * job-posting guidance: plain properties, one Place with a PostalAddress, the KldB code as
 * occupationalCategory. Pure: the row, the portal's public URL and today's Berlin day in, an
 * object out; the page serialises it (server/seo/json-ld.ts).
 */

/** What the mapping reads of a vacancy row (the public page's row has all of it). */
export interface JobPostingSource {
  id: string;
  title: string;
  kind: 'job' | 'apprenticeship';
  occupation_code: string;
  occupation_title_de: string;
  summary: string;
  description: string;
  employer_name: string;
  town: string;
  postcode: string;
  /** The gazetteer state code of the vacancy's place, when known (GeoNames admin1: '13' is Saxony). */
  place_state?: string | null;
  working_time: 'full' | 'part' | 'either';
  qualification: 'none' | 'vocational' | 'academic';
  start_date: string | null;
  duration_months: number | null;
  published_at: Date | null;
  expires_at: string | null;
  /** Pay and how to apply (migration 2026-12-06T0020), absent on rows from before it. */
  pay_kind?: 'amount' | 'range' | 'agreement' | 'training' | null;
  pay_min_cents?: number | null;
  pay_max_cents?: number | null;
  pay_unit?: 'hour' | 'month' | 'year' | null;
  /** Monthly training pay per training year, cents. */
  training_pay_cents?: number[] | null;
  /** True when one can apply without a mentor (to the employer directly); false when only through a mentor. */
  apply_direct?: boolean | null;
}

/**
 * A vacancy without an end date is re-stated as open for this many days from today: Google asks
 * for validThrough, and a rolling date never makes a still-open vacancy look expired.
 */
export const OPEN_ENDED_DAYS = 30;

/** The KldB 2010 classification, the code list of occupationalCategory. */
export const KLDB_CODE_SET =
  'https://statistik.arbeitsagentur.de/DE/Navigation/Grundlagen/Klassifikationen/Klassifikation-der-Berufe/KldB2010-Fassung2020/KldB2010-Fassung2020-Nav.html';

const EMPLOYMENT_TYPES: Record<JobPostingSource['working_time'], string[]> = {
  full: ['FULL_TIME'],
  part: ['PART_TIME'],
  either: ['FULL_TIME', 'PART_TIME'],
};

/** Google's credential categories; "no requirements" is the text Google reads for none. */
const EDUCATION: Record<
  JobPostingSource['qualification'],
  string | { '@type': 'EducationalOccupationalCredential'; credentialCategory: string }
> = {
  none: 'no requirements',
  vocational: { '@type': 'EducationalOccupationalCredential', credentialCategory: 'professional certificate' },
  academic: { '@type': 'EducationalOccupationalCredential', credentialCategory: 'bachelor degree' },
};

const PAY_UNITS = { hour: 'HOUR', month: 'MONTH', year: 'YEAR' } as const;
const SAXONY = '13';

/**
 * Pay in euros with Google's unit, or undefined when the vacancy names none (pay by collective
 * agreement without an amount, or a row from before pay existed). A single amount is min = max;
 * training pay is monthly, from the first year's to the highest.
 */
export function payRange(source: JobPostingSource): { min: number; max: number; unit: 'HOUR' | 'MONTH' | 'YEAR' } | undefined {
  const euros = (cents: number) => cents / 100;
  if (source.pay_kind === 'training' && source.training_pay_cents?.length) {
    return { min: euros(Math.min(...source.training_pay_cents)), max: euros(Math.max(...source.training_pay_cents)), unit: 'MONTH' };
  }
  if (!source.pay_unit || (source.pay_min_cents == null && source.pay_max_cents == null)) return undefined;
  const min = source.pay_min_cents ?? source.pay_max_cents!;
  const max = source.pay_max_cents ?? source.pay_min_cents!;
  return { min: euros(min), max: euros(max), unit: PAY_UNITS[source.pay_unit] };
}

/** The last moment of a Berlin day, with Berlin's offset that day (+01:00 or +02:00). */
export function endOfBerlinDay(day: string): string {
  return `${day}T23:59:59${berlinOffset(new Date(`${day}T12:00:00Z`))}`;
}

export function toJobPosting(source: JobPostingSource, publicUrl: string, today: string) {
  const url = `${publicUrl}/vacancies/${source.id}`;
  const pay = payRange(source);
  // From the gazetteer's state: a postcode alone does not tell Saxony from its neighbours.
  const addressRegion = source.place_state === SAXONY ? 'Sachsen' : undefined;
  return {
    '@context': 'https://schema.org',
    '@type': 'JobPosting',
    title: source.title,
    // The summary in plain words first (what a searcher reads in the result), then the full text.
    description: `${source.summary}\n\n${source.description}`,
    datePosted: (source.published_at ?? new Date(`${today}T00:00:00Z`)).toISOString(),
    validThrough: endOfBerlinDay(source.expires_at ?? addDays(today, OPEN_ENDED_DAYS)),
    // An apprenticeship (Ausbildung) is employment with a training contract: Google has no type
    // for it, so it is its working time plus OTHER, with "no experience" stated below.
    employmentType:
      source.kind === 'apprenticeship' ? [...EMPLOYMENT_TYPES[source.working_time], 'OTHER'] : EMPLOYMENT_TYPES[source.working_time],
    hiringOrganization: { '@type': 'Organization', name: source.employer_name },
    jobLocation: {
      '@type': 'Place',
      address: {
        '@type': 'PostalAddress',
        addressLocality: source.town,
        ...(source.postcode ? { postalCode: source.postcode } : {}),
        ...(addressRegion ? { addressRegion } : {}),
        addressCountry: 'DE',
      },
    },
    ...(pay
      ? {
          baseSalary: {
            '@type': 'MonetaryAmount',
            currency: 'EUR',
            value: { '@type': 'QuantitativeValue', minValue: pay.min, maxValue: pay.max, unitText: pay.unit },
          },
        }
      : {}),
    directApply: source.apply_direct === true,
    educationRequirements: EDUCATION[source.qualification],
    ...(source.kind === 'apprenticeship' ? { experienceRequirements: 'no requirements' } : {}),
    ...(source.start_date ? { jobStartDate: source.start_date } : {}),
    occupationalCategory: {
      '@type': 'CategoryCode',
      codeValue: source.occupation_code,
      name: source.occupation_title_de,
      inCodeSet: KLDB_CODE_SET,
    },
    identifier: { '@type': 'PropertyValue', name: 'Jobbrücke Sachsen', propertyID: 'vacancy', value: source.id },
    url,
  };
}

export type JobPosting = ReturnType<typeof toJobPosting>;
