import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

/** Secrets generated on first start and kept in DATA_DIR/secrets.json (mode 600). */
export interface LocalSecrets {
  postgresPassword: string;
  meiliMasterKey: string;
  sessionSecret: string;
}

export function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
}

export function loadOrCreateSecrets(dataDir: string): LocalSecrets {
  ensureDir(dataDir);
  const file = path.join(dataDir, 'secrets.json');
  let existing: Partial<LocalSecrets> = {};
  if (existsSync(file)) {
    existing = JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets>;
  }
  const secrets: LocalSecrets = {
    postgresPassword: existing.postgresPassword ?? randomBytes(24).toString('base64url'),
    meiliMasterKey: existing.meiliMasterKey ?? randomBytes(32).toString('base64url'),
    sessionSecret: existing.sessionSecret ?? randomBytes(32).toString('base64url'),
  };
  if (JSON.stringify(secrets) !== JSON.stringify(existing)) {
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  // Keep it private even when the file was created some other way.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  return secrets;
}

/** Asks the kernel for a free TCP port on the loopback interface. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('Could not find a free port'));
      });
    });
  });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a running process (Linux), to recognise our own children. */
export function commandLineOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs: number, intervalMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Stops a process we no longer own (left behind by a crashed run) if it is the program we expect. */
export async function stopStrayProcess(pid: number, expected: string): Promise<void> {
  if (!isAlive(pid) || !commandLineOf(pid).includes(expected)) return;
  process.kill(pid, 'SIGINT');
  const gone = await waitUntil(() => !isAlive(pid), 10_000, 100);
  if (!gone) process.kill(pid, 'SIGKILL');
}
