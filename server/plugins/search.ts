import fp from 'fastify-plugin';
import { SearchEngine } from '../../search/engine.ts';
import { indexSources } from '../indexing/sources.ts';
import { listPlaceCoordinates } from '../places/queries.ts';
import { visibleVacancies } from '../vacancies/visibility.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Meilisearch and its PostgreSQL fallback (search/engine.ts). */
    searchEngine: SearchEngine;
  }
}

export interface SearchOptions {
  url: string;
  masterKey: string;
  healthIntervalMs?: number;
  /** How often to look whether another instance changed the vacancies index (cache invalidation). */
  cacheCheckMs?: number;
  runWorker?: boolean;
  /** How long the start waits for search to be set up before going on degraded (default 5 s). */
  startWaitMs?: number;
  /** Searches of the match page and the public search at Meilisearch at once (default 4). */
  searchConcurrency?: number;
  /** How long a search waits for a slot before the portal answers "try again" (default 10 s). */
  searchQueueMs?: number;
}

/**
 * Wires the search engine into the app: the features' index sources and visibility rule, the
 * gazetteer, and its life cycle (set up at registration, the outbox worker from onReady, stopped
 * at close).
 */
export default fp<SearchOptions>(
  async (app, opts) => {
    const engine = new SearchEngine({
      db: app.db,
      log: app.log,
      url: opts.url,
      masterKey: opts.masterKey,
      sources: indexSources(),
      visibleVacancies,
      loadGazetteer: () => listPlaceCoordinates(app.db),
      healthIntervalMs: opts.healthIntervalMs,
      cacheCheckMs: opts.cacheCheckMs,
      startWaitMs: opts.startWaitMs,
      searchConcurrency: opts.searchConcurrency,
      searchQueueMs: opts.searchQueueMs,
    });
    app.addHook('onClose', () => engine.stop());
    await engine.start();
    app.decorate('searchEngine', engine);
    app.addHook('onReady', async () => {
      if (opts.runWorker !== false) engine.worker.start();
    });
  },
  { name: 'search', dependencies: ['database'] },
);
