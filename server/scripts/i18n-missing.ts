/**
 * Lists, per language of the pages a mentee meets, the messages its catalogue
 * lacks (with German and English beside them, for the translator) and the ones
 * German no longer has. `npm run i18n:missing [-- uk]`; exits 1 while anything
 * is missing, like the catalogue test.
 */
import { catalogueFile, LOCALES, MENTEE_CATALOGUE_FILES, pluralCategories, STAFF_LOCALES, type Locale } from '../i18n/index.ts';

const asked = process.argv.slice(2).filter((a) => a !== '--');
const languages = LOCALES.filter((l) => !STAFF_LOCALES.includes(l) && (asked.length === 0 || asked.includes(l)));
let gaps = 0;

for (const locale of languages) {
  for (const file of MENTEE_CATALOGUE_FILES) {
    const de = catalogueFile('de', file);
    const en = catalogueFile('en', file);
    const own = catalogueFile(locale, file);
    const wanted = expectedKeys(locale, de);
    const missing = [...wanted.keys()].filter((key) => !own.has(key));
    const extra = [...own.keys()].filter((key) => !wanted.has(key));
    for (const key of missing) {
      const source = wanted.get(key)!;
      console.log(`${locale}/${file}\tmissing\t${key}\tde: ${de.get(source)}\ten: ${en.get(source) ?? ''}`);
    }
    for (const key of extra) console.log(`${locale}/${file}\textra\t${key}`);
    gaps += missing.length + extra.length;
  }
}
if (gaps === 0) console.log(`No gaps in ${languages.join(', ')}.`);
process.exitCode = gaps === 0 ? 0 : 1;

/** The keys a language needs, each with the German key it translates (counted messages take the language's plural forms). */
function expectedKeys(locale: Locale, de: Map<string, string>): Map<string, string> {
  const keys = new Map<string, string>();
  const counted = new Set([...de.keys()].filter((k) => k.endsWith('.other') && de.has(`${k.slice(0, -6)}.one`)).map((k) => k.slice(0, -6)));
  for (const key of de.keys()) {
    const stem = key.slice(0, key.lastIndexOf('.'));
    if (!counted.has(stem)) keys.set(key, key);
    else if (key.endsWith('.other')) for (const form of pluralCategories(locale)) keys.set(`${stem}.${form}`, key);
  }
  return keys;
}
