import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SafeString } from 'handlebars';
import type { RefinementCounts } from '../../search/refinements.ts';
import type { VacancyHit, VacancySearchResult } from '../../search/vacancy-search.ts';
import { presentResult, SEARCH_FIELDS } from './search-page.ts';

/**
 * The results block of the search page (views/partials/search-results.hbs), kept once rendered for as long as the
 * answer it shows is cached. Presenting and rendering 20 cards was most of the page's own CPU (about half of
 * 3.3 ms a page with the answer cached, bench/profile-search-inject.ts); a search asked again, by anyone, is
 * answered from the cache (search/engine.ts), and now its cards are too.
 *
 * Keyed by identity, so nothing can outlive what it shows: the cached answer's `hits` array and the cached counts
 * object (a refreshed or dropped answer is a new object; the old markup goes with the old one), then the language and
 * the search's own fields exactly as typed (the block shows them back: chips, links). An answer from PostgreSQL
 * (degraded) is a new object every time and is rendered every time.
 */
const kept = new WeakMap<readonly VacancyHit[], WeakMap<RefinementCounts, { key: string; html: SafeString }>>();

export function resultsHtml(
  app: FastifyInstance,
  request: FastifyRequest,
  values: Record<string, unknown>,
  result: VacancySearchResult,
  counts: RefinementCounts,
): SafeString {
  const render = () =>
    app.renderPartial('search-results', { locale: request.locale, result: presentResult(request, result, values, counts) });
  if (result.degraded) return render();
  let byCounts = kept.get(result.hits);
  if (!byCounts) kept.set(result.hits, (byCounts = new WeakMap()));
  // undefined and '' differ for the block (a missing radius means 25 km, an empty one none), so both are kept apart.
  const key = `${request.locale}\n${JSON.stringify(SEARCH_FIELDS.map((field) => values[field] ?? null))}`;
  const last = byCounts.get(counts);
  if (last?.key === key) return last.html;
  // One block per answer, the latest asked: the memory it adds is at most one page's results per cached answer
  // (about 25 KB beside 15 KB of answer), whatever spellings or languages anyone sends; another one is rendered anew.
  const html = render();
  byCounts.set(counts, { key, html });
  return html;
}
