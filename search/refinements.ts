import { GERMAN_LEVELS, KINDS, SEARCHER_GERMAN_LEVELS, germanLevelRank } from '../server/domain.ts';
import type { VacancySearch } from './vacancy-search.ts';

/**
 * How many results each facet link of the search page leads to. A link replaces its group's filter and
 * keeps the others, and the filters are not all "equals": German is "at most this level", full time
 * includes "either", part time also takes part-time training. So a count is never a raw facet value
 * (the raw "A2: 8" counted vacancies asking exactly A2, while the A2 link found 9, the one asking A1 too).
 */
export interface RefinementCounts {
  kind: Record<(typeof KINDS)[number], number>;
  germanLevel: Record<(typeof SEARCHER_GERMAN_LEVELS)[number], number>;
  workingTime: Record<'full' | 'part', number>;
}

/** The raw facet distributions and the one total the counts are made of. */
export interface RefinementAnswers {
  /** Distribution of `kind` over the search without its kind filter. */
  kind: Record<string, number>;
  /** Distribution of the required `germanLevel` over the search without its German filter. */
  germanLevel: Record<string, number>;
  /** Distribution of `workingTime` over the search without its working-time filter. */
  workingTime: Record<string, number>;
  /** Results of the search with working time "part" (part, either, or part-time training: no facet says that). */
  partTimeTotal: number;
}

/** The searches whose answers make the counts: each group's is the search without that group's own filter. */
export function refinementSearches(search: VacancySearch) {
  return {
    kind: { ...search, kind: undefined },
    germanLevel: { ...search, germanLevel: undefined },
    workingTime: { ...search, workingTime: undefined },
    partTime: { ...search, workingTime: 'part' as const },
  };
}

/** The counts, following the filters of buildVacancyFilter (search/vacancy-search.ts) one by one. */
export function refinementCounts(answers: RefinementAnswers): RefinementCounts {
  const count = (distribution: Record<string, number>, value: string) => distribution[value] ?? 0;
  const atMost = (level: (typeof SEARCHER_GERMAN_LEVELS)[number]) =>
    GERMAN_LEVELS.filter((required) => germanLevelRank(required) <= germanLevelRank(level)).reduce(
      (sum, required) => sum + count(answers.germanLevel, required),
      0,
    );
  return {
    kind: Object.fromEntries(KINDS.map((kind) => [kind, count(answers.kind, kind)])) as RefinementCounts['kind'],
    germanLevel: Object.fromEntries(SEARCHER_GERMAN_LEVELS.map((level) => [level, atMost(level)])) as RefinementCounts['germanLevel'],
    workingTime: {
      full: count(answers.workingTime, 'full') + count(answers.workingTime, 'either'),
      part: answers.partTimeTotal,
    },
  };
}
