import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Regulated occupations (reglementierte Berufe): practising them needs a German or a recognised
 * qualification. regulated.json names, per KldB code, the law and the list it is marked in. Only
 * jobs are bound by it: an apprenticeship leads to the German qualification, and helper occupations
 * have codes of their own that are not in the file.
 */
export interface Regulation {
  law: string;
  source: string;
}

/** The public finder of the federal portal "Anerkennung in Deutschland": it names the authority for an occupation and a place. */
export const RECOGNITION_FINDER_URL = 'https://www.anerkennung-in-deutschland.de/html/de/pro/anerkennungs-finder.php';

let cached: ReadonlyMap<string, Regulation> | undefined;

function load(): ReadonlyMap<string, Regulation> {
  const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'regulated.json');
  const data = JSON.parse(readFileSync(file, 'utf8')) as { occupations: Record<string, Regulation> };
  return new Map(Object.entries(data.occupations));
}

/** The regulation of an occupation, or undefined when anyone may practise it. */
export function regulationOf(code: string): Regulation | undefined {
  cached ??= load();
  return cached.get(code);
}

export function regulatedCodes(): string[] {
  cached ??= load();
  return [...cached.keys()];
}
