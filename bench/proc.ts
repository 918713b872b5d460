/** What the bench's tools read of a process from /proc (Linux): load-robust CPU time. */
import { readFileSync } from 'node:fs';

/** A process's user + system CPU in ms (utime and stime of /proc/<pid>/stat, clock ticks of 10 ms). */
export function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
