import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { untilRunning } from '../helpers/process.ts';
import { testServices } from '../helpers/services.ts';

/**
 * Drill: SIGTERM while the real app (`npm start`'s entry point) serves a burst of
 * requests. Requests in flight finish with 200 and the process exits with 0
 * within 10 s.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const IN_FLIGHT = 200;
const EXIT_WITHIN_MS = 10_000;
/** Any single wait longer than this is a hang; the test fails instead of waiting for vitest. */
const HANG_MS = 20_000;

interface Run {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

let run: Run | undefined;

function start(env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started: Run = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() }))),
  };
  child.stdout!.on('data', (chunk: Buffer) => (started.stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (started.stderr += chunk.toString()));
  return started;
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
    }),
  ]);
}

/** Polls a condition (bounded); true when it held in time. */
async function until(condition: () => boolean, timeoutMs: number, intervalMs = 5): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return true;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Whether every byte sent to the app's port has been taken in by the app: nothing
 * waits in the listener's accept queue, and no accepted connection has unread
 * bytes (Linux /proc/net/tcp: rx_queue of the listener is its accept queue, of a
 * connection its unread bytes). Only then is every request sent really in flight
 * inside the app, rather than on its way there.
 */
function appHasReadEverything(port: number): boolean {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 5 || !fields[1]!.endsWith(`:${hexPort}`)) continue;
    const state = fields[3];
    const rxQueue = parseInt(fields[4]!.split(':')[1]!, 16);
    if ((state === '0A' /* LISTEN */ || state === '01') /* ESTABLISHED */ && rxQueue > 0) return false;
  }
  return true;
}

interface Outcome {
  /** The request was completely written to its socket. */
  sent: boolean;
  status?: number;
  error?: string;
}

/** A GET over the keep-alive agent; resolves with its outcome, never rejects, never hangs. */
function get(agent: http.Agent, port: number, url: string, outcome: Outcome = { sent: false }): Promise<Outcome> {
  return new Promise((resolve) => {
    const accept = url.startsWith('/api/') ? 'application/json' : 'text/html';
    const req = http.get({ host: '127.0.0.1', port, path: url, agent, headers: { accept } }, (res) => {
      res.resume();
      res.once('end', () => {
        outcome.status = res.statusCode;
        resolve(outcome);
      });
      res.once('error', (error) => {
        outcome.error = (error as NodeJS.ErrnoException).code ?? error.message;
        resolve(outcome);
      });
    });
    req.once('finish', () => (outcome.sent = true));
    req.setTimeout(HANG_MS, () => req.destroy(new Error('timeout')));
    req.once('error', (error) => {
      outcome.error = (error as NodeJS.ErrnoException).code ?? error.message;
      resolve(outcome);
    });
  });
}

afterAll(async () => {
  if (run && run.child.exitCode === null && run.child.signalCode === null) {
    run.child.kill('SIGKILL');
    await within(run.exited, 5_000, 'killing the app').catch(() => undefined);
  }
});

describe('SIGTERM under load', () => {
  it('lets in-flight requests finish with 200 and exits with 0 within 10 s', async () => {
    const port = await freePort();
    run = start({
      DATABASE_URL: testServices().databaseUrl,
      MEILI_URL: testServices().meiliUrl,
      MEILI_MASTER_KEY: testServices().meiliMasterKey,
      SESSION_SECRET: testServices().sessionSecret,
      SEED_DEMO: 'false',
      PORT: String(port),
      // This drill is about shutdown, not load shedding (test/overload/ has that): on a machine loaded by other
      // work the burst's event-loop delay passed the default 1 s, and requests were shed with 503 before SIGTERM;
      // a limit of 60 s did not help (a process the machine starves of CPU for a whole sample counts as blocked).
      MAX_EVENT_LOOP_DELAY_MS: '0',
    });
    // Woken by each line the app prints (not polled): the start is seen the moment it is announced.
    await within(untilRunning(run, 60_000), 65_000, 'the start');
    expect(run.stdout, run.stderr).toContain('is running at');

    // Keep-alive connections, as browsers use them.
    const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
    try {
      // Open the connections first with a cheap request, so the burst travels on accepted sockets
      // (a connection still in the kernel's accept queue at SIGTERM is reset, not served).
      const warm = await within(
        Promise.all(Array.from({ length: IN_FLIGHT }, () => get(agent, port, '/healthz'))),
        HANG_MS,
        'opening connections',
      );
      expect(warm.filter((o) => o.status !== 200)).toEqual([]);
      const open = Object.values(agent.freeSockets).reduce((n, list) => n + (list?.length ?? 0), 0);
      expect(open).toBe(IN_FLIGHT);

      const outcomes = Array.from({ length: IN_FLIGHT }, (): Outcome => ({ sent: false }));
      const finished = Promise.all(
        outcomes.map((outcome, i) =>
          get(agent, port, i % 2 === 0 ? `/vacancies?q=Lager+${i}&town=Dresden` : `/api/v1/vacancies?q=Fachkraft+${i}&perPage=50`, outcome),
        ),
      );

      // SIGTERM once every request is on the wire and the app has read them all.
      expect(await until(() => outcomes.every((o) => o.sent), HANG_MS)).toBe(true);
      expect(await until(() => appHasReadEverything(port), HANG_MS)).toBe(true);
      const openAtSignal = outcomes.filter((o) => o.status === undefined && o.error === undefined).length;
      const signalledAt = Date.now();
      run.child.kill('SIGTERM');

      const results = await within(finished, HANG_MS, 'the in-flight requests');
      // The client keeps its connections open, as a browser does: the app must close them itself.
      const exit = await within(run.exited, HANG_MS, 'the exit');

      // The drill means something only when many requests were still open at SIGTERM.
      expect(openAtSignal).toBeGreaterThanOrEqual(50);
      expect(results.filter((o) => o.status !== 200).map((o) => o.error ?? `HTTP ${o.status}`)).toEqual([]);
      expect(run.stderr).not.toContain('Shutdown took too long');
      expect(exit).toMatchObject({ code: 0, signal: null });
      expect(exit.at - signalledAt).toBeLessThan(EXIT_WITHIN_MS);
      expect(run.stdout).toContain('SIGTERM received: finishing requests and stopping');
    } finally {
      agent.destroy();
    }
  }, 120_000); // the start alone may take 65 s on a loaded machine (above); the rest is bounded by HANG_MS
});
