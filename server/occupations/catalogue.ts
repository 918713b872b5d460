import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { LOCALES, type Locale } from '../i18n/locales.ts';
import { loadOccupations, type OccupationData } from './data.ts';

/**
 * The one source of occupation names: occupations.json (code, German and
 * English names, German/English synonyms) plus labels/<language>.json for
 * every other language of the portal (name and everyday synonyms, each file
 * with the sources its words came from). Pages, the search index, the
 * synonyms and the look-ups all read names from here; the `occupations`
 * table keeps the German and English titles for joins and the German
 * full-text fallback, written from the same file at start.
 */

/** The languages whose names come from labels/<code>.json. */
export const LABEL_LOCALES = LOCALES.filter((l): l is Exclude<Locale, 'de' | 'en'> => l !== 'de' && l !== 'en');
export type LabelLocale = (typeof LABEL_LOCALES)[number];

export interface Occupation {
  code: string;
  apprenticeship: boolean;
  /** The name in each language (German gendered "Köchin / Koch"). */
  names: Record<Locale, string>;
  /**
   * Everyday words per language. German holds occupations.json's synonyms
   * (German with a few English words); English has none of its own.
   */
  synonyms: Record<Locale, readonly string[]>;
}

export interface OccupationCatalogue {
  /** By KldB code, in the order of occupations.json. */
  byCode: ReadonlyMap<string, Occupation>;
  /** Where each label file's words come from (its `sources`). */
  sources: Record<LabelLocale, string>;
  /** Changes whenever any name or synonym does: the search index is rebuilt when it differs (search/reindex.ts). */
  version: string;
}

const Words = z.array(z.string().trim().min(1).max(120)).max(40);
const LabelFile = z.object({
  language: z.string(),
  sources: z.string().trim().min(1),
  occupations: z.record(z.string(), z.object({ name: z.string().trim().min(1).max(200), synonyms: Words })),
});

/** A label file that does not fit occupations.json: the message lists every problem. */
export class OccupationLabelsError extends Error {}

/**
 * Joins the occupation list with the label files, checking that each file is
 * for its language and names exactly the codes of the list; throws with every
 * problem at once, so a missing or misspelt code is found at start and in tests.
 */
export function buildCatalogue(occupations: readonly OccupationData[], labelFiles: Record<LabelLocale, unknown>): OccupationCatalogue {
  const problems: string[] = [];
  const codes = new Set(occupations.map((o) => o.code));
  const labels = {} as Record<LabelLocale, z.infer<typeof LabelFile>>;
  for (const locale of LABEL_LOCALES) {
    const parsed = LabelFile.safeParse(labelFiles[locale]);
    if (!parsed.success) {
      problems.push(
        `labels/${locale}.json: ${parsed.error.issues
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .slice(0, 5)
          .join('; ')}`,
      );
      continue;
    }
    if (parsed.data.language !== locale) problems.push(`labels/${locale}.json says it is "${parsed.data.language}"`);
    const missing = [...codes].filter((code) => !(code in parsed.data.occupations));
    const unknown = Object.keys(parsed.data.occupations).filter((code) => !codes.has(code));
    if (missing.length > 0) problems.push(`labels/${locale}.json lacks ${missing.length} codes: ${missing.slice(0, 10).join(', ')}`);
    if (unknown.length > 0) problems.push(`labels/${locale}.json has codes not in occupations.json: ${unknown.slice(0, 10).join(', ')}`);
    labels[locale] = parsed.data;
  }
  if (problems.length > 0) throw new OccupationLabelsError(`Occupation labels do not fit occupations.json:\n- ${problems.join('\n- ')}`);

  const byCode = new Map<string, Occupation>();
  for (const o of occupations) {
    const names = { de: o.de, en: o.en } as Record<Locale, string>;
    const synonyms = { de: o.synonyms, en: [] } as unknown as Record<Locale, readonly string[]>;
    for (const locale of LABEL_LOCALES) {
      const entry = labels[locale].occupations[o.code]!;
      names[locale] = entry.name;
      synonyms[locale] = [...new Set(entry.synonyms)];
    }
    byCode.set(o.code, { code: o.code, apprenticeship: o.apprenticeship, names, synonyms });
  }
  const version = createHash('sha256')
    .update(JSON.stringify([...byCode.values()]))
    .digest('hex')
    .slice(0, 16);
  return { byCode, sources: Object.fromEntries(LABEL_LOCALES.map((l) => [l, labels[l].sources])) as Record<LabelLocale, string>, version };
}

const labelsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'labels');

export function readLabelFile(locale: LabelLocale): unknown {
  const file = path.join(labelsFolder, `${locale}.json`);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new OccupationLabelsError(`labels/${locale}.json cannot be read: ${error instanceof Error ? error.message : String(error)}`);
  }
}

let cached: OccupationCatalogue | undefined;

/** The catalogue of the files shipped with the code, read and checked once per process. */
export function occupationCatalogue(): OccupationCatalogue {
  cached ??= buildCatalogue(
    loadOccupations(),
    Object.fromEntries(LABEL_LOCALES.map((l) => [l, readLabelFile(l)])) as Record<LabelLocale, unknown>,
  );
  return cached;
}

/** Anything that names an occupation: its code, a catalogue entry, or a row with `code` or `occupation_code`. */
export type OccupationRef = string | { code: string } | { occupation_code: string };

function codeOf(ref: OccupationRef): string {
  if (typeof ref === 'string') return ref;
  return 'code' in ref ? ref.code : ref.occupation_code;
}

/**
 * The occupation's name in a language: the one way every page, e-mail and
 * API answer names an occupation. A code the list no longer has answers as itself.
 */
export function occupationName(ref: OccupationRef, locale: Locale): string {
  const code = codeOf(ref);
  return occupationCatalogue().byCode.get(code)?.names[locale] ?? code;
}
