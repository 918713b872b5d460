/**
 * New matches (issue 13): what finding them costs per published vacancy (the worker's
 * `detectNewMatches`: the private mentees index per project, the profiles from PostgreSQL,
 * classify) and what the daily digest costs for the demo mentor's mentees. The bench's data is
 * put back afterwards: the sampled vacancies keep their publication time, the rows made here go.
 */
import { sql } from 'kysely';
import { todayInBerlin } from '../../server/time/berlin.ts';
import { detectNewMatches } from '../../server/new-matches/detect.ts';
import { sendNewMatchDigests } from '../../server/new-matches/digest.ts';
import { Random } from '../../server/seed/random.ts';
import { percentile, row, type Row } from '../report.ts';
import type { Bench } from '../setup.ts';

const SAMPLE = 100;
/** New matches per mentee in the digest's world: a busy week. */
const PER_MENTEE = 3;

export async function measureNewMatches(bench: Bench): Promise<Row[]> {
  const { app } = bench;
  const db = app.db;
  const r = new Random(1313);
  const candidates = await db
    .selectFrom('vacancies as v')
    .innerJoin('employers as e', 'e.id', 'v.employer_id')
    .select(['v.id', 'v.published_at'])
    .where('v.status', '=', 'published')
    .where('e.status', '=', 'approved')
    .where((eb) => eb.or([eb('v.expires_at', 'is', null), eb('v.expires_at', '>=', todayInBerlin())]))
    .orderBy('v.id')
    .limit(20_000)
    .execute();
  const sample = Array.from({ length: SAMPLE }, () => r.pick(candidates));
  const ids = [...new Set(sample.map((v) => v.id))];
  const cleanUp = () => db.deleteFrom('mentee_new_matches').where('mentee_id', 'in', bench.menteeIds).execute();
  await cleanUp();

  // Published now, after every mentee's profile: each one is news to every mentee it matches.
  bench.log(`new matches: detection for ${ids.length} vacancies against ${bench.menteeIds.length} mentees`);
  const samples: number[] = [];
  let found = 0;
  try {
    await db
      .updateTable('vacancies')
      .set({ published_at: sql`now()` })
      .where('id', 'in', ids)
      .execute();
    for (const id of ids) {
      const t0 = performance.now();
      found += await detectNewMatches(db, (projectId) => app.searchEngine.menteeSearch(projectId), [id]);
      samples.push(performance.now() - t0);
    }
  } finally {
    for (const v of sample) await db.updateTable('vacancies').set({ published_at: v.published_at }).where('id', '=', v.id).execute();
  }
  await cleanUp();

  // The digest: PER_MENTEE new matches for each of the demo mentor's mentees, one mail.
  const rows = bench.menteeIds.flatMap((menteeId) =>
    Array.from({ length: PER_MENTEE }, () => ({ mentee_id: menteeId, vacancy_id: r.pick(candidates).id })),
  );
  for (let i = 0; i < rows.length; i += 5_000)
    await db
      .insertInto('mentee_new_matches')
      .values(rows.slice(i, i + 5_000))
      .onConflict((oc) => oc.doNothing())
      .execute();
  bench.log(`new matches: digest of ${rows.length} new matches`);
  const t0 = performance.now();
  const mails = await sendNewMatchDigests(app, todayInBerlin(), bench.origin);
  const digestMs = performance.now() - t0;
  await cleanUp();

  return [
    row(`new-match detection per published vacancy (${bench.menteeIds.length} mentees, one project)`, {
      p50Ms: percentile(samples, 50),
      p99Ms: percentile(samples, 99),
      reqPerSec: 1000 / (samples.reduce((a, b) => a + b, 0) / samples.length),
      note: `${samples.length} vacancies, ${found} new pairs; runs in the worker, off the request path (req/s: vacancies matched per second)`,
    }),
    row(`new-match digest (${rows.length} new matches of ${bench.menteeIds.length} mentees)`, {
      p50Ms: digestMs,
      note: `${mails} e-mail(s) enqueued and the matches marked digested, one transaction; runs once a day`,
    }),
  ];
}
