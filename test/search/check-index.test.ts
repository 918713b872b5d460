import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIndexes, type IndexCheck } from '../../search/check-index.ts';
import { MENTEE_INDEX } from '../../search/mentee-index.ts';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import { setMenteeStatus } from '../../server/mentees/service.ts';
import { buildTestApp, flushOutbox } from '../helpers/app.ts';
import { createTestMentee, employerOf, mentorOf, publishVacancy, twoProjects } from '../matching/support.ts';
import { testServices } from '../helpers/services.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

type Doc = Record<string, unknown> & { id: string; version: number };

/**
 * `npm run check:index` as its own process. A test that starts it gets 90 s: the process compiles TypeScript (tsx,
 * 3-6 CPU-seconds), and on the shared machine under load (30 runnable processes, 2 cores) that took over 20 s.
 */
function runCheckScript(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/scripts/check-index.ts', ...args], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        DATABASE_URL: testServices().databaseUrl,
        MEILI_URL: testServices().meiliUrl,
        MEILI_MASTER_KEY: testServices().meiliMasterKey,
        SESSION_SECRET: testServices().sessionSecret,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The same checksum, computed here from the rows that must be indexed (written independently of the app's queries). */
async function expectedChecksum(app: FastifyInstance, index: string): Promise<string> {
  const { rows } =
    index === VACANCY_INDEX
      ? await sql<{ id: string; version: number }>`
          SELECT v.id, v.version FROM vacancies v JOIN employers e ON e.id = v.employer_id
          WHERE v.status = 'published' AND e.status = 'approved'`.execute(app.db)
      : await sql<{ id: string; version: number }>`SELECT id, version FROM mentees WHERE status <> 'closed'`.execute(app.db);
  const lines = rows.map((r) => `${r.id}:${r.version}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

function reportOf(report: IndexCheck[], index: string): IndexCheck {
  const found = report.find((r) => r.index === index);
  expect(found, `no report for ${index}`).toBeDefined();
  return found!;
}

/** Which of the report's lists each of these ids is in ('none' when in none). */
function placesOf(check: IndexCheck, ids: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(ids).map(([name, id]) => {
      const lists = (['missing', 'extra', 'stale'] as const).filter((list) => check[list].includes(id));
      return [name, lists.join('+') || 'none'];
    }),
  );
}

describe('npm run check:index: the indexes against PostgreSQL', () => {
  let app: FastifyInstance;
  const v: Record<'deleted' | 'oldVersion' | 'bumped' | 'ok' | 'expired' | 'extra', string> = {
    deleted: '',
    oldVersion: '',
    bumped: '',
    ok: '',
    expired: '',
    extra: randomUUID(),
  };
  const m: Record<'deleted' | 'oldVersion' | 'ok' | 'closed' | 'extra', string> = {
    deleted: '',
    oldVersion: '',
    ok: '',
    closed: '',
    extra: randomUUID(),
  };
  const vacancies = () => app.searchEngine.admin.index<Doc>(VACANCY_INDEX);
  const mentees = () => app.searchEngine.admin.index<Doc>(MENTEE_INDEX);

  async function indexed(index: 'vacancies' | 'mentees', ids: string[]): Promise<Map<string, number>> {
    const { results } = await (index === 'vacancies' ? vacancies() : mentees()).getDocuments({
      ids,
      fields: ['id', 'version'],
      limit: 1000,
    });
    return new Map(results.map((d) => [d.id, d.version]));
  }

  beforeAll(async () => {
    app = await buildTestApp();
    const { employerId } = await employerOf(app);
    for (const name of ['deleted', 'oldVersion', 'bumped', 'ok', 'expired'] as const) {
      v[name] = await publishVacancy(app, employerId, { title: `Prüfstelle ${name}` });
    }
    const [projectId] = await twoProjects(app);
    const mentor = await mentorOf(app, projectId);
    for (const name of ['deleted', 'oldVersion', 'ok', 'closed'] as const) {
      m[name] = (await createTestMentee(app, mentor)).id;
    }
    expect(await setMenteeStatus(app, projectId, m.closed, 'closed')).toBe(true);
    await flushOutbox(app);

    // Drift in Meilisearch, behind the outbox's back.
    const [vOld, vOk] = await Promise.all([vacancies().getDocument(v.oldVersion), vacancies().getDocument(v.ok)]);
    const [mOld, mOk] = await Promise.all([mentees().getDocument(m.oldVersion), mentees().getDocument(m.ok)]);
    const closedDoc = { ...mOk, id: m.closed, status: 'closed' };
    for (const task of [
      await vacancies().deleteDocument(v.deleted),
      await vacancies().addDocuments([
        { ...vOld, version: vOld.version - 1 },
        { ...vOk, id: v.extra },
      ]),
      await mentees().deleteDocument(m.deleted),
      await mentees().addDocuments([{ ...mOld, version: mOld.version - 1 }, { ...mOk, id: m.extra }, closedDoc]),
    ]) {
      expect((await app.searchEngine.admin.tasks.waitForTask(task.taskUid)).status).toBe('succeeded');
    }
    // Drift in Postgres without an outbox row; and an expired vacancy, which the index keeps (expiry is filtered at query time).
    await sql`UPDATE vacancies SET version = version + 1 WHERE id = ${v.bumped}`.execute(app.db);
    await sql`UPDATE vacancies SET expires_at = current_date - 3 WHERE id = ${v.expired}`.execute(app.db);
  }, 90_000); // over 30 s on the shared machine at load 50

  afterAll(async () => {
    await app?.close();
  });

  it('a dry run reports exactly the drifted ids and changes nothing', async () => {
    const report = await checkIndexes(app.db, app.searchEngine.admin, app.searchEngine.sources, { repair: false });
    const vac = reportOf(report, VACANCY_INDEX);
    expect(placesOf(vac, v)).toEqual({
      deleted: 'missing',
      oldVersion: 'stale',
      bumped: 'stale',
      ok: 'none',
      expired: 'none',
      extra: 'extra',
    });
    expect(vac.repaired).toBe(false);
    expect(vac.equal).toBe(false);
    expect(vac.indexChecksum).not.toBe(vac.databaseChecksum);
    expect(vac.databaseChecksum).toBe(await expectedChecksum(app, VACANCY_INDEX));

    const men = reportOf(report, MENTEE_INDEX);
    expect(placesOf(men, m)).toEqual({ deleted: 'missing', oldVersion: 'stale', ok: 'none', closed: 'extra', extra: 'extra' });
    expect(men.repaired).toBe(false);
    expect(men.databaseChecksum).toBe(await expectedChecksum(app, MENTEE_INDEX));

    // Nothing was repaired.
    expect([...(await indexed('vacancies', [v.deleted, v.extra])).keys()]).toEqual([v.extra]);
    expect([...(await indexed('mentees', [m.deleted, m.extra])).keys()]).toEqual([m.extra]);
  });

  it('the script in dry-run mode prints the drift and exits 1', async () => {
    const run = await runCheckScript(['--dry-run']);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toMatch(/^vacancies: drift — [1-9]\d* missing, [1-9]\d* extra, [2-9]\d* stale \(dry run, not repaired\)$/m);
    expect(run.stdout).toMatch(/^mentees: drift — [1-9]\d* missing, [2-9]\d* extra, [1-9]\d* stale \(dry run, not repaired\)$/m);
    expect(run.stdout).toMatch(/^ {2}missing: /m);
    expect(run.stdout).toContain('check-index: drift found');
    // Still not repaired.
    expect((await indexed('vacancies', [v.deleted])).size).toBe(0);
  }, 90_000);

  it('a repair makes each index equal to the database, and the script then finds them equal', async () => {
    const versionOf = (id: string) => app.db.selectFrom('vacancies').select('version').where('id', '=', id).executeTakeFirstOrThrow();
    const [vOldRow, vBumpedRow] = await Promise.all([versionOf(v.oldVersion), versionOf(v.bumped)]);
    const mOldRow = await app.db.selectFrom('mentees').select('version').where('id', '=', m.oldVersion).executeTakeFirstOrThrow();

    const report = await checkIndexes(app.db, app.searchEngine.admin, app.searchEngine.sources, { repair: true });
    for (const index of [VACANCY_INDEX, MENTEE_INDEX]) {
      const check = reportOf(report, index);
      expect(check.repaired, index).toBe(true);
      expect(check.equal, index).toBe(true);
      expect(check.indexChecksum, index).toBe(check.databaseChecksum);
      expect(check.databaseChecksum, index).toBe(await expectedChecksum(app, index));
      expect(check.indexCount, index).toBe(check.databaseCount);
    }
    // The report names the drift it repaired.
    expect(placesOf(reportOf(report, VACANCY_INDEX), v)).toEqual({
      deleted: 'missing',
      oldVersion: 'stale',
      bumped: 'stale',
      ok: 'none',
      expired: 'none',
      extra: 'extra',
    });

    const vacs = await indexed('vacancies', Object.values(v));
    expect(Object.fromEntries(vacs)).toEqual({
      [v.deleted]: expect.any(Number),
      [v.oldVersion]: vOldRow.version,
      [v.bumped]: vBumpedRow.version,
      [v.ok]: expect.any(Number),
      [v.expired]: expect.any(Number),
    });
    const restored = await vacancies().getDocument(v.deleted);
    expect(restored.title).toBe('Prüfstelle deleted');
    const mens = await indexed('mentees', Object.values(m));
    expect(new Set(mens.keys())).toEqual(new Set([m.deleted, m.oldVersion, m.ok]));
    expect(mens.get(m.oldVersion)).toBe(mOldRow.version);

    // A second check finds nothing to do.
    const again = await checkIndexes(app.db, app.searchEngine.admin, app.searchEngine.sources, { repair: true });
    for (const check of again) {
      expect([check.index, check.missing, check.extra, check.stale, check.repaired, check.equal]).toEqual([
        check.index,
        [],
        [],
        [],
        false,
        true,
      ]);
    }

    const run = await runCheckScript(['--dry-run']);
    expect(run.code, run.stderr).toBe(0);
    const vac = reportOf(again, VACANCY_INDEX);
    const men = reportOf(again, MENTEE_INDEX);
    expect(run.stdout).toContain(`vacancies: ${vac.databaseCount} in the database, ${vac.indexCount} in the index, checksums equal\n`);
    expect(run.stdout).toContain(`mentees: ${men.databaseCount} in the database, ${men.indexCount} in the index, checksums equal\n`);
    expect(run.stdout).not.toContain('drift');
  }, 90_000);
});
