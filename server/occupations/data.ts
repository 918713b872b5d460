import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** One entry of the occupation list (KldB 2010 code, gendered German title, English label). */
export interface OccupationData {
  code: string;
  de: string;
  en: string;
  apprenticeship: boolean;
  synonyms: string[];
}

let cached: OccupationData[] | undefined;

export function loadOccupations(): OccupationData[] {
  cached ??= JSON.parse(
    readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'occupations.json'), 'utf8'),
  ) as OccupationData[];
  return cached;
}
