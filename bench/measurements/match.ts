/** The mentor's match page for random mentees of the mentor's 2,000, logged in. */
import { Random } from '../../server/seed/random.ts';
import { load } from '../load.ts';
import { loadRow, type Row } from '../report.ts';
import type { Bench } from '../setup.ts';

export async function measureMatches(bench: Bench): Promise<Row[]> {
  const headers = { cookie: bench.mentor.cookie, accept: 'text/html' };
  const rows: Row[] = [];
  for (const clients of [1, 10]) {
    // Each run draws its own mentees, so a run is not served from the match lists the one before cached;
    // within a run a mentee comes back about as often as random visits to 2,000 mentees make it.
    const r = new Random(11 + clients);
    const requests = Array.from({ length: 1_000 }, () => ({ path: `/mentor/mentees/${r.pick(bench.menteeIds)}/matches` }));
    bench.log(`match page: ${clients} client(s)`);
    const result = await load({ origin: bench.origin, requests, connections: clients, headers });
    rows.push(
      loadRow(`mentor match page, random mentees, ${clients} client${clients > 1 ? 's' : ''}`, result, {
        target: 'p99 ≤ 120 ms',
        met: result.p99Ms <= 120,
      }),
    );
  }
  return rows;
}
