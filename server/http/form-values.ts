import { z } from 'zod';

/** Form-friendly zod pieces: HTML forms send strings, JSON clients send real types; both are accepted. */
export const checkbox = z.preprocess((v) => v === true || v === 'on' || v === 'true' || v === '1' || v === 'yes', z.boolean());

/** A list field: a single form value, repeated form values, or a JSON array. */
export function list<T extends z.ZodType>(item: T) {
  return z.preprocess((v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]), z.array(item));
}

/**
 * A free-text field checked for content only once it passed its length check. zod runs `.refine` even
 * after `.max` failed, so a 200,000-character value used to reach the content check (audit finding 1);
 * the pipe stops at the first failure. Trimmed; missing counts as empty. `mustNotHold(text)` is true
 * when the text holds what the field refuses (contact data); `typeKey` is for a value that is no text.
 */
export function textWithout(max: number, tooLongKey: string, mustNotHold: (text: string) => boolean, key: string, typeKey = tooLongKey) {
  return z
    .preprocess((v) => (typeof v === 'string' ? v.trim() : v) ?? '', z.string({ message: typeKey }).max(max, tooLongKey))
    .pipe(z.string().refine((text) => !mustNotHold(text), key));
}

/** A YYYY-MM-DD date that exists in the calendar (2026-02-30 and 2026-13-01 do not). */
export function isCalendarDate(value: string): boolean {
  // Years before 1900 are typing errors here (and year 0 is out of PostgreSQL's range for some types).
  if (!/^(19|2\d)\d{2}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

/** An optional YYYY-MM-DD date that exists in the calendar; blank means none. */
export function optionalDate(message: string) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v) || null,
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, message)
      .refine(isCalendarDate, message)
      .nullable(),
  );
}

/** An optional whole number from a text field; blank means none. */
export function optionalInt(message: string, min: number, max: number) {
  return z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v) || null,
    z.coerce.number({ message }).int(message).min(min, message).max(max, message).nullable(),
  );
}

/** More repeated values than any form accepts (the longest list, a project's towns, holds 60); the rest was not typed by a person. */
const MAX_KEPT_ITEMS = 100;

/** One typed value as the form shows it; anything that is not a flat value (an object, a nested list) is not kept. */
function flatValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'on' : '';
  if (value === null || value === undefined) return '';
  return undefined;
}

/**
 * What the user typed, as strings, to put back into the form after an error. Only flat values are kept:
 * a JSON client can send lists nested thousands deep, and turning one into a string recurses once per level
 * (String([[…]]) overflowed the stack and answered 500), so nothing here looks inside a nested value.
 */
export function keptValues(body: unknown): Record<string, unknown> {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return {};
  const values: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (key === '_csrf' || key === 'password') continue;
    if (Array.isArray(value)) {
      values[key] = value
        .slice(0, MAX_KEPT_ITEMS)
        .map(flatValue)
        .filter((item) => item !== undefined);
      continue;
    }
    const flat = flatValue(value);
    if (flat !== undefined) values[key] = flat;
  }
  return values;
}
