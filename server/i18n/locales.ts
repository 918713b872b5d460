/**
 * The portal's languages: one descriptor each, the only place a language's
 * code, own name, writing direction and Intl locale are spelled.
 *
 * Every page a mentee meets speaks all six; staff pages (employer, mentor,
 * coordinator, admin) speak German and English only, because their texts are
 * working tools that change often and are read by people who work in German.
 */
export interface LocaleInfo {
  /** BCP 47 language code, as in `?lang=`, `<html lang>` and views/locales/<code>/. */
  code: string;
  /** The language's name in itself, for the switcher (never translated). */
  name: string;
  dir: 'ltr' | 'rtl';
  /**
   * The Intl locale for dates, numbers and plural rules. Arabic and Persian use
   * Latin digits and the Gregorian calendar: postcodes, phone numbers and the
   * dates on German letters are written that way, and a mentee must recognise
   * them as the same numbers and days (Persian would default to the solar calendar).
   */
  intl: string;
}

export const LOCALES = ['de', 'en', 'uk', 'ru', 'ar', 'fa'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'de';

/** The languages of staff pages. */
export const STAFF_LOCALES: readonly Locale[] = ['de', 'en'];

/**
 * The catalogue files (views/locales/<code>/) of the pages a mentee meets:
 * every language has them, with German's keys. The other files (staff pages)
 * exist in German and English only.
 */
export const MENTEE_CATALOGUE_FILES = [
  'core.json',
  'legal.json',
  'match-hints.json',
  'mentoring.json',
  'search-load.json',
  'security.json',
  'share.json',
] as const;

export const LOCALE_INFO: Record<Locale, LocaleInfo> = {
  de: { code: 'de', name: 'Deutsch', dir: 'ltr', intl: 'de-DE' },
  en: { code: 'en', name: 'English', dir: 'ltr', intl: 'en-GB' },
  uk: { code: 'uk', name: 'Українська', dir: 'ltr', intl: 'uk-UA' },
  ru: { code: 'ru', name: 'Русский', dir: 'ltr', intl: 'ru-RU' },
  ar: { code: 'ar', name: 'العربية', dir: 'rtl', intl: 'ar-u-ca-gregory-nu-latn' },
  fa: { code: 'fa', name: 'فارسی', dir: 'rtl', intl: 'fa-u-ca-gregory-nu-latn' },
};

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Dari is written like Persian and read from the same catalogue; `prs` is its ISO 639-3 code. */
const ALIASES: Record<string, Locale> = { prs: 'fa' };

/**
 * The best of `allowed` for an Accept-Language header (RFC 9110 §12.5.4):
 * highest quality first, then the order given; a region ("uk-UA") counts for
 * its language; `q=0` refuses. The header is cut to 256 characters before it
 * is read, so a long header costs nothing.
 */
export function negotiate(header: string | undefined, allowed: readonly Locale[]): Locale | undefined {
  if (!header) return undefined;
  let best: { locale: Locale; q: number; index: number } | undefined;
  header
    .slice(0, 256)
    .split(',')
    .forEach((part, index) => {
      const [range = '', ...params] = part.trim().split(';');
      const primary = range.trim().toLowerCase().split('-')[0] ?? '';
      const code = ALIASES[primary] ?? primary;
      if (!isLocale(code) || !allowed.includes(code)) return;
      const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const q = qParam === undefined ? 1 : Number(qParam.slice(2));
      if (!Number.isFinite(q) || q <= 0 || q > 1) return;
      if (!best || q > best.q) best = { locale: code, q, index };
    });
  return best?.locale;
}

// Built once per locale: constructing Intl objects costs more than using them.
const pluralRules = new Map<Locale, Intl.PluralRules>();

/** The CLDR plural category of a count in a language ('one', 'few', 'many', 'other' …). */
export function pluralCategory(locale: Locale, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(LOCALE_INFO[locale].intl)));
  return rules.select(count);
}

/** The plural categories a language's catalogue must have for every counted message. */
export function pluralCategories(locale: Locale): Intl.LDMLPluralRule[] {
  return new Intl.PluralRules(LOCALE_INFO[locale].intl).resolvedOptions().pluralCategories;
}
