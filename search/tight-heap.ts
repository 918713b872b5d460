import { setFlagsFromString } from 'node:v8';

/**
 * V8's `--heap-growing-percent` while a rebuild runs: collect the old generation when the heap has grown by half
 * since the last full collection, not by up to fourfold. A rebuild's pages are garbage a moment after they are
 * sent but live across awaits, so they outlive the young generation and the heap climbs page after page: reading,
 * mapping and sending 85,063 vacancies added 183 MB to the process without the flag and 55 MB with it (search/README.md,
 * "Memory").
 */
const REBUILD_GROWING_PERCENT = 50;

/** Rebuilds running in this process now: the flag stays set until the last one ends. */
let running = 0;

/**
 * Runs `work` (a rebuild that walks a whole table) with the heap kept tight, and gives V8 back its own growth after.
 * The serving process needs that growth: with the flag set for its whole life, the match page's garbage started
 * full collections during page loads, and its p99 at ten clients and 100,000 vacancies was 147 ms with the flag
 * and 57 without (one idle pair of `BENCH_ONLY=matches`, 7 December; bench/README.md). V8 reads the flag at each
 * collection, so setting it at run time takes effect as on the command line: a rebuild-like allocation loop peaked
 * at 343-360 MB resident either way and at 698-746 MB without it (Node 20 and 22; on Node 24 515-519 MB both ways).
 * At a million vacancies the app peaked at 312 MB during the reindex (509 MB with the flag for the whole process).
 */
export async function withTightHeap<T>(work: () => Promise<T>): Promise<T> {
  running += 1;
  if (running === 1) setFlagsFromString(`--heap-growing-percent=${REBUILD_GROWING_PERCENT}`);
  try {
    return await work();
  } finally {
    running -= 1;
    // 0 is V8's default: no fixed percentage, growth chosen from the measured GC and allocation speeds.
    if (running === 0) setFlagsFromString('--heap-growing-percent=0');
  }
}
