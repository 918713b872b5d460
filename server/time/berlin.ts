import { sql } from 'kysely';

/**
 * The programme's one time zone. Its calendar days are Berlin days: "today", a vacancy's expiry,
 * a check-in's due date, a figures period, the hour a daily job runs. Every step from an instant to
 * a day (or back), in TypeScript or in SQL, goes through here, so the server's own zone (UTC in a
 * container) never decides what day it is.
 */
export const BERLIN = 'Europe/Berlin';

/**
 * The zone for SQL (`AT TIME ZONE ${BERLIN_SQL}`): a literal, not a parameter, so that the same
 * expression in SELECT and GROUP BY is the same text to PostgreSQL. The value is the constant above.
 */
export const BERLIN_SQL = sql.lit(BERLIN);

// Built once: constructing an Intl formatter costs more than formatting with it (seen in the bench's profile).
const DAY = new Intl.DateTimeFormat('en-CA', { timeZone: BERLIN, year: 'numeric', month: '2-digit', day: '2-digit' });
const HOUR = new Intl.DateTimeFormat('en-GB', { timeZone: BERLIN, hour: '2-digit', hourCycle: 'h23' });
const OFFSET = new Intl.DateTimeFormat('en-GB', { timeZone: BERLIN, timeZoneName: 'longOffset' });

let lastMinute = Number.NaN;
let lastDay = '';

/** The Berlin calendar day of an instant, 'YYYY-MM-DD'. */
export function berlinDay(at: Date): string {
  // Berlin's offsets are whole hours, so its day changes only at a whole UTC minute: the answer for the minute asked
  // last is kept (formatting in a time zone cost a page about as much as one of its queries; pages ask for today).
  const minute = Math.floor(at.getTime() / 60_000);
  if (minute !== lastMinute) {
    lastDay = DAY.format(at);
    lastMinute = minute;
  }
  return lastDay;
}

/** Today's Berlin calendar day, 'YYYY-MM-DD'. */
export function todayInBerlin(now = new Date()): string {
  return berlinDay(now);
}

/** The hour (0–23) on a Berlin clock; daily jobs start at a Berlin hour. */
export function hourInBerlin(now = new Date()): number {
  return Number(HOUR.format(now));
}

/** Berlin's offset from UTC at an instant: '+01:00' (CET) or '+02:00' (CEST). */
export function berlinOffset(at: Date): string {
  return (
    OFFSET.formatToParts(at)
      .find((part) => part.type === 'timeZoneName')!
      .value.replace('GMT', '') || '+00:00'
  );
}

/** A local Berlin time as typed in a form, "YYYY-MM-DDTHH:mm", as the instant it names. */
export function berlinDateTime(local: string): Date {
  // The offset of Berlin at that moment (CET +1 or CEST +2), found by formatting a UTC guess.
  const guess = new Date(`${local}:00Z`);
  const berlin = new Date(guess.toLocaleString('en-US', { timeZone: BERLIN }));
  const utc = new Date(guess.toLocaleString('en-US', { timeZone: 'UTC' }));
  return new Date(guess.getTime() - (berlin.getTime() - utc.getTime()));
}

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * A formatter that shows instants on a Berlin clock in the reader's language (`locale` is an Intl
 * tag, 'de-DE'); built once per locale and options, as building costs more than formatting.
 */
export function berlinFormat(locale: string, options: Omit<Intl.DateTimeFormatOptions, 'timeZone'>): Intl.DateTimeFormat {
  const key = `${locale} ${JSON.stringify(options)}`;
  let found = formats.get(key);
  if (!found) formats.set(key, (found = new Intl.DateTimeFormat(locale, { ...options, timeZone: BERLIN })));
  return found;
}
