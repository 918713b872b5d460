/**
 * Where a match page's time goes (issue 13): `npx tsx bench/profile-match.ts` on the bench's data
 * (DATA_DIR as for npm run bench). For a sample of mentees, uncached: the Meilisearch requests per
 * page (queries, Meilisearch's own processing time, answer size, whether the text tier ran), the
 * PostgreSQL queries per page, and the page's time with and without the match list cached.
 * Not part of npm run bench; a tool for finding what to cut.
 */
import { writeFileSync } from 'node:fs';
import pg from 'pg';
import { matchVacancies } from '../search/matching.ts';
import { occupationLookup } from '../server/matches/service.ts';
import { findProjectMentee } from '../server/mentees/queries.ts';
import { Random } from '../server/seed/random.ts';
import { todayInBerlin } from '../server/time/berlin.ts';
import { percentile } from './report.ts';
import { setUp, tearDown } from './setup.ts';

const SAMPLE = Number(process.env.PROFILE_SAMPLE ?? 60);
const bench = await setUp();
const { app } = bench;
try {
  const r = new Random(99);
  const ids = Array.from({ length: SAMPLE }, () => r.pick(bench.menteeIds));
  const client = app.searchEngine.mentor()!;
  const calls: { ms: number; queries: number; meiliMs: number; bytes: number; hits: number }[] = [];
  const original = client.multiSearch.bind(client);
  (client as { multiSearch: unknown }).multiSearch = async (body: { queries: unknown[] }) => {
    const t0 = performance.now();
    const answer = (await original(body as never)) as { results: { processingTimeMs: number; hits: unknown[] }[] };
    calls.push({
      ms: performance.now() - t0,
      queries: body.queries.length,
      meiliMs: answer.results.reduce((s, x) => s + x.processingTimeMs, 0),
      bytes: JSON.stringify(answer).length,
      hits: answer.results.reduce((s, x) => s + x.hits.length, 0),
    });
    return answer;
  };

  // 1. matchVacancies alone, uncached, one at a time.
  const occupations = await occupationLookup(app);
  const today = todayInBerlin();
  const lists: Record<string, unknown> = {};
  const perPage: { ms: number; requests: number; queries: number; meiliMs: number; bytes: number; hits: number }[] = [];
  for (const id of ids) {
    const mentee = (await findProjectMentee(app.db, bench.mentor.projectId, id))!;
    calls.length = 0;
    const t0 = performance.now();
    lists[id] = await matchVacancies(client, mentee, occupations, today);
    const ms = performance.now() - t0;
    const sum = (k: 'queries' | 'meiliMs' | 'bytes' | 'hits') => calls.reduce((s, c) => s + c[k], 0);
    perPage.push({ ms, requests: calls.length, queries: sum('queries'), meiliMs: sum('meiliMs'), bytes: sum('bytes'), hits: sum('hits') });
  }
  const stat = (label: string, values: number[]) =>
    console.log(
      `${label.padEnd(44)} mean ${(values.reduce((a, b) => a + b, 0) / values.length).toFixed(1).padStart(8)}  p50 ${percentile(values, 50).toFixed(1).padStart(8)}  p99 ${percentile(values, 99).toFixed(1).padStart(8)}`,
    );
  console.log(`\nmatchVacancies, ${SAMPLE} mentees, uncached, 1 at a time`);
  stat(
    'wall ms',
    perPage.map((p) => p.ms),
  );
  stat(
    'multi-search requests per page',
    perPage.map((p) => p.requests),
  );
  stat(
    'queries per page',
    perPage.map((p) => p.queries),
  );
  stat(
    'Meilisearch processingTimeMs per page (sum)',
    perPage.map((p) => p.meiliMs),
  );
  stat(
    'answer bytes per page',
    perPage.map((p) => p.bytes),
  );
  stat(
    'hits per page',
    perPage.map((p) => p.hits),
  );
  // Same lists before and after a change: compare two runs' files (PROFILE_SNAPSHOT=path).
  if (process.env.PROFILE_SNAPSHOT) writeFileSync(process.env.PROFILE_SNAPSHOT, JSON.stringify(lists, null, 1));
  console.log(`pages that ran the text tier: ${perPage.filter((p) => p.requests > 1).length} of ${perPage.length}`);

  // 2. The page over HTTP: PostgreSQL queries counted, match list uncached, then cached.
  let pgQueries = 0;
  let pgMs = 0;
  const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    pgQueries += 1;
    const t0 = performance.now();
    const result = query.apply(this, args);
    if (result instanceof Promise) void result.finally(() => (pgMs += performance.now() - t0)).catch(() => undefined);
    return result;
  } as never;
  const get = async (path: string, accept = 'text/html') => {
    const t0 = performance.now();
    const response = await fetch(`${bench.origin}${path}`, { headers: { cookie: bench.mentor.cookie, accept } });
    const body = await response.text();
    if (!response.ok) throw new Error(`${path}: ${response.status}`);
    return { ms: performance.now() - t0, bytes: body.length };
  };
  for (const [label, path, accept, cached] of [
    ['match page HTML, list uncached', (id: string) => `/mentor/mentees/${id}/matches`, 'text/html', false],
    ['match page HTML, list cached', (id: string) => `/mentor/mentees/${id}/matches`, 'text/html', true],
    ['match JSON, list cached', (id: string) => `/mentor/mentees/${id}/matches`, 'application/json', true],
    ['overview page /mentor/mentees/:id', (id: string) => `/mentor/mentees/${id}`, 'text/html', true],
  ] as const) {
    const times: number[] = [];
    const queries: number[] = [];
    const pgTimes: number[] = [];
    let bytes = 0;
    for (const id of ids.slice(0, 60)) {
      if (!cached) await app.db.deleteFrom('mentee_match_lists').where('mentee_id', '=', id).execute();
      else await get(path(id), accept);
      pgQueries = 0;
      pgMs = 0;
      const t = await get(path(id), accept);
      times.push(t.ms);
      queries.push(pgQueries);
      pgTimes.push(pgMs);
      bytes += t.bytes;
    }
    console.log(`\n${label} (${(bytes / Math.min(ids.length, 60) / 1024).toFixed(0)} KiB per page)`);
    stat('wall ms', times);
    stat('PostgreSQL queries', queries);
    stat('PostgreSQL ms (sum of query round trips)', pgTimes);
  }
} finally {
  await tearDown(bench);
}
