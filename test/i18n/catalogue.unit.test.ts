import { describe, expect, it } from 'vitest';
import {
  catalogueFile,
  catalogueFiles,
  LOCALES,
  MENTEE_CATALOGUE_FILES,
  pluralCategories,
  STAFF_LOCALES,
  type Locale,
} from '../../server/i18n/index.ts';

/** The `{name}` placeholders of a message, sorted. */
const placeholders = (message: string) => [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/**
 * Counted messages: a group whose German has 'one' and 'other' (followUps.concerns.other is a
 * plain message). Other keys are plain messages.
 */
const CATEGORIES = new Set(['zero', 'one', 'two', 'few', 'many', 'other']);
function pluralStems(file: string): Set<string> {
  const keys = new Set(catalogueFile('de', file).keys());
  return new Set(
    [...keys]
      .filter((k) => k.endsWith('.other') && keys.has(`${k.slice(0, -'.other'.length)}.one`))
      .map((k) => k.slice(0, -'.other'.length)),
  );
}
function stems(file: string, keys: Iterable<string>): { plain: Set<string>; plural: Map<string, Set<string>> } {
  const counted = pluralStems(file);
  const plain = new Set<string>();
  const plural = new Map<string, Set<string>>();
  for (const key of keys) {
    const cut = key.lastIndexOf('.');
    const stem = key.slice(0, cut);
    if (counted.has(stem) && CATEGORIES.has(key.slice(cut + 1))) plural.set(stem, (plural.get(stem) ?? new Set()).add(key.slice(cut + 1)));
    else plain.add(key);
  }
  return { plain, plural };
}

const menteeLocales = LOCALES.filter((locale) => !STAFF_LOCALES.includes(locale));

describe('message catalogues', () => {
  it('German and English have the same files, with the same keys and placeholders', () => {
    expect(catalogueFiles('en')).toEqual(catalogueFiles('de'));
    for (const file of catalogueFiles('de')) {
      const de = catalogueFile('de', file);
      const en = catalogueFile('en', file);
      expect([...en.keys()].sort(), file).toEqual([...de.keys()].sort());
      for (const [key, message] of de) expect(placeholders(en.get(key)!), `${file} ${key}`).toEqual(placeholders(message));
    }
  });

  it.each(menteeLocales)('%s has every file of the pages a mentee meets, and no staff file', (locale) => {
    expect(catalogueFiles(locale)).toEqual([...MENTEE_CATALOGUE_FILES].sort());
  });

  it.each(menteeLocales)('%s has every German key of those files (no silent German), and no other', (locale) => {
    for (const file of MENTEE_CATALOGUE_FILES) {
      const de = stems(file, catalogueFile('de', file).keys());
      const own = stems(file, catalogueFile(locale, file).keys());
      expect([...own.plain].sort(), `${locale}/${file}`).toEqual([...de.plain].sort());
      expect([...own.plural.keys()].sort(), `${locale}/${file} counted messages`).toEqual([...de.plural.keys()].sort());
    }
  });

  it.each(LOCALES)('%s has the plural forms its language needs for every counted message', (locale: Locale) => {
    const needed = pluralCategories(locale).sort();
    const files = STAFF_LOCALES.includes(locale) ? catalogueFiles(locale) : [...MENTEE_CATALOGUE_FILES];
    for (const file of files) {
      for (const [stem, forms] of stems(file, catalogueFile(locale, file).keys()).plural) {
        expect([...forms].sort(), `${locale}/${file} ${stem}`).toEqual(needed);
      }
    }
  });

  it.each(menteeLocales)('%s uses the same placeholders as German in every message', (locale) => {
    for (const file of MENTEE_CATALOGUE_FILES) {
      const de = catalogueFile('de', file);
      const own = catalogueFile(locale, file);
      for (const [key, message] of own) {
        const cut = key.lastIndexOf('.');
        const isPlural = pluralStems(file).has(key.slice(0, cut));
        // A plural form is compared with German's 'other' form of the same message, which names every placeholder.
        const german = isPlural ? de.get(`${key.slice(0, cut)}.other`) : de.get(key);
        if (german === undefined) continue; // reported by the key test above
        const expected = placeholders(german);
        // Singular forms may leave out {count} ("one job" in words), never another placeholder.
        const got = placeholders(message);
        if (isPlural)
          expect(
            got.filter((p) => p !== 'count' && !expected.includes(p)),
            `${locale}/${file} ${key}`,
          ).toEqual([]);
        else expect(got, `${locale}/${file} ${key}`).toEqual(expected);
      }
    }
  });
});
