import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

/** The repository's root, where `server/main.ts` runs from. */
export const ROOT = path.resolve(import.meta.dirname, '../..');

/** The portal started as its own process, with what it printed so far. */
export interface Run {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exited: Promise<number | null>;
}

/** `node --import tsx server/main.ts`, as `npm start` and the image's CMD run it, with only the given environment. */
export function startPortal(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: Run = { child, stdout: '', stderr: '', exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
  child.stdout!.on('data', (chunk: Buffer) => (run.stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (run.stderr += chunk.toString()));
  return run;
}

/** Waits until the portal prints that it runs; throws when it exits first or takes longer than the timeout. */
export async function untilRunning(run: Pick<Run, 'child' | 'stdout' | 'stderr'>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!run.stdout.includes('is running at')) {
    if (run.child.exitCode !== null) throw new Error(`exited early: ${run.stderr}`);
    if (Date.now() > deadline) throw new Error(`not running after ${timeoutMs} ms: ${run.stderr}`);
    await new Promise((resolve) => run.child.stdout!.once('data', resolve).once('close', resolve));
  }
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/** Until /readyz says search is up and no outbox row waits (the index holds what PostgreSQL holds). */
export async function indexCaughtUp(port: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ready = (await (await fetch(`http://127.0.0.1:${port}/readyz`)).json()) as { search?: string; outboxPending?: number };
    if (ready.search === 'ok' && ready.outboxPending === 0) return;
    if (Date.now() > deadline) throw new Error(`the index did not catch up within ${timeoutMs} ms: ${JSON.stringify(ready)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
