import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { PRODUCTION_HASH_COST, verifyPassword } from '../../server/accounts/passwords.ts';
import { TEST_HASH_COST, useTestApp } from '../helpers/app.ts';
import { createEmployer, loginAs, PASSWORD } from '../helpers/factories.ts';

/*
 * The suite hashes passwords at argon2id's smallest cost (test/helpers/app.ts); this file proves
 * a real portal does not: every configuration loaded from the environment, development or production,
 * hashes at OWASP's minimum (19 MiB, 2 iterations, 1 lane), and a portal built with it stores exactly that.
 */

const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://portal:secret@db.example.org:5432/portal',
  MEILI_URL: 'http://search.example.org:7700',
  MEILI_MASTER_KEY: 'a-master-key-of-enough-length',
  SESSION_SECRET: 'a-session-secret-of-at-least-32-characters',
  PUBLIC_URL: 'https://jobbruecke.example.org',
};

describe('password hashing cost', () => {
  it('is OWASP minimum for argon2id in every configuration read from the environment', () => {
    expect(PRODUCTION_HASH_COST).toEqual({ memoryCost: 19_456, timeCost: 2 });
    expect(loadConfig(PRODUCTION_ENV).passwordHashCost).toEqual(PRODUCTION_HASH_COST);
    expect(loadConfig({}).passwordHashCost).toEqual(PRODUCTION_HASH_COST);
    // The suite's own cost is lower, and only the suite's config sets it.
    expect(TEST_HASH_COST.memoryCost).toBeLessThan(PRODUCTION_HASH_COST.memoryCost);
  });

  describe('a portal built with the production configuration', () => {
    const app = useTestApp({ config: { passwordHashCost: loadConfig(PRODUCTION_ENV).passwordHashCost } });

    it('stores argon2id hashes at 19 MiB, 2 iterations, 1 lane, and they log in', async () => {
      const employer = await createEmployer(app);
      const row = await app.db
        .selectFrom('accounts')
        .select('password_hash')
        .where('id', '=', employer.accountId)
        .executeTakeFirstOrThrow();
      expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      expect(await verifyPassword(row.password_hash, PASSWORD)).toBe(true);
      expect(await verifyPassword(row.password_hash, `${PASSWORD}x`)).toBe(false);
      const agent = await loginAs(app, employer.email);
      expect((await agent.get('/employer/vacancies')).status).toBe(200);
    });
  });
});
