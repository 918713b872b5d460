import type { Meilisearch } from 'meilisearch';
import type { RefinementCounts } from './refinements.ts';
import { searchRefinementCounts, searchVacancyIndex, type VacancySearch, type VacancySearchResult } from './vacancy-search.ts';

/**
 * The public vacancy search, whoever answers it: Meilisearch (`MeiliPublicSearch`, ranked, refinement
 * counts in one more round trip sent beside the search, the part-time count after it when the search's
 * answer cannot tell) or PostgreSQL while Meilisearch is down (`PostgresPublicSearch`,
 * postgres-search.ts, degraded). Both give the same result shape; the search engine picks one.
 */
export interface PublicSearch {
  search(search: VacancySearch): Promise<VacancySearchResult>;
}

export class MeiliPublicSearch implements PublicSearch {
  constructor(private readonly client: Meilisearch) {}

  search(search: VacancySearch): Promise<VacancySearchResult> {
    return searchVacancyIndex(this.client, search);
  }

  /** The search page's facet counts; `main`: the search's own answer, possibly still on its way (vacancy-search.ts, searchRefinementCounts). */
  refinements(search: VacancySearch, main: Promise<Pick<VacancySearchResult, 'facets' | 'total'>>): Promise<RefinementCounts> {
    return searchRefinementCounts(this.client, search, main);
  }
}
