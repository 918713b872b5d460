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
import { printTable, writeJson, type Row } from './report.ts';
import { log, setUp, tearDown } from './setup.ts';

const started = Date.now();
const bench = await setUp();
const rows: Row[] = [];
try {
  rows.push(...(await measureHello(bench)));
  rows.push(...(await measureSearch(bench)));
  rows.push(...(await measureTransfer(bench)));
  rows.push(...(await measureMatches(bench)));
  rows.push(...(await measureNewMatches(bench)));
  const reindex = await measureReindex(bench);
  rows.push(...(await measureWriteToSearchable(bench, reindex.rawWriteSamples)));
  rows.push(...reindex.rows);
} finally {
  await tearDown(bench);
}
rows.push(...(await measureColdStart(bench)));

printTable(
  rows,
  `${bench.indexed} vacancies indexed, ${bench.menteeIds.length} mentees; ${cpus().length} CPUs; ${BENCH_SECONDS} s per load test; ` +
    `whole run ${((Date.now() - started) / 1000).toFixed(0)} s. Single-run durations are in the p50 column.`,
);
log(`wrote ${writeJson(rows)}`);
const unmet = rows.filter((r) => r.met === false);
if (unmet.length > 0) log(`targets not met: ${unmet.map((r) => r.name).join('; ')}`);
