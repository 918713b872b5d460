/** Meilisearch could not be reached (or search cannot be asked yet); callers fall back to PostgreSQL. */
export class SearchUnavailableError extends Error {}
