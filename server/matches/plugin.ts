import fp from 'fastify-plugin';
import { onIndexChanged } from '../../search/index-events.ts';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import { MatchListWorker } from './list-worker.ts';
import { onMatchListsInvalidated } from './stored-lists.ts';

export interface MatchListsService {
  /** Keeps the stored match lists fresh (tests drain it with drainOnce: test/matching/support.ts `flushMatchLists`). */
  worker: MatchListWorker;
}

declare module 'fastify' {
  interface FastifyInstance {
    matchLists: MatchListsService;
  }
}

/**
 * The stored match lists' worker (stored-lists.ts, list-worker.ts): kicked when lists were invalidated or the
 * vacancies index changed in this process, else polling; started with the other workers (`runWorker`).
 */
export default fp<{ runWorker?: boolean }>(
  async (app, opts) => {
    const worker = new MatchListWorker(app);
    app.decorate('matchLists', { worker } satisfies MatchListsService);
    const stops = [
      onMatchListsInvalidated(() => worker.kick()),
      onIndexChanged((index) => {
        if (index === VACANCY_INDEX) worker.kick();
      }),
    ];
    app.addHook('onReady', async () => {
      if (opts.runWorker !== false) worker.start();
    });
    app.addHook('onClose', async () => {
      for (const stop of stops) stop();
      await worker.stop();
    });
  },
  { name: 'match-lists', dependencies: ['database', 'search'] },
);
