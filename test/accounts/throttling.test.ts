import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeNext } from '../../server/accounts/schemas.ts';
import { useTestApp, agentFor, buildTestApp, csrfFrom, encodeForm } from '../helpers/app.ts';
import { createEmployer, loginAs, PASSWORD } from '../helpers/factories.ts';
import { cookieFrom, setCookieLine } from './cookies.ts';

const app = useTestApp();

/** A login form's token and the anonymous cookie it is bound to, fetched without a cookie jar. */
async function loginForm(target: FastifyInstance) {
  const page = await request(target.server).get('/login');
  return { token: csrfFrom(page.text), cookie: `jb_anon=${cookieFrom(page, 'jb_anon')}` };
}

async function tryPassword(agent: ReturnType<typeof agentFor>, email: string, password: string) {
  const token = csrfFrom((await agent.get('/login')).text);
  return agent
    .post('/login')
    .type('form')
    .send(encodeForm({ _csrf: token, email, password }));
}

describe('counting before checking', () => {
  it('checks at most five of ten parallel wrong passwords (limit 5); the rest get 429 without a check', async () => {
    const { email } = await createEmployer(app);
    const form = await loginForm(app);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        request(app.server)
          .post('/login')
          .set('Cookie', form.cookie)
          .type('form')
          .send(encodeForm({ _csrf: form.token, email, password: `parallel-guess-${i}` })),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);
    const row = await app.db.selectFrom('rate_limits').select('hits').where('key', '=', `login:account:${email}`).executeTakeFirstOrThrow();
    expect(row.hits).toBe(10);
  });
});

describe('device cookies', () => {
  it('lets a browser that logged in before keep logging in while the account is locked for unknown browsers', async () => {
    const { email, accountId } = await createEmployer(app);
    const owner = agentFor(app);
    const first = await tryPassword(owner, email, PASSWORD);
    expect(first.status).toBe(303);
    const line = setCookieLine(first, 'jb_device')!;
    expect(line).toMatch(/HttpOnly/i);
    expect(line).toMatch(/SameSite=Lax/i);
    expect(line).toMatch(/Path=\/login/);
    expect(line).toMatch(/Max-Age=\d{6,}/);
    expect(line).not.toContain(email);

    // An attacker elsewhere, who even has a device cookie of their own account.
    const attacker = await loginAs(app, (await createEmployer(app)).email);
    for (let i = 0; i < 5; i += 1) expect((await tryPassword(attacker, email, `attack-${i}-password`)).status).toBe(401);
    expect((await tryPassword(attacker, email, PASSWORD)).status).toBe(429);
    expect((await tryPassword(agentFor(app), email, PASSWORD)).status).toBe(429);

    const locked = await app.db
      .selectFrom('audit_log')
      .select(['actor_id', 'actor_role', 'detail'])
      .where('action', '=', 'login.locked')
      .where('subject_id', '=', accountId)
      .execute();
    expect(locked).toEqual([{ actor_id: null, actor_role: 'anonymous', detail: { step: 'password' } }]);

    // The owner's browser is not locked out: its device cookie counts on its own.
    const again = await tryPassword(owner, email, PASSWORD);
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe('/employer/vacancies');
  });

  it('counts a known browser’s own failures, and then treats it like an unknown one', async () => {
    const { email } = await createEmployer(app);
    const owner = await loginAs(app, email);
    for (let i = 0; i < 5; i += 1) expect((await tryPassword(owner, email, `typo-${i}-password`)).status).toBe(401);
    // Five failures on this device: it counts as unknown now, and the account's own count starts.
    for (let i = 0; i < 5; i += 1) expect((await tryPassword(owner, email, `typo-${i}-again`)).status).toBe(401);
    expect((await tryPassword(owner, email, PASSWORD)).status).toBe(429);
  });

  it('ignores a device cookie that is forged or belongs to another address', async () => {
    const { email } = await createEmployer(app);
    const other = await createEmployer(app);
    const otherLogin = await tryPassword(agentFor(app), other.email, PASSWORD);
    const otherDevice = cookieFrom(otherLogin, 'jb_device')!;
    const [issued, subject, nonce, signature] = otherDevice.split('.');
    for (let i = 0; i < 5; i += 1) expect((await tryPassword(agentFor(app), email, `attack-${i}-password`)).status).toBe(401);
    const form = await loginForm(app);
    for (const device of [otherDevice, `${issued}.${subject}.${nonce}x.${signature}`, 'garbage']) {
      const answer = await request(app.server)
        .post('/login')
        .set('Cookie', `${form.cookie}; jb_device=${encodeURIComponent(device)}`)
        .type('form')
        .send(encodeForm({ _csrf: form.token, email, password: PASSWORD }));
      expect(answer.status).toBe(429);
    }
  });
});

describe('per-address counting', () => {
  let strict: FastifyInstance;

  beforeAll(async () => {
    strict = await buildTestApp({ rateLimits: { loginPerIp: 3, loginPerAccount: 100, registerPerIp: 100, windowSeconds: 900 } });
    await strict.db.deleteFrom('rate_limits').where('key', 'like', 'login:ip:%').execute();
  });

  afterAll(async () => {
    await strict.db.deleteFrom('rate_limits').where('key', 'like', 'login:ip:%').execute();
    await strict.close();
  });

  it('counts only failures: an office that logs in often is not locked out by its successes', async () => {
    const { email } = await createEmployer(strict);
    for (let i = 0; i < 5; i += 1) expect((await tryPassword(agentFor(strict), email, PASSWORD)).status).toBe(303);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await tryPassword(agentFor(strict), email, `wrong-${i}-password`)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});

describe('where to go after login', () => {
  it('refuses a next path outside printable ASCII instead of failing the redirect', async () => {
    const { email } = await createEmployer(app);
    const page = await request(app.server).get('/login?next=/%E3%80%82x');
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('name="next"');

    const agent = agentFor(app);
    const token = csrfFrom((await agent.get('/login')).text);
    const answer = await agent
      .post('/login')
      .type('form')
      .send(encodeForm({ _csrf: token, email, password: PASSWORD, next: '/\u3002x' }));
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('/employer/vacancies');
    expect(answer.headers['content-security-policy']).toBeDefined();
  });

  it('keeps local, percent-encoded paths and refuses the rest', () => {
    expect(safeNext('/vacancies?q=B%C3%A4cker&page=2')).toBe('/vacancies?q=B%C3%A4cker&page=2');
    for (const bad of [
      '/\u3002x',
      '/é',
      '//evil.example',
      '/\\evil',
      '/a b',
      '/\u007f',
      'https://evil.example',
      `/${'a'.repeat(2001)}`,
      42,
    ]) {
      expect(safeNext(bad)).toBeUndefined();
    }
  });
});
