/**
 * npm run bench: every measurement of the performance issue in one run, in the
 * bench's own embedded services (DATA_DIR, default .data/bench). Prints one
 * table and writes the same rows to bench/results/latest.json. See bench/README.md.
 */
import { cpus } from 'node:os';
import { BENCH_SECONDS } from './load.ts';
import { measureColdStart } from './measurements/cold-start.ts';
import { measureHello } from './measurements/hello.ts';
import { measureMatches } from './measurements/match.ts';
import { measureNewMatches } from './measurements/new-matches.ts';
import { measureReindex } from './measurements/reindex.ts';
import { measureSearch } from './measurements/search.ts';
import { measureTransfer } from './measurements/transfer.ts';
import { measureWriteToSearchable } from './measurements/write.ts';
import { TARGETS } from './targets.ts';
import { printTable, writeJson, type Row } from './report.ts';
import { log, setUp, tearDown } from './setup.ts';

/**
 * BENCH_ONLY=hello,search,matches runs only these groups of rows (hello, search, transfer, matches, new-matches,
 * writes: the reindex and write-to-searchable rows, cold-start), to look at a few rows again
 * after a change; a whole run is what the issues' tables report.
 */
const only = process.env.BENCH_ONLY?.split(',').map((group) => group.trim());
const runs = (group: string) => !only || only.includes(group);

const started = Date.now();
const bench = await setUp();
const rows: Row[] = [];
try {
  if (runs('hello')) rows.push(...(await measureHello(bench)));
  if (runs('search')) rows.push(...(await measureSearch(bench)));
  if (runs('transfer')) rows.push(...(await measureTransfer(bench)));
  if (runs('matches')) rows.push(...(await measureMatches(bench)));
  if (runs('new-matches')) rows.push(...(await measureNewMatches(bench)));
  if (runs('writes')) {
    const reindex = await measureReindex(bench);
    rows.push(...(await measureWriteToSearchable(bench)));
    rows.push(...reindex);
  }
} finally {
  await tearDown(bench);
}
if (runs('cold-start')) rows.push(...(await measureColdStart(bench)));

printTable(
  rows,
  `${bench.indexed} vacancies indexed, ${bench.menteeIds.length} mentees; ${cpus().length} CPUs; ${BENCH_SECONDS} s per load test; ` +
    (only ? `only ${only.join(', ')}; ` : '') +
    `targets of ${TARGETS.scale}; ` +
    `whole run ${((Date.now() - started) / 1000).toFixed(0)} s. Single-run durations are in the p50 column.`,
);
log(`wrote ${writeJson(rows)}`);
const unmet = rows.filter((r) => r.met === false);
if (unmet.length > 0) log(`targets not met: ${unmet.map((r) => r.name).join('; ')}`);
