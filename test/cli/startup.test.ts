import { chmodSync, mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort, startPortal, untilRunning, type Run } from '../helpers/process.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { testServices } from '../helpers/services.ts';

/**
 * Waits until the portal prints that it runs (or exits). A test that starts a whole portal gets 90 s: a start costs
 * 3-4 CPU-seconds of compiling and loading, and took over 30 s on the shared machine under load.
 */
const running = (run: Run, timeoutMs = 60_000) => untilRunning(run, timeoutMs);

const externalServices = () => ({
  DATABASE_URL: testServices().databaseUrl,
  MEILI_URL: testServices().meiliUrl,
  MEILI_MASTER_KEY: testServices().meiliMasterKey,
  SESSION_SECRET: testServices().sessionSecret,
  SEED_DEMO: 'false',
});

const folders: string[] = [];
function tempFolder(mode = 0o755): string {
  const folder = mkdtempSync(path.join(tmpdir(), 'jobbruecke-cli-'));
  chmodSync(folder, mode);
  folders.push(folder);
  return folder;
}
afterAll(() => folders.forEach((f) => rmSync(f, { recursive: true, force: true })));

describe('starting the portal', () => {
  it('stops with one line naming a malformed variable', async () => {
    const run = startPortal({ PORT: 'eighty' });
    expect(await run.exited).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Configuration error: PORT /);
  });

  it('names a malformed DATABASE_URL in one line', async () => {
    const run = startPortal({ DATABASE_URL: 'mysql://nope' });
    expect(await run.exited).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('DATABASE_URL');
  });

  it('says in one line when the port is in use', async () => {
    const blocker: Server = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = startPortal({ ...externalServices(), PORT: String(port) });
      expect(await run.exited).toBe(1);
      expect(run.stderr.trim()).toBe(`Port ${port} is already in use: stop the other program or set PORT to another port.`);
    } finally {
      blocker.close();
    }
  }, 90_000);

  it('serves /readyz and finishes cleanly on SIGTERM', async () => {
    const port = await freePort();
    const run = startPortal({ ...externalServices(), PORT: String(port) });
    await running(run);
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', db: 'ok', search: 'ok' });
    const stoppedAt = Date.now();
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
  }, 90_000);

  // The cold start with embedded services and the demo data, and a restart after a crash that reuses its data, are
  // checked on the portal test/seed/first-screens.test.ts starts (one cold start for both).

  describe.runIf(process.getuid?.() === 0)('as root', () => {
    it('explains in one line when the postgres user cannot reach DATA_DIR', async () => {
      const privateFolder = tempFolder(0o700);
      mkdirSync(path.join(privateFolder, 'data'));
      const run = startPortal({ DATA_DIR: path.join(privateFolder, 'data'), PORT: String(await freePort()) });
      expect(await run.exited).toBe(1);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain(`cannot enter ${privateFolder}`);
    });
  });
});
