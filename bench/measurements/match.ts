/** The mentor's match page and a mentee's overview page, for random mentees of the mentor's 2,000, logged in. */
import { TARGETS } from '../targets.ts';
import { Random } from '../../server/seed/random.ts';
import { load } from '../load.ts';
import { staleMatchListCount } from '../../server/matches/queries.ts';
import { vacanciesChanged } from '../../server/matches/stored-lists.ts';
import { loadRow, row, type Row } from '../report.ts';
import type { Bench } from '../setup.ts';

export async function measureMatches(bench: Bench): Promise<Row[]> {
  const headers = { cookie: bench.mentor.cookie, accept: 'text/html' };
  const rows: Row[] = [];
  // The lists are computed off the request path (server/matches/list-worker.ts) and the pages read them from
  // PostgreSQL: every list is made stale, as a rebuild of the index does, and the pages are measured once the
  // worker made them all fresh again; how long that took informs.
  bench.log('match lists: invalidating all, waiting until the worker made them fresh');
  const t0 = performance.now();
  await vacanciesChanged(bench.app.db, 'all');
  bench.app.matchLists.worker.start();
  for (let waited = 0; (await staleMatchListCount(bench.app.db)) > 0; waited += 250) {
    if (waited > 30 * 60_000) throw new Error('the match lists were not fresh within 30 minutes');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const fillMs = performance.now() - t0;
  rows.push(
    row(`match lists: all ${bench.menteeIds.length} made fresh by the worker`, {
      p50Ms: fillMs,
      note: `${(fillMs / Math.max(1, bench.menteeIds.length)).toFixed(1)} ms per list, one at a time`,
    }),
  );
  const pages = [
    { name: 'mentor match page', path: (id: string) => `/mentor/mentees/${id}/matches`, seed: 11 },
    // The overview shows the first matches too (server/mentees/overview.ts), from the same match list.
    { name: 'mentee overview page', path: (id: string) => `/mentor/mentees/${id}`, seed: 21 },
  ];
  for (const page of pages) {
    for (const clients of [1, 10]) {
      // Each run draws its own mentees from all 2,000 (every list is stored by now, so the draw only spreads the
      // reads over the table as a mentor's day does).
      const r = new Random(page.seed + clients);
      const requests = Array.from({ length: 1_000 }, () => ({ path: page.path(r.pick(bench.menteeIds)) }));
      bench.log(`${page.name}: ${clients} client(s)`);
      const result = await load({ origin: bench.origin, requests, connections: clients, headers });
      rows.push(
        loadRow(`${page.name}, random mentees, ${clients} client${clients > 1 ? 's' : ''}`, result, {
          target: `p99 ≤ ${TARGETS.pageP99Ms} ms`,
          met: result.p99Ms <= TARGETS.pageP99Ms,
        }),
      );
    }
  }
  return rows;
}
