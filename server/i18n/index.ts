import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LOCALE, LOCALE_INFO, LOCALES, pluralCategory, type Locale } from './locales.ts';

export {
  DEFAULT_LOCALE,
  LOCALE_INFO,
  LOCALES,
  MENTEE_CATALOGUE_FILES,
  STAFF_LOCALES,
  isLocale,
  negotiate,
  pluralCategory,
  pluralCategories,
  type Locale,
  type LocaleInfo,
} from './locales.ts';

type Messages = { [key: string]: string | Messages };

const folder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../views/locales');

function flatten(messages: Messages, prefix = '', into = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(messages)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') into.set(name, value);
    else flatten(value, name, into);
  }
  return into;
}

/**
 * A locale's messages: every JSON file in views/locales/<locale>/ (one per
 * feature), merged. German and English have every file; the mentees'
 * languages have the files of the pages a mentee meets (test/i18n checks
 * that each of their files has exactly German's keys and placeholders).
 */
function loadCatalogue(locale: Locale): Map<string, string> {
  const messages = new Map<string, string>();
  const dir = path.join(folder, locale);
  if (!existsSync(dir)) return messages;
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    for (const [key, value] of flatten(JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Messages)) {
      if (messages.has(key)) throw new Error(`Duplicate message key ${key} in views/locales/${locale}/${file}`);
      messages.set(key, value);
    }
  }
  return messages;
}

const catalogues = new Map<Locale, Map<string, string>>(LOCALES.map((locale) => [locale, loadCatalogue(locale)]));

/**
 * Keys a page asked for in a language that lacks them, as `locale:key`. The
 * page then shows German (better than a raw key to the person reading), and
 * the tests that render every page in every language fail on any entry here,
 * so a gap is never silent.
 */
export const missingMessages = new Set<string>();

function lookup(locale: Locale, key: string): string {
  const found = catalogues.get(locale)?.get(key);
  if (found !== undefined) return found;
  missingMessages.add(`${locale}:${key}`);
  return catalogues.get(DEFAULT_LOCALE)?.get(key) ?? key;
}

function fill(message: string, vars: Record<string, unknown>): string {
  // Most messages have no placeholder (a match page fills a few hundred): no regular expression for those.
  if (!message.includes('{')) return message;
  return message.replace(/\{(\w+)\}/g, (_, name: string) => (vars[name] === undefined ? `{${name}}` : String(vars[name])));
}

/**
 * Looks a message up in the locale, then (recorded as missing) in German;
 * `{name}` placeholders are filled from vars. A key missing everywhere shows
 * the key itself, so it is seen and fixed.
 */
export function translate(locale: Locale, key: string, vars: Record<string, unknown> = {}): string {
  return fill(lookup(locale, key), vars);
}

/**
 * A counted message: `key` is a group with one message per CLDR plural
 * category of the language (German: one, other; Ukrainian and Russian: one,
 * few, many, other; Arabic all six), chosen by Intl.PluralRules for `count`,
 * which is also available as the placeholder `{count}`.
 */
export function translatePlural(locale: Locale, key: string, count: number, vars: Record<string, unknown> = {}): string {
  return fill(lookup(locale, `${key}.${pluralCategory(locale, count)}`), { count: formatCount(locale, count), ...vars });
}

const countFormats = new Map<Locale, Intl.NumberFormat>();
/** A count as the language writes it (1.234 in German, 1 234 in Ukrainian). */
export function formatCount(locale: Locale, count: number): string {
  let format = countFormats.get(locale);
  if (!format) countFormats.set(locale, (format = new Intl.NumberFormat(LOCALE_INFO[locale].intl, { maximumFractionDigits: 1 })));
  return format.format(count);
}

export function hasMessage(locale: Locale, key: string): boolean {
  return catalogues.get(locale)?.has(key) ?? false;
}

export function messageKeys(locale: Locale): string[] {
  return [...(catalogues.get(locale)?.keys() ?? [])];
}

/** One catalogue file's messages, flattened (for the completeness test); empty when the file does not exist. */
export function catalogueFile(locale: Locale, file: string): Map<string, string> {
  const full = path.join(folder, locale, file);
  return existsSync(full) ? flatten(JSON.parse(readFileSync(full, 'utf8')) as Messages) : new Map();
}

/** The catalogue files a locale has. */
export function catalogueFiles(locale: Locale): string[] {
  const dir = path.join(folder, locale);
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];
}
