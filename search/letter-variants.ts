/**
 * One spelling for letters that people type in several ways, applied to both
 * sides of a search: the occupation names in the documents and the synonyms
 * (search/vacancy-index.ts), the query text before it reaches Meilisearch
 * (search/vacancy-search.ts), and the in-memory occupation look-ups
 * (server/occupations/catalogue.ts).
 *
 * Why not leave it to Meilisearch: its tokenizer (charabia) folds Arabic and
 * Persian letters only after guessing the language of the whole text, and it
 * guesses differently for a query of two words and a field of twenty. Measured
 * on Meilisearch 1.21 (test/search/languages.test.ts, search/README.md):
 * "كهربائي" did not find "كهربائی", "كاميون" did not find "کامیون", "ёлка"
 * did not find "елка", "мʼясник" did not find "м’ясник". The forms chosen here
 * are ones both of charabia's normalisers (Arabic and Persian) leave as they
 * are, so whichever it guesses, both sides end up the same:
 *
 * - Yeh: Arabic ي and alef maksura ى → Persian ی; kaf: Arabic ك → Persian ک;
 *   teh marbuta ة and heh with yeh above ۀ → ه; alef with hamza or madda (أ إ آ ٱ) → ا.
 * - Arabic-Indic (٠–٩) and Persian (۰–۹) digits → 0–9.
 * - Removed: tatweel ـ, harakat and Quranic marks, the zero-width non-joiner
 *   (Persian writes "برق‌کار" and "برقکار" alike).
 * - Cyrillic: ё → е (Russian writes both), and the apostrophe inside a word
 *   (Ukrainian м'ясник, м’ясник, мʼясник; phones often drop it: мясник) is removed.
 * - Compatibility forms (Arabic presentation forms, ligatures, full-width
 *   letters) → their plain letters (NFKC).
 *
 * Letter case is left to Meilisearch (and to callers that compare in memory).
 */

const FOLDED: Record<string, string> = {
  ي: 'ی',
  ى: 'ی',
  ك: 'ک',
  ة: 'ه',
  ۀ: 'ه',
  أ: 'ا',
  إ: 'ا',
  آ: 'ا',
  ٱ: 'ا',
  ё: 'е',
  Ё: 'Е',
};
for (let digit = 0; digit <= 9; digit += 1) {
  FOLDED[String.fromCharCode(0x0660 + digit)] = String(digit);
  FOLDED[String.fromCharCode(0x06f0 + digit)] = String(digit);
}

/** One character class, so the replacement is a single linear pass: ي ى ك ة ۀ أ إ آ ٱ ё Ё and the two kinds of Eastern digits. */
const VARIANT = /[\u064A\u0649\u0643\u0629\u06C0\u0623\u0625\u0622\u0671\u0451\u0401\u0660-\u0669\u06F0-\u06F9]/gu;
/** Tatweel, harakat (U+064B–U+065F), superscript alef, Quranic annotation marks, ZWNJ. */
// eslint-disable-next-line no-misleading-character-class -- the class lists combining marks on purpose: they are what is removed
const REMOVED = /[\u0640\u064B-\u065F\u0670\u06D6-\u06ED\u200C]/gu;
/** An apostrophe between two Cyrillic letters. */
const CYRILLIC_APOSTROPHE = /(?<=\p{Script=Cyrillic})['\u2019\u02BC](?=\p{Script=Cyrillic})/gu;

export function foldLetterVariants(text: string): string {
  return text
    .normalize('NFKC')
    .replace(REMOVED, '')
    .replace(VARIANT, (c) => FOLDED[c] ?? c)
    .replace(CYRILLIC_APOSTROPHE, '');
}

/** Folded and lower-cased: how the in-memory look-ups compare words. */
export function comparable(text: string): string {
  return foldLetterVariants(text).toLowerCase();
}
