import type { FastifyInstance } from 'fastify';
import { refinementCounts, refinementSearches, type RefinementCounts } from '../../search/refinements.ts';
import type { VacancySearch, VacancySearchResult } from '../../search/vacancy-search.ts';

/**
 * The facet counts of the search page. Meilisearch counts them with the search (one round trip); when the
 * answer came from the PostgreSQL fallback, the fallback counts the same searches (search/refinements.ts).
 */
export async function refinementsOf(app: FastifyInstance, search: VacancySearch, result: VacancySearchResult): Promise<RefinementCounts> {
  if (result.refinements) return result.refinements;
  const questions = refinementSearches(search);
  const answered = new Map<string, Promise<VacancySearchResult>>();
  const ask = (s: VacancySearch) => {
    const question = { ...s, page: 1, perPage: 1 };
    const key = JSON.stringify(question);
    if (!answered.has(key)) answered.set(key, app.searchEngine.fallback.search(question));
    return answered.get(key)!;
  };
  const [kind, germanLevel, workingTime, partTime] = await Promise.all(
    [questions.kind, questions.germanLevel, questions.workingTime, questions.partTime].map(ask),
  );
  return refinementCounts({
    kind: kind!.facets.kind,
    germanLevel: germanLevel!.facets.germanLevel,
    workingTime: workingTime!.facets.workingTime,
    partTimeTotal: partTime!.total,
  });
}
