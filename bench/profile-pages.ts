/**
 * The app's own CPU per page of the mentor's match page and a mentee's overview (issue 13): on two cores with one
 * app thread, ten clients queue behind each other, so p99 at 10 clients ≈ 10 × this CPU. `DATA_DIR=… npx tsx
 * bench/profile-pages.ts` on the bench's data (a copy of it: the script stores match lists). CPU seconds
 * (process.cpuUsage, the whole process: hooks, SQL client, JSON, Handlebars, compression) are robust to a
 * loaded machine where wall-clock times are not. Every page is requested once first, so its list is stored and
 * fresh (the measured requests read PostgreSQL only), then PROFILE_ROUNDS times over the sample in turn.
 * Not part of npm run bench; a tool for finding what to cut.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import pg from 'pg';
import { Session } from 'node:inspector/promises';
import { Random } from '../server/seed/random.ts';
import { load } from './load.ts';
import { setUp, tearDown } from './setup.ts';

/**
 * CPU seconds of this DATA_DIR's PostgreSQL (the postmaster whose command line names its data folder, and its
 * backends): on the same two cores, what the database spends per page queues the app as much as the app's own.
 */
function postgresCpuMs(dataDir: string): number {
  const stat = (pid: string) => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /, '')
      .split(' ');
    return { ppid: fields[1]!, cpu: Number(fields[11]) + Number(fields[12]) };
  };
  const pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  const postmasters = new Set<string>();
  for (const pid of pids) {
    try {
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (args.startsWith('/') && args.includes('postgres') && args.includes(dataDir)) postmasters.add(pid);
    } catch {
      // The process ended meanwhile.
    }
  }
  let ticks = 0;
  for (const pid of pids) {
    try {
      const s = stat(pid);
      if (postmasters.has(pid) || postmasters.has(s.ppid)) ticks += s.cpu;
    } catch {
      // The process ended meanwhile.
    }
  }
  return ticks * 10; // USER_HZ is 100 on Linux
}

/** Queries sent through node-postgres (the app's pool and Kysely on it), counted to give queries per page. */
let queryCount = 0;
/** PROFILE_QUERIES=1: print each query of one request of each page (and write its text and values to /tmp/queries-<page>.json, for EXPLAIN), and each kind's time from send to answer over the measured 1-client run. */
let showQueries = false;
const shown: { text: string; values: unknown }[] = [];
const queryTimes = new Map<string, { ms: number; n: number }>();
const query = pg.Client.prototype.query as (...a: unknown[]) => unknown;
const timeQueries = Boolean(process.env.PROFILE_QUERIES);
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  queryCount += 1;
  // Only counted unless asked for more: the text's clean-up below would be CPU of its own in the measured requests.
  if (!timeQueries) return query.apply(this, args);
  const text = String(typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string }).text).replace(/\s+/g, ' ');
  if (showQueries) {
    console.log(`  query: ${text.slice(0, 160)}`);
    shown.push({ text, values: typeof args[0] === 'string' ? args[1] : (args[0] as { values?: unknown }).values });
  }
  const result = query.apply(this, args);
  if (result instanceof Promise) {
    const started = performance.now();
    void result.finally(() => {
      const kind = text.slice(0, 90);
      const t = queryTimes.get(kind) ?? { ms: 0, n: 0 };
      queryTimes.set(kind, { ms: t.ms + performance.now() - started, n: t.n + 1 });
    });
  }
  return result;
} as typeof pg.Client.prototype.query;

