/**
 * `DATA_DIR=/work/bench-100k npx tsx bench/memory-rebuild.ts`: what the app's memory during a full rebuild consists of
 * (the bench's row "app resident memory during the full reindex"). Sets the bench up (setup.ts), warms the app as the
 * load tests do (the match-list worker, then the API and page search mixes, in child processes), then runs
 * reindexVacancies while sampling process.memoryUsage() every 100 ms, and prints the peak of each part and V8's spaces
 * at the resident peak. One run per lever, each in a fresh process:
 *   MEM_VARIANTS (rebuilds one after another in the same warmed process, e.g. "1000x16,1000x4,500x16": rows a page x
 *   tasks in flight), MEM_BATCH (rows a page of the walk),
 *   MEM_WARM=0 (skip warming), MEM_MATCH_SECONDS (match-list worker at most, default 90),
 *   node flags through NODE_OPTIONS (e.g. --max-semi-space-size=…, --expose-gc for a gc before and after).
 * MEM_MODE=walk reads, maps and serialises the rows without setUp() and without sending anything (read-only, for
 * comparing sizes: DATA_DIR=/work/bench-1m MEM_WALK_ROWS=200000), printing the peaks per 20,000 rows.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { createMeiliClient } from '../search/client.ts';
import { REINDEX_BATCH, reindexVacancies } from '../search/reindex.ts';
import { loadConfig } from '../server/config.ts';
import type { Database } from '../server/db/database.ts';
import { startServices } from '../server/embedded/index.ts';
import { vacancyIndexSource } from '../server/vacancies/index-source.ts';
import { staleMatchListCount } from '../server/matches/queries.ts';
import { vacanciesChanged } from '../server/matches/stored-lists.ts';
import { load } from './load.ts';
import { log, queryMix, setUp, tearDown, type Bench } from './setup.ts';

const MB = 2 ** 20;
const BATCH = Number(process.env.MEM_BATCH ?? REINDEX_BATCH);
/** Rebuilds to run one after another, each "<rows a page>x<tasks in flight>". */
const VARIANTS = (process.env.MEM_VARIANTS ?? `${BATCH}x16`).split(',');
const gc = (globalThis as { gc?: () => void }).gc;

type Parts = { rss: number; rssAnon: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number };
/** Resident memory not backed by a file (the heaps, malloc's arenas), from /proc: the part a rebuild can change. */
const rssAnon = (): number => Number(/RssAnon:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) / 1024;
const parts = (): Parts => {
  const m = process.memoryUsage();
  return {
    rss: m.rss / MB,
    rssAnon: rssAnon(),
    heapUsed: m.heapUsed / MB,
    heapTotal: m.heapTotal / MB,
    external: m.external / MB,
    arrayBuffers: m.arrayBuffers / MB,
  };
};
const show = (p: Parts) =>
  `rss ${p.rss.toFixed(0)} (anonymous ${p.rssAnon.toFixed(0)}), heap used ${p.heapUsed.toFixed(0)} of ${p.heapTotal.toFixed(0)}, ` +
  `external ${p.external.toFixed(0)} (array buffers ${p.arrayBuffers.toFixed(0)}) MB`;
const spaces = () =>
  getHeapSpaceStatistics()
    .map((s) => `${s.space_name.replace('_space', '')} ${(s.space_size / MB).toFixed(0)}/${(s.space_used_size / MB).toFixed(0)}`)
    .join(', ');

/** Peaks of every part while `work` runs, sampled every 100 ms, with V8's spaces (size/used MB) at the resident peak. */
async function sampled<T>(work: () => Promise<T>): Promise<{ value: T; peak: Parts; atRssPeak: Parts; spacesAtPeak: string }> {
  const peak = parts();
  let atRssPeak = parts();
  let spacesAtPeak = spaces();
  const timer = setInterval(() => {
    const now = parts();
    for (const key of Object.keys(peak) as (keyof Parts)[]) peak[key] = Math.max(peak[key], now[key]);
    if (now.rss >= atRssPeak.rss) {
      atRssPeak = now;
      spacesAtPeak = spaces();
    }
  }, 100);
  try {
    return { value: await work(), peak, atRssPeak, spacesAtPeak };
  } finally {
    clearInterval(timer);
  }
}

/** As the bench's rows before the reindex leave the app: stored match lists computed, both search mixes cached. */
async function warm(bench: Bench): Promise<void> {
  const t0 = performance.now();
  await vacanciesChanged(bench.app.db, 'all');
  bench.app.matchLists.worker.start();
  const limit = Number(process.env.MEM_MATCH_SECONDS ?? 90) * 1000;
  while ((await staleMatchListCount(bench.app.db)) > 0 && performance.now() - t0 < limit) await new Promise((r) => setTimeout(r, 250));
  log(
    `warm: match lists ${(await staleMatchListCount(bench.app.db)) > 0 ? 'partly' : 'all'} fresh after ${((performance.now() - t0) / 1000).toFixed(0)} s`,
  );
  const mix = await queryMix(bench.app);
  for (const [name, requests] of [
    ['API', mix.map((m) => ({ path: `/api/v1/vacancies?${m.params}` }))],
    ['page', mix.map((m) => ({ path: `/vacancies?${m.params}`, headers: { accept: 'text/html' } }))],
  ] as const) {
    const result = await load({ origin: bench.origin, requests: [...requests], connections: 4, amount: requests.length });
    log(`warm: ${name} mix ${result.requests} requests, ${result.non2xx} non-2xx`);
  }
  log(
    `warm: caches hold ${bench.app.searchEngine.cache.size} answers, ${bench.app.searchEngine.refinementCache.size} counts, ${bench.app.searchEngine.matchTextCache.size} text answers`,
  );
}

