import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const LOCALES = ['de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'de';

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

/** A locale's messages: every JSON file in views/locales/<locale>/ (one per feature), merged. */
function loadCatalogue(locale: Locale): Map<string, string> {
  const messages = new Map<string, string>();
  for (const file of readdirSync(path.join(folder, locale)).filter((f) => f.endsWith('.json')).sort()) {
    for (const [key, value] of flatten(JSON.parse(readFileSync(path.join(folder, locale, file), 'utf8')) as Messages)) {
      if (messages.has(key)) throw new Error(`Duplicate message key ${key} in views/locales/${locale}/${file}`);
      messages.set(key, value);
    }
  }
  return messages;
}

const catalogues = new Map<Locale, Map<string, string>>(LOCALES.map((locale) => [locale, loadCatalogue(locale)]));

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/**
 * Looks a message up in the locale, then in German; `{name}` placeholders are
 * filled from vars. A missing key shows the key itself, so it is seen and fixed.
 */
export function translate(locale: Locale, key: string, vars: Record<string, unknown> = {}): string {
  const message = catalogues.get(locale)?.get(key) ?? catalogues.get(DEFAULT_LOCALE)?.get(key) ?? key;
  return message.replace(/\{(\w+)\}/g, (_, name: string) => (vars[name] === undefined ? `{${name}}` : String(vars[name])));
}

export function hasMessage(locale: Locale, key: string): boolean {
  return catalogues.get(locale)?.has(key) ?? false;
}

export function messageKeys(locale: Locale): string[] {
  return [...(catalogues.get(locale)?.keys() ?? [])];
}
