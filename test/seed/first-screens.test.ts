import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, indexCaughtUp, startPortal, untilRunning, type Run } from '../helpers/process.ts';

/*
 * What a newcomer sees after `npm start` on an empty data folder: the portal
 * as its own process with embedded services and the demo data, asked over
 * HTTP as a browser and an API client would. Someone who knows the Saxon
 * labour market should find nothing odd on the first screens. The same
 * portal is then killed and started again on its data (the last test): one
 * cold start with initdb, the demo data and its indexing serves both, where
 * test/cli/startup.test.ts made a second one for the restart (12-14 CPU-s).
 */
const DEMO_PASSWORD = 'demo-password-2026';
let run: Run;
let origin = '';
let folder = '';
let port = 0;

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'jobbruecke-seed-'));
  chmodSync(folder, 0o755); // run as root, the embedded PostgreSQL runs as its own user and must reach DATA_DIR
  port = await freePort();
  run = startPortal({ DATA_DIR: path.join(folder, 'data'), PORT: String(port) });
  // An early exit (say, a port taken) fails at once instead of waiting for output that never comes.
  let running = false;
  await Promise.race([
    untilRunning(run, 400_000).then(() => (running = true)),
    run.exited.then((code) => {
      if (!running) throw new Error(`the portal exited with ${code}: ${run.stderr}`);
    }),
  ]);
  origin = `http://127.0.0.1:${port}`;
  // The portal listens before its outbox has brought the demo vacancies into the index.
  await indexCaughtUp(port);
}, 420_000);

afterAll(async () => {
  // Also the restarted portal, and either one when a check failed, so a failed run leaves no portal behind.
  if (run && run.child.exitCode === null && run.child.signalCode === null) {
    run.child.kill('SIGTERM');
    await run.exited;
  }
  if (folder) rmSync(folder, { recursive: true, force: true });
});

interface Hit {
  title: string;
  kind: string;
  occupation: { code: string };
  employer: { name: string };
  town: string;
  distanceKm: number | null;
  germanLevel: string;
  pay: { kind: string; min: number | null; unit: string | null; agreement: unknown; trainingPay: number[] } | null;
}
const search = async (query: string) =>
  (await (await fetch(`${origin}/api/v1/vacancies?${query}`)).json()) as { total: number; hits: Hit[] };

/** Logs in through the form, as a browser would; returns the session cookie. */
async function logIn(email: string): Promise<string> {
  const form = await fetch(`${origin}/login`);
  const anon = (form.headers.getSetCookie().find((c) => c.startsWith('jb_anon=')) ?? '').split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  const response = await fetch(`${origin}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: anon },
    body: new URLSearchParams({ _csrf: csrf, email, password: DEMO_PASSWORD }).toString(),
  });
  expect(response.status, `${email} logs in`).toBe(303);
  return response.headers
    .getSetCookie()
    .find((c) => c.startsWith('jb_session='))!
    .split(';')[0]!;
}

const CARE_EMPLOYER = /Pflege|Senioren|Klinikum|Krankenhaus|Wohnen/i;

describe('the demo on a first start', () => {
  it('home search: a living portal with varied work all over Saxony, each ad with its pay', async () => {
    expect((await fetch(`${origin}/`)).status).toBe(200);
    const first = await search('perPage=20');
    // The search without filters (the home page's button) lists the same newest ads first.
    const results = await (await fetch(`${origin}/vacancies`)).text();
    expect(results).toContain('(m/w/d)');
    expect(results).toContain(first.hits[0]!.title.replace('&', '&amp;'));
    expect(first.total).toBeGreaterThan(900);
    expect(first.total).toBeLessThan(1200);
    expect(new Set(first.hits.map((h) => h.occupation.code.slice(0, 3))).size).toBeGreaterThanOrEqual(8);
    expect(new Set(first.hits.map((h) => h.town)).size).toBeGreaterThanOrEqual(5);
    for (const hit of first.hits) expect(hit.pay, hit.title).not.toBeNull();
    // Leipzig, Dresden and Chemnitz hold most of the work.
    const [leipzig, dresden, chemnitz, plauen] = await Promise.all(
      ['Leipzig', 'Dresden', 'Chemnitz', 'Plauen'].map(async (town) => (await search(`perPage=1&town=${town}&radius=0`)).total),
    );
    expect(leipzig! + dresden! + chemnitz!).toBeGreaterThan(first.total / 2);
    expect(chemnitz).toBeGreaterThan(plauen!);
  });

  it('"Pflege" in Leipzig: care jobs and apprenticeships from care homes, care services and hospitals nearby, at care pay', async () => {
    const care = await search(`q=Pflege&town=Leipzig&radius=25&perPage=10`);
    expect(care.hits.length).toBe(10);
    for (const hit of care.hits) {
      expect(hit.occupation.code, hit.title).toMatch(/^(813|821|831)/);
      expect(hit.employer.name, hit.title).toMatch(CARE_EMPLOYER);
      expect(hit.distanceKm).toBeLessThanOrEqual(25);
      if (hit.kind === 'apprenticeship') expect(hit.pay!.trainingPay[0]).toBeGreaterThanOrEqual(682);
      // A care helper earns at least the care minimum (16.10 € an hour since July 2025).
      if (hit.pay!.unit === 'hour' && hit.occupation.code === '81301') expect(hit.pay!.min).toBeGreaterThanOrEqual(16.1);
    }
  });

  it("the demo mentor's first mentee has matches in their wished-for occupations; the demo employer is a care home", async () => {
    const mentor = await logIn('mentor@demo.local');
    const list = await fetch(`${origin}/mentor/mentees`, { headers: { cookie: mentor } });
    expect(list.status).toBe(200);
    const firstId = /\/mentor\/mentees\/([0-9a-f-]{36})"/.exec(await list.text())![1]!;
    const matches = await (await fetch(`${origin}/mentor/mentees/${firstId}/matches`, { headers: { cookie: mentor } })).text();
    const count = Number(/Passende Stellen \((\d+)\)/.exec(matches)?.[1] ?? 0);
    expect(count).toBeGreaterThan(0);
    expect(matches).toContain('Wunschberuf:');

    const employer = await logIn('employer@demo.local');
    const own = await fetch(`${origin}/employer/vacancies`, { headers: { cookie: employer } });
    expect(own.status).toBe(200);
    const page = await own.text();
    expect(page).toMatch(/Pflege/);
  });

  it("after a crash, a restart reuses the embedded services' data instead of seeding again", async () => {
    const api = `${origin}/api/v1/vacancies?perPage=1`;
    const before = (await (await fetch(api)).json()) as { total: number };
    expect(before.total).toBeGreaterThan(0);
    // A crash leaves PostgreSQL and Meilisearch running with their locks: the next start must cope.
    run.child.kill('SIGKILL');
    await run.exited;
    run = startPortal({ DATA_DIR: path.join(folder, 'data'), PORT: String(port) });
    await untilRunning(run, 90_000);
    const ready = (await (await fetch(`${origin}/readyz`)).json()) as { status: string };
    expect(ready.status).toBe('ok');
    const after = (await (await fetch(api)).json()) as { total: number };
    expect(after.total).toBe(before.total); // same data, not seeded again
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  }, 120_000);
});