async function reindexRun(): Promise<void> {
  const bench = await setUp();
  try {
    log(`after setUp: ${show(parts())}`);
    if (process.env.MEM_WARM !== '0') await warm(bench);
    log(`before the reindex: ${show(parts())}; spaces ${spaces()}`);
    if (gc) {
      gc();
      log(`before the reindex, after a full gc (live): ${show(parts())}`);
    }
    // Each variant (rows a page x tasks in flight) rebuilds once, in this order, in the same warmed process.
    for (const variant of VARIANTS) {
      const [batchSize, maxInFlight] = variant.split('x').map(Number) as [number, number];
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      const { value, peak, atRssPeak, spacesAtPeak } = await sampled(() =>
        reindexVacancies(bench.app.db, bench.app.searchEngine.admin, bench.app.searchEngine.sources, { batchSize, maxInFlight, log }),
      );
      const used = process.cpuUsage(cpu);
      log(
        `reindex ${variant}: ${value.documents} documents in pages of ${batchSize}, ${maxInFlight} in flight: ${((performance.now() - t0) / 1000).toFixed(0)} s, ` +
          `${((used.user + used.system) / 1e6).toFixed(1)} CPU s`,
      );
      log(`reindex ${variant}: PEAKS ${show(peak)}`);
      log(`reindex ${variant}: AT THE RSS PEAK ${show(atRssPeak)}; spaces (size/used MB) ${spacesAtPeak}`);
      log(`reindex ${variant}: after ${show(parts())}`);
      if (gc) {
        gc();
        log(`reindex ${variant}: after a full gc (live): ${show(parts())}`);
      }
    }
  } finally {
    await tearDown(bench);
  }
}

/**
 * A stand-in for Meilisearch in a child process: reads each request's body and answers with an enqueued task, so the
 * app's side of sending (the meilisearch client, fetch) runs at full speed without an index being built.
 */
async function startSink(): Promise<{ client: ReturnType<typeof createMeiliClient>; child: ChildProcess }> {
  const child = spawn(process.execPath, ['-e', SINK], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => child.stdout!.once('data', (chunk: Buffer) => resolve(Number(chunk.toString()))));
  return { client: createMeiliClient(`http://127.0.0.1:${port}`, 'sink', 60_000), child };
}
const SINK = `require('node:http').createServer((req, res) => { req.on('data', () => {}); req.on('end', () => {
  res.writeHead(202, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ taskUid: 1, indexUid: 'sink', status: 'enqueued', type: 'documentAdditionOrUpdate', enqueuedAt: new Date().toISOString() }));
}); }).setTimeout(0).listen(0, '127.0.0.1', function () { this.keepAliveTimeout = 10 * 60_000; process.stdout.write(String(this.address().port)); });`;

/** Read, map and serialise (as the client does: JSON, then UTF-8 bytes), nothing sent: the app's side of a rebuild. */
async function walkRun(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn', SEED_DEMO: 'false' });
  const services = await startServices(config, { fast: true });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ ...services.database, max: 2 }) }) });
  const limit = Number(process.env.MEM_WALK_ROWS ?? Infinity);
  const sink = process.env.MEM_MODE === 'send' ? await startSink() : undefined;
  try {
    log(`walk: before ${show(parts())}`);
    let rows = 0;
    let bytes = 0;
    let segment = parts();
    const cpu = process.cpuUsage();
    const { peak } = await sampled(async () => {
      const timer = setInterval(() => {
        const now = parts();
        for (const key of Object.keys(segment) as (keyof Parts)[]) segment[key] = Math.max(segment[key], now[key]);
      }, 100);
      try {
        for await (const documents of vacancyIndexSource.pages(db, BATCH)) {
          if (sink) await sink.client.index('sink').addDocuments(documents, { primaryKey: 'id' });
          else bytes += Buffer.from(JSON.stringify(documents)).length;
          const before = rows;
          rows += documents.length;
          if (Math.floor(rows / 20_000) > Math.floor(before / 20_000)) {
            log(`walk: ${rows} rows, ${(bytes / MB).toFixed(0)} MB of JSON; peaks of the last 20,000: ${show(segment)}`);
            segment = parts();
          }
          if (rows >= limit) break;
        }
      } finally {
        clearInterval(timer);
      }
    });
    const used = process.cpuUsage(cpu);
    log(`walk of ${rows} rows in pages of ${BATCH}, ${((used.user + used.system) / 1e6).toFixed(1)} CPU s: PEAKS ${show(peak)}`);
  } finally {
    sink?.child.kill();
    await db.destroy();
    await services.stop();
  }
}

await (process.env.MEM_MODE === 'walk' || process.env.MEM_MODE === 'send' ? walkRun() : reindexRun());