const SAMPLE = Number(process.env.PROFILE_SAMPLE ?? 60);
const ROUNDS = Number(process.env.PROFILE_ROUNDS ?? 3);
const bench = await setUp();
const { app } = bench;
try {
  const r = new Random(99);
  const ids = [...new Set(Array.from({ length: SAMPLE }, () => r.pick(bench.menteeIds)))];
  const get = async (url: string, headers: Record<string, string>) => {
    const response = await app.inject({ method: 'GET', url, headers: { cookie: bench.mentor.cookie, ...headers } });
    if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode}`);
    return response.rawPayload.length;
  };
  const pages = {
    match: (id: string) => `/mentor/mentees/${id}/matches`,
    overview: (id: string) => `/mentor/mentees/${id}`,
  };
  bench.log(`warming ${ids.length} mentees' lists`);
  // A cold Meilisearch (its index just mapped from disk) may time out a first text query: the page says "try again".
  for (const id of ids) {
    for (let attempt = 1; ; attempt += 1) {
      const response = await app.inject({ url: pages.match(id), headers: { cookie: bench.mentor.cookie, accept: 'text/html' } });
      if (response.statusCode === 200) break;
      if (attempt === 5) throw new Error(`${pages.match(id)}: ${response.statusCode}`);
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }

  const list = await app.db
    .selectFrom('match_list_cards')
    .select((eb) => [
      eb.fn.sum<string>(eb.fn('pg_column_size', ['card'])).as('stored'),
      eb.fn.sum<string>(eb.fn('length', [eb.cast('card', 'text')])).as('text'),
    ])
    .where('mentee_id', 'in', ids)
    .executeTakeFirstOrThrow();
  console.log(
    `\nstored list per mentee: ${(Number(list.text) / ids.length / 1024).toFixed(1)} KiB of JSON, ${(Number(list.stored) / ids.length / 1024).toFixed(1)} KiB on disk`,
  );

  const variants: [string, (id: string) => string, Record<string, string>][] = [
    ['match page HTML', pages.match, { accept: 'text/html' }],
    ['match page HTML, br', pages.match, { accept: 'text/html', 'accept-encoding': 'br' }],
    ['match page HTML, gzip', pages.match, { accept: 'text/html', 'accept-encoding': 'gzip' }],
    ['match page JSON', pages.match, { accept: 'application/json' }],
    ['overview HTML', pages.overview, { accept: 'text/html' }],
    ['overview HTML, br', pages.overview, { accept: 'text/html', 'accept-encoding': 'br' }],
  ];
  console.log(`\n${ids.length} mentees × ${ROUNDS} rounds over HTTP (autocannon in a child process: its CPU is not counted)`);
  console.log(
    `${'page'.padEnd(26)} ${'CPU ms/page'.padStart(12)} ${'PG ms/page'.padStart(11)} ${'queries'.padStart(8)} ${'bytes/page'.padStart(11)} ${'1 client p99'.padStart(13)} ${'10 clients p50/p99'.padStart(19)}`,
  );
  // PROFILE_ONLY="match page HTML,overview HTML": only these rows.
  const only = process.env.PROFILE_ONLY?.split(',');
  for (const [label, path, headers] of variants.filter(([label]) => !only || only.includes(label))) {
    const requests = Array.from({ length: ROUNDS }, () => ids.map((id) => ({ path: path(id) }))).flat();
    let bytes = 0;
    if (process.env.PROFILE_QUERIES) {
      console.log(`${label}: the queries of one request`);
      showQueries = true;
      await get(path(ids[0]!), headers);
      showQueries = false;
      writeFileSync(`/tmp/queries-${label.replace(/\W+/g, '-')}.json`, JSON.stringify(shown.splice(0)));
    }
    for (const id of ids) bytes += await get(path(id), headers);
    // SAVE_HTML=<folder>: each sampled page's answer as this tree renders it, to diff against another tree's (the CSRF
    // token differs per request; the rest must not).
    if (process.env.SAVE_HTML) {
      mkdirSync(process.env.SAVE_HTML, { recursive: true });
      for (const id of ids) {
        const response = await app.inject({ method: 'GET', url: path(id), headers: { cookie: bench.mentor.cookie, ...headers } });
        writeFileSync(
          `${process.env.SAVE_HTML}/${label.replace(/\W+/g, '-')}-${id}.html`,
          response.body.replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf" value=""'),
        );
      }
    }
    // PROFILE_CPU=<file>: a V8 CPU profile of the measured requests only (open it in Chrome's DevTools).
    const session = process.env.PROFILE_CPU ? new Session() : undefined;
    if (session) {
      session.connect();
      await session.post('Profiler.enable');
      await session.post('Profiler.start');
    }
    // PROFILE_HEAP=<file>: a sampling heap profile of the measured requests (what was allocated, by stack; summed, the
    // allocation per page: every object sampled at 32 KB intervals and kept, including the ones GC collected since).
    const heap = process.env.PROFILE_HEAP ? new Session() : undefined;
    if (heap) {
      heap.connect();
      await heap.post('HeapProfiler.enable');
      await heap.post('HeapProfiler.startSampling', {
        samplingInterval: 32 * 1024,
        includeObjectsCollectedByMajorGC: true,
        // PROFILE_HEAP_SURVIVORS=1: only what outlived a scavenge (what makes scavenges slow and the old generation grow).
        includeObjectsCollectedByMinorGC: !process.env.PROFILE_HEAP_SURVIVORS,
      });
    }
    const all = { cookie: bench.mentor.cookie, ...headers };
    queryTimes.clear();
    const pg0 = postgresCpuMs(bench.config.dataDir);
    const queries0 = queryCount;
    const cpu0 = process.cpuUsage();
    const one = await load({ origin: bench.origin, requests, connections: 1, amount: requests.length, headers: all });
    const cpu = process.cpuUsage(cpu0);
    const pgMs = postgresCpuMs(bench.config.dataDir) - pg0;
    const queries = queryCount - queries0;
    if (process.env.PROFILE_QUERIES) {
      for (const [kind, t] of [...queryTimes].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) {
        console.log(`  ${(t.ms / t.n).toFixed(2).padStart(7)} ms × ${String(t.n).padStart(4)}  ${kind}`);
      }
    }
    if (session) {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(`${process.env.PROFILE_CPU}.${label.replace(/\W+/g, '-')}.cpuprofile`, JSON.stringify(profile));
      session.disconnect();
    }
    let allocated = Number.NaN;
    if (heap) {
      const { profile } = await heap.post('HeapProfiler.stopSampling');
      const sum = (node: typeof profile.head): number => node.selfSize + node.children.reduce((total, child) => total + sum(child), 0);
      allocated = sum(profile.head);
      writeFileSync(`${process.env.PROFILE_HEAP}.${label.replace(/\W+/g, '-')}.heapprofile`, JSON.stringify(profile));
      heap.disconnect();
    }
    if (one.non2xx > 0 || one.errors > 0) throw new Error(`${label}: ${one.non2xx} answers not 2xx, ${one.errors} errors`);
    // PROFILE_TEN=0 leaves out the 10-client run (its latencies mean little on a loaded machine; the CPU is the measure).
    const ten =
      process.env.PROFILE_TEN === '0'
        ? { p50Ms: Number.NaN, p99Ms: Number.NaN }
        : await load({ origin: bench.origin, requests, connections: 10, amount: requests.length, headers: all });
    console.log(
      `${label.padEnd(26)} ${((cpu.user + cpu.system) / 1000 / one.requests).toFixed(2).padStart(12)} ${(pgMs / one.requests).toFixed(2).padStart(11)} ${(queries / one.requests).toFixed(1).padStart(8)} ${Math.round(
        bytes / ids.length,
      )
        .toString()
        .padStart(11)} ${one.p99Ms.toFixed(1).padStart(13)} ${`${ten.p50Ms.toFixed(1)}/${ten.p99Ms.toFixed(1)}`.padStart(19)}${
        heap ? ` ${(allocated / one.requests / 1024).toFixed(0)} KB allocated/page` : ''
      } (system ${(cpu.system / 1000 / one.requests).toFixed(2)} of the CPU ms)`,
    );
  }
} finally {
  await tearDown(bench);
}
