import { comparable } from '../../search/letter-variants.ts';
import { LOCALES } from '../i18n/locales.ts';
import { occupationCatalogue, type Occupation, type OccupationCatalogue } from './catalogue.ts';

/**
 * Occupations by what people type, in any of the portal's languages, in
 * memory (200 occupations × six languages): the API's autocomplete and the
 * PostgreSQL fallback's "which occupations does this query name". Letter
 * variants (ي/ی, ك/ک, ё/е, apostrophes) and case do not matter.
 */

interface Entry {
  occupation: Occupation;
  /** Every name and synonym in every language, folded and lower-cased. */
  words: string[];
  /** The single words of those. */
  tokens: string[];
}

const tokensOf = (text: string) => text.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);

const entries = new WeakMap<OccupationCatalogue, Entry[]>();

function entriesOf(catalogue: OccupationCatalogue): Entry[] {
  let list = entries.get(catalogue);
  if (!list) {
    list = [...catalogue.byCode.values()].map((occupation) => {
      const words = [
        ...new Set(
          LOCALES.flatMap((l) => [occupation.names[l], ...occupation.names[l].split(' / '), ...occupation.synonyms[l]]).map(comparable),
        ),
      ];
      return { occupation, words, tokens: [...new Set(words.flatMap(tokensOf))] };
    });
    entries.set(catalogue, list);
  }
  return list;
}

/** How well a name fits the typed text: 0 the whole name, 1 its beginning, 2 a word's beginning, 3 anywhere; null not at all. */
function fit(name: string, text: string): number | null {
  if (name === text) return 0;
  if (name.startsWith(text)) return 1;
  const at = name.indexOf(text);
  if (at < 0) return null;
  return /[\p{L}\p{N}]/u.test(name[at - 1]!) ? 3 : 2;
}

/** Autocomplete: the occupations a name or synonym of which contains the text (or whose code starts with it), best fit first. */
export function suggestOccupations(text: string, limit = 10, catalogue = occupationCatalogue()): Occupation[] {
  const typed = comparable(text.trim());
  if (typed === '') return [...catalogue.byCode.values()].sort(byGermanName).slice(0, limit);
  const found: { occupation: Occupation; rank: number }[] = [];
  for (const { occupation, words } of entriesOf(catalogue)) {
    let rank = occupation.code.startsWith(typed) ? 1 : Infinity;
    for (const word of words) rank = Math.min(rank, fit(word, typed) ?? Infinity);
    if (rank !== Infinity) found.push({ occupation, rank });
  }
  return found
    .sort((a, b) => a.rank - b.rank || byGermanName(a.occupation, b.occupation))
    .slice(0, limit)
    .map((f) => f.occupation);
}

const collator = new Intl.Collator('de');
const byGermanName = (a: Occupation, b: Occupation) => collator.compare(a.names.de, b.names.de);

/**
 * The occupations a query names: every word of the query begins a word of
 * one of the occupation's names or synonyms ("водій вантажівки",
 * "راننده کامیون"). Queries of more than eight words name none.
 */
export function occupationsNamedBy(query: string, catalogue = occupationCatalogue()): string[] {
  const typed = tokensOf(comparable(query));
  if (typed.length === 0 || typed.length > 8) return [];
  return entriesOf(catalogue)
    .filter(({ tokens }) => typed.every((t) => tokens.some((w) => w.startsWith(t))))
    .map(({ occupation }) => occupation.code);
}
