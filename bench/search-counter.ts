/** Two things the search page's tools do to the app's public search: count what it asks Meilisearch, and forget its answers. */
import type { FastifyInstance } from 'fastify';
import { Meilisearch } from 'meilisearch';

/**
 * Counts the public client's multi-search requests and the searches inside them (a multi-search carries several), from
 * now on. The client is wrapped by the search limiter (search/client.ts): the counter replaces the method on the client
 * object and calls the class's own, so the limiter still wraps each call once (its bound wrapper would take a second slot).
 */
export function countPublicSearches(app: FastifyInstance): { requests: number; searches: number } {
  const client = app.searchEngine.public();
  if (!client) throw new Error('Meilisearch is not set up');
  const counted = { requests: 0, searches: 0 };
  client.multiSearch = function (this: Meilisearch, ...args: Parameters<Meilisearch['multiSearch']>) {
    counted.requests += 1;
    counted.searches += args[0].queries.length;
    return Meilisearch.prototype.multiSearch.apply(this, args);
  } as Meilisearch['multiSearch'];
  return counted;
}

/** Drops every cache of the search engine, as an index change does. */
export function dropSearchCaches(app: FastifyInstance): void {
  app.searchEngine.clearCaches();
}
