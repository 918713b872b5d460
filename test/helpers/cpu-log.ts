import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { testServices } from './services.ts';

/**
 * A setup file (vitest.config.ts adds it only when TEST_CPU_LOG names a file): one JSON line per test file with its
 * wall time and the CPU seconds it cost this worker process, the processes it started and waited for (portals,
 * drills) and the worker's own Meilisearch. CPU seconds, unlike wall time, hardly change with the load of a shared
 * machine, so they say which files to make cheaper (test/README.md, "Speed"); the start and end times and the worker's
 * process id line the files up into the run's timeline. PostgreSQL is left out: its backends
 * serve both workers and cannot be told apart per file.
 */
const TICKS_PER_SECOND = 100; // USER_HZ: the unit of /proc/<pid>/stat's times on Linux

/** utime + stime (and, for `self`, cutime + cstime: children that exited and were waited for), in seconds. */
function cpuOf(pid: number | 'self', withChildren = false): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const ticks = [11, 12, ...(withChildren ? [13, 14] : [])].reduce((sum, i) => sum + Number(fields[i]), 0);
    return ticks / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** The Meilisearch process listening at the worker's address (its MEILI_HTTP_ADDR), found once. */
let meiliPid: number | undefined;
function workerMeili(): number | undefined {
  if (meiliPid !== undefined) return meiliPid;
  const address = `MEILI_HTTP_ADDR=${new URL(testServices().meiliUrl).host}`;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0').includes(address)) return (meiliPid = Number(entry));
    } catch {
      // gone, or not ours
    }
  }
  return undefined;
}

let start = { at: 0, wall: 0, worker: 0, meili: 0 };

beforeAll(() => {
  const meili = workerMeili();
  start = { at: Date.now(), wall: performance.now(), worker: cpuOf('self', true), meili: meili === undefined ? 0 : cpuOf(meili) };
});

// eslint-disable-next-line no-empty-pattern -- vitest reads the pattern for fixtures; the file is the 2nd argument
afterAll(({}, suite) => {
  const meili = workerMeili();
  const line = {
    file: path.relative(process.cwd(), suite.file.filepath),
    // When and in which worker process: lined up, the lines are the run's timeline (which file ran beside which,
    // and where a worker sat idle between files or at the end).
    pid: process.pid,
    startedAt: start.at,
    endedAt: Date.now(),
    wallS: (performance.now() - start.wall) / 1000,
    workerCpuS: cpuOf('self', true) - start.worker,
    meiliCpuS: meili === undefined ? null : cpuOf(meili) - start.meili,
  };
  appendFileSync(process.env.TEST_CPU_LOG!, `${JSON.stringify(line)}\n`);
});
