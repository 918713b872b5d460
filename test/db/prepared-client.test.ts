import { sql } from 'kysely';
import type { PoolClient } from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MAX_PREPARED, PREPARE_AFTER_USES } from '../../server/db/prepared-client.ts';
import { unique, useTestApp } from '../helpers/app.ts';

/*
 * The app's connections prepare the parameterised statements they run often (server/db/prepared-client.ts):
 * what PostgreSQL itself lists as this connection's prepared statements, and that answers stay right.
 */

const app = useTestApp();
let client: PoolClient;

beforeEach(async () => {
  client = await app.pg.pool.connect();
});
afterEach(() => client.release());

/** This connection's statements prepared through the protocol whose text holds the marker. */
async function prepared(marker: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT name FROM pg_prepared_statements WHERE NOT from_sql AND position('${marker}' in statement) > 0 ORDER BY name`,
  );
  return rows.map((r) => r.name);
}

describe('statements the app repeats are prepared on the connection', () => {
  it(`a statement with parameters is prepared from its ${PREPARE_AFTER_USES}nd run on, and answers as before`, async () => {
    const marker = unique('m');
    const text = `SELECT $1::int + 1 AS n, '${marker}' AS marker`;
    const answers: number[] = [];
    for (let run = 1; run <= PREPARE_AFTER_USES + 2; run += 1) {
      answers.push((await client.query<{ n: number }>(text, [run])).rows[0]!.n);
      expect(await prepared(marker)).toHaveLength(run < PREPARE_AFTER_USES ? 0 : 1);
    }
    expect(answers).toEqual([2, 3, 4, 5]);
  });

  it('a text without parameters (BEGIN, a migration) is never prepared', async () => {
    const marker = unique('m');
    for (let run = 0; run < 4; run += 1) await client.query(`SELECT '${marker}' AS marker`);
    expect(await prepared(marker)).toEqual([]);
  });

  it('Kysely on the same pool prepares its queries too', async () => {
    const code = unique('nobody');
    const names = await app.db.connection().execute(async (db) => {
      for (let run = 0; run < PREPARE_AFTER_USES; run += 1) {
        expect(await db.selectFrom('mentees').select('id').where('code', '=', code).execute()).toEqual([]);
      }
      const { rows } = await sql<{ name: string }>`SELECT name FROM pg_prepared_statements
        WHERE NOT from_sql AND statement = 'select "id" from "mentees" where "code" = $1'`.execute(db);
      return rows;
    });
    expect(names).toHaveLength(1);
  });

  it(`a connection keeps at most ${MAX_PREPARED} statements prepared; further ones still answer`, async () => {
    const marker = unique('cap');
    for (let i = 0; i < MAX_PREPARED + 5; i += 1) {
      const text = `SELECT $1::int * ${i} AS n, '${marker}' AS marker`;
      for (let run = 0; run < PREPARE_AFTER_USES; run += 1) {
        expect((await client.query<{ n: number }>(text, [2])).rows[0]!.n).toBe(2 * i);
      }
    }
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM pg_prepared_statements WHERE NOT from_sql');
    expect(Number(rows[0]!.n)).toBe(MAX_PREPARED);
  });

  it('a statement that fails keeps failing with its own error, and the connection goes on', async () => {
    const marker = unique('m');
    const text = `SELECT 1 / $1::int AS n, '${marker}' AS marker`;
    for (let run = 0; run < PREPARE_AFTER_USES + 1; run += 1) {
      await expect(client.query(text, [0])).rejects.toThrow(/division by zero/);
    }
    expect((await client.query<{ n: number }>(text, [1])).rows[0]!.n).toBe(1);
  });
});
