/** One table on stdout and the same rows as JSON in bench/results/latest.json. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LoadResult } from './load.ts';

export interface Row {
  name: string;
  reqPerSec: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  /** Measured against its raw ceiling; what it divides is documented per row in bench/README.md. */
  ratio: number | null;
  /** The target from the issue, in words; null for rows that only inform. */
  target: string | null;
  met: boolean | null;
  /** What the row means when its name cannot say it all (failed requests, how a value was inferred). */
  note?: string;
}

const round = (value: number | null | undefined, digits: number) =>
  value === null || value === undefined || !Number.isFinite(value) ? null : Number(value.toFixed(digits));

export function row(name: string, values: Partial<Omit<Row, 'name'>>): Row {
  return {
    name,
    reqPerSec: round(values.reqPerSec, 1),
    p50Ms: round(values.p50Ms, 2),
    p99Ms: round(values.p99Ms, 2),
    ratio: round(values.ratio, 3),
    target: values.target ?? null,
    met: values.met ?? null,
    ...(values.note ? { note: values.note } : {}),
  };
}

/** A load test's row; failed or non-2xx responses make it unmet and say so. */
export function loadRow(name: string, result: LoadResult, values: Partial<Omit<Row, 'name' | 'reqPerSec' | 'p50Ms' | 'p99Ms'>> = {}): Row {
  const failed = result.non2xx + result.errors;
  const note = [
    values.note,
    failed > 0
      ? `${result.non2xx} non-2xx (${JSON.stringify(result.statuses)}) and ${result.errors} failed of ${result.requests} requests; req/s and latencies count 2xx only`
      : undefined,
  ]
    .filter(Boolean)
    .join('; ');
  return row(name, {
    ...values,
    reqPerSec: result.reqPerSec,
    p50Ms: result.p50Ms,
    p99Ms: result.p99Ms,
    met: values.met === undefined || values.met === null ? values.met : values.met && failed === 0,
    note: note || undefined,
  });
}

export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function printTable(rows: readonly Row[], context: string): void {
  const show = (v: number | null) => (v === null ? '–' : String(v));
  const lines = rows.map((r) => [
    r.name,
    show(r.reqPerSec),
    show(r.p50Ms),
    show(r.p99Ms),
    show(r.ratio),
    r.target ?? '(informs)',
    r.met === null ? '–' : r.met ? 'yes' : 'NO',
  ]);
  const header = ['measurement', 'req/s', 'p50 ms', 'p99 ms', 'ratio', 'target', 'met'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const format = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 5 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ');
  process.stdout.write(`\n${context}\n${format(header)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}\n`);
  for (const line of lines) process.stdout.write(`${format(line)}\n`);
  const notes = rows.filter((r) => r.note);
  if (notes.length > 0) process.stdout.write(`\n${notes.map((r) => `* ${r.name}: ${r.note}`).join('\n')}\n`);
}

export function writeJson(rows: readonly Row[]): string {
  const dir = path.join('bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'latest.json');
  writeFileSync(file, `${JSON.stringify(rows, null, 2)}\n`);
  return file;
}
