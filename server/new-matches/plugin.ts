import fp from 'fastify-plugin';
import { onIndexChanged } from '../../search/index-events.ts';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import { NEW_MATCH_DIGEST_HOUR, NEW_MATCH_DIGEST_JOB, sendNewMatchDigests } from './digest.ts';
import { NewMatchWorker } from './worker.ts';

export interface NewMatchesService {
  /** Matches queued vacancies against the mentees (tests drain it with drainOnce). */
  worker: NewMatchWorker;
}

declare module 'fastify' {
  interface FastifyInstance {
    newMatches: NewMatchesService;
  }
}

/**
 * New matches find the mentor (issue 13): the worker that finds, per written vacancy, the
 * mentees it newly matches, and the daily e-mail of them. The marks on the mentor's pages
 * read `queries.ts` directly.
 */
export default fp<{ runWorker?: boolean }>(
  async (app, opts) => {
    const worker = new NewMatchWorker(
      app.db,
      (projectId) => app.searchEngine.menteeSearch(projectId),
      app.log.child({ component: 'new-matches' }),
    );
    app.decorate('newMatches', { worker } satisfies NewMatchesService);

    // A vacancy pushed to the index by this process was queued in the same transaction: look at once
    // (other instances' writes are found by the worker's poll).
    const stopListening = onIndexChanged((index) => {
      if (index === VACANCY_INDEX) worker.kick();
    });

    // The digest's links start with the same address as every other link the portal hands out.
    app.jobs.register(NEW_MATCH_DIGEST_JOB, NEW_MATCH_DIGEST_HOUR, async (day) => {
      await sendNewMatchDigests(app, day, app.publicUrl);
    });

    app.addHook('onReady', async () => {
      if (opts.runWorker !== false) worker.start();
    });
    app.addHook('onClose', async () => {
      stopListening();
      await worker.stop();
    });
  },
  { name: 'new-matches', dependencies: ['database', 'search', 'mail', 'jobs'] },
);
