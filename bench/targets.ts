/**
 * The targets the rows are judged by: issue 13's at the default size, issue 16's from a million vacancies on
 * (where a search costs Meilisearch more and one-document updates take longer). Rows without a target here keep
 * theirs at every size (the hello ratio, transfer sizes, reindex ratio, memory, cold start).
 */
import { VACANCIES } from './setup.ts';

export interface Targets {
  /** The scale these targets are for, named in the bench's output. */
  scale: string;
  /** p99 of the API's and the search page's timed mix at 10 clients. */
  searchP99Ms: number;
  /** Uncached first pass ÷ raw Meilisearch at 10 clients; null where it only informs. */
  firstPassRatio: number | null;
  /** p99 of the match page and the overview at 1 and 10 clients. */
  pageP99Ms: number;
  /** p99 from an update's commit until it is searchable. */
  writeP99Ms: number;
  /** The same at p50 ÷ raw Meilisearch's add-one-document p50; null where it only informs. */
  writeRatio: number | null;
}

export const TARGETS: Targets =
  VACANCIES >= 1_000_000
    ? { scale: 'issue 16 (1M)', searchP99Ms: 100, firstPassRatio: 0.85, pageP99Ms: 250, writeP99Ms: 5_000, writeRatio: 1.2 }
    : { scale: 'issue 13 (100k)', searchP99Ms: 60, firstPassRatio: null, pageP99Ms: 120, writeP99Ms: 2_000, writeRatio: null };
