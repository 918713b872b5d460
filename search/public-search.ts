import type { Meilisearch } from 'meilisearch';
import { searchVacancyIndex, type VacancySearch, type VacancySearchResult } from './vacancy-search.ts';

/**
 * The public vacancy search, whoever answers it: Meilisearch (`MeiliPublicSearch`, ranked, refinement
 * counts in the same round trip) or PostgreSQL while Meilisearch is down (`PostgresPublicSearch`,
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
}
