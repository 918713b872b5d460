import type { FastifyInstance } from 'fastify';
import { generate } from 'otplib';
import type { Agent } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/accounts/passwords.ts';
import { insertAccount } from '../../server/accounts/queries.ts';
import { useTestApp, agentFor, buildTestApp, csrfFrom, encodeForm, unique } from '../helpers/app.ts';
import { createEmployer, loginAs, PASSWORD } from '../helpers/factories.ts';
import { cookieFrom } from './cookies.ts';

const app = useTestApp();

/** A code from the authenticator app, `stepsAhead` 30-second steps from now (each code works once). */
function codeFor(secret: string, stepsAhead = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + stepsAhead * 30 });
}

/** The secret as the settings page shows it for typing by hand. */
function secretOn(html: string): string {
  const match = /data-secret>([A-Z2-7 ]+)</.exec(html);
  if (!match) throw new Error('No secret on the page');
  return match[1]!.replace(/ /g, '');
}

function recoveryCodesOn(html: string): string[] {
  return [...html.matchAll(/<li><code>([a-z2-9]{5}-[a-z2-9]{5})<\/code><\/li>/g)].map((m) => m[1]!);
}

async function enrol(agent: Agent): Promise<{ secret: string; recoveryCodes: string[] }> {
  const page = await agent.get('/account/two-factor');
  const secret = secretOn(page.text);
  const done = await agent
    .post('/account/two-factor/enable')
    .type('form')
    .send(encodeForm({ _csrf: csrfFrom(page.text), code: await codeFor(secret) }));
  expect(done.status).toBe(200);
  return { secret, recoveryCodes: recoveryCodesOn(done.text) };
}

/** Password step in a fresh browser; returns it waiting at the second step. */
async function passwordStep(email: string): Promise<Agent> {
  const agent = agentFor(app);
  const token = csrfFrom((await agent.get('/login')).text);
  const answer = await agent
    .post('/login')
    .type('form')
    .send(encodeForm({ _csrf: token, email, password: PASSWORD }));
  expect(answer.status).toBe(303);
  expect(answer.headers.location).toBe('/login/two-factor');
  expect(cookieFrom(answer, 'jb_session')).toBeUndefined();
  return agent;
}

async function sendCode(agent: Agent, code: string, mode?: 'recovery') {
  const page = await agent.get(mode ? '/login/two-factor?recovery=1' : '/login/two-factor');
  return agent
    .post('/login/two-factor')
    .type('form')
    .send(encodeForm({ _csrf: csrfFrom(page.text), code, mode }));
}

async function auditActions(accountId: string): Promise<string[]> {
  const rows = await app.db.selectFrom('audit_log').select('action').where('subject_id', '=', accountId).orderBy('id').execute();
  return rows.map((r) => r.action);
}

describe('two-factor sign-in for an employer', () => {
  let email: string;
  let accountId: string;
  let secret: string;
  let recoveryCodes: string[];
  /** The app code the sign-in test used; replayed as it was, so a 30-second step passing between tests changes nothing. */
  let usedCode: string;

  it('enrols with the QR code or the typed secret, refusing a wrong code next to the field', async () => {
    ({ email, accountId } = await createEmployer(app));
    const agent = await loginAs(app, email);
    const page = await agent.get('/account/two-factor');
    expect(page.status).toBe(200);
    // Handlebars escapes base64's "=" padding as &#x3D;, which the browser reads back.
    expect(page.text).toMatch(/<img class="qr-code" src="data:image\/svg\+xml;base64,[A-Za-z0-9+/]+(?:&#x3D;){0,2}"/);
    expect(page.text).toContain('autocomplete="one-time-code"');
    expect(page.text).toContain('inputmode="numeric"');
    secret = secretOn(page.text);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    // The same secret on a second visit: a reload does not invalidate the app already scanned.
    expect(secretOn((await agent.get('/account/two-factor')).text)).toBe(secret);

    const wrongCode = (await codeFor(secret)) === '000000' ? '111111' : '000000';
    const wrong = await agent
      .post('/account/two-factor/enable')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), code: wrongCode }));
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('href="#code"');
    expect(wrong.text).toMatch(/id="code-error"[^>]*>[\s\S]*?Der Code stimmt nicht/);
    expect(secretOn(wrong.text)).toBe(secret);

    const letters = await agent
      .post('/account/two-factor/enable')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), code: '12ab56' }));
    expect(letters.status).toBe(422);
    expect(letters.text).toContain('Geben Sie den 6-stelligen Code aus der App ein');

    const done = await agent
      .post('/account/two-factor/enable')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), code: await codeFor(secret) }));
    expect(done.status).toBe(200);
    expect(done.headers['cache-control']).toBe('no-store');
    recoveryCodes = recoveryCodesOn(done.text);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);

    const row = await app.db
      .selectFrom('two_factor')
      .select(['secret', 'enabled_at'])
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    expect(row.enabled_at).not.toBeNull();
    expect(row.secret).not.toContain(secret);
    const stored = await app.db.selectFrom('recovery_codes').select('code_hash').where('account_id', '=', accountId).execute();
    expect(stored).toHaveLength(10);
    expect(stored.some((s) => recoveryCodes.some((c) => s.code_hash.includes(c.replace('-', ''))))).toBe(false);

    // Never shown again once on.
    const after = await agent.get('/account/two-factor');
    expect(after.text).not.toContain(secret);
    expect(after.text).not.toContain('data:image/svg+xml');
    expect(after.text).toContain('Unbenutzte Wiederherstellungscodes: 10');
    expect(await auditActions(accountId)).toEqual(['two_factor.enabled']);
  });

  it('asks for the code after the password: no session before it, a wrong code refused next to the field', async () => {
    const agent = await passwordStep(email);
    expect((await agent.get('/employer/vacancies')).status).toBe(302);

    const form = await agent.get('/login/two-factor');
    expect(form.status).toBe(200);
    expect(form.text).toContain('autocomplete="one-time-code"');
    expect(form.text).toContain('inputmode="numeric"');

    const wrongCode = (await codeFor(secret, 1)) === '000000' ? '111111' : '000000';
    const wrong = await sendCode(agent, wrongCode);
    expect(wrong.status).toBe(401);
    expect(wrong.text).toMatch(/id="code-error"[^>]*>[\s\S]*?Der Code stimmt nicht/);
    expect(wrong.text).toContain('href="#code"');

    usedCode = await codeFor(secret, 1);
    const right = await sendCode(agent, usedCode);
    expect(right.status).toBe(303);
    expect(right.headers.location).toBe('/employer/vacancies');
    expect(cookieFrom(right, 'jb_session')).toBeTruthy();
    expect(cookieFrom(right, 'jb_device')).toBeTruthy();
    expect((await agent.get('/employer/vacancies')).status).toBe(200);

    // The challenge is spent: the second step cannot be replayed.
    expect((await agent.get('/login/two-factor')).headers.location).toBe('/login');
  });

  it('accepts the same app code only once', async () => {
    const agent = await passwordStep(email);
    expect((await sendCode(agent, usedCode)).status).toBe(401);
  });

  it('lets a recovery code in once, and records its use', async () => {
    const code = recoveryCodes[0]!;
    const first = await passwordStep(email);
    const form = await first.get('/login/two-factor?recovery=1');
    expect(form.text).not.toContain('inputmode="numeric"');
    const used = await sendCode(first, code.toUpperCase(), 'recovery');
    expect(used.status).toBe(303);
    expect(used.headers.location).toBe('/employer/vacancies');

    const again = await sendCode(await passwordStep(email), code, 'recovery');
    expect(again.status).toBe(401);
    expect(again.text).toContain('Wiederherstellungscode');
    expect(await auditActions(accountId)).toEqual(['two_factor.enabled', 'two_factor.recovery_used']);
  });

  it('replaces the recovery codes after the password and a code; the old ones stop working', async () => {
    const agent = await passwordStep(email);
    expect((await sendCode(agent, recoveryCodes[1]!, 'recovery')).status).toBe(303);
    const page = await agent.get('/account/two-factor');
    const wrongPassword = await agent
      .post('/account/two-factor/recovery-codes')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), password: 'not-my-password', code: recoveryCodes[2]! }));
    expect(wrongPassword.status).toBe(422);
    expect(wrongPassword.text).toMatch(/id="password-error"[^>]*>[\s\S]*?Das Passwort stimmt nicht/);

    const renewed = await agent
      .post('/account/two-factor/recovery-codes')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), password: PASSWORD, code: recoveryCodes[3]! }));
    expect(renewed.status).toBe(200);
    const fresh = recoveryCodesOn(renewed.text);
    expect(fresh).toHaveLength(10);
    expect((await sendCode(await passwordStep(email), recoveryCodes[4]!, 'recovery')).status).toBe(401);
    recoveryCodes = fresh;
    expect(await auditActions(accountId)).toContain('recovery_codes.regenerated');
  });

  it('turns off after the password and a code; then the password alone logs in', async () => {
    const agent = await passwordStep(email);
    expect((await sendCode(agent, recoveryCodes[0]!, 'recovery')).status).toBe(303);
    const page = await agent.get('/account/two-factor');
    const off = await agent
      .post('/account/two-factor/disable')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), password: PASSWORD, code: recoveryCodes[1]! }));
    expect(off.status).toBe(303);
    expect(off.headers.location).toBe('/account/two-factor?disabled=1');
    expect(await app.db.selectFrom('two_factor').select('account_id').where('account_id', '=', accountId).execute()).toEqual([]);
    expect(await app.db.selectFrom('recovery_codes').select('id').where('account_id', '=', accountId).execute()).toEqual([]);
    const fresh = agentFor(app);
    const token = csrfFrom((await fresh.get('/login')).text);
    const login = await fresh
      .post('/login')
      .type('form')
      .send(encodeForm({ _csrf: token, email, password: PASSWORD }));
    expect(login.headers.location).toBe('/employer/vacancies');
    expect((await auditActions(accountId)).at(-1)).toBe('two_factor.disabled');
  });
});

describe('second-step throttling', () => {
  it('locks the code step after five wrong codes, counted before checking', async () => {
    const { email, accountId } = await createEmployer(app);
    const { secret } = await enrol(await loginAs(app, email));
    const agent = await passwordStep(email);
    const wrong = (await codeFor(secret, 1)) === '000000' ? '111111' : '000000';
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1) statuses.push((await sendCode(agent, wrong)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const locked429 = await sendCode(agent, await codeFor(secret, 1));
    expect(locked429.status).toBe(429);
    expect(locked429.headers['retry-after']).toBe('900'); // the test app's window (RELAXED_LIMITS)
    expect(locked429.text).toContain('15 Minuten');
    const locked = await app.db
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'login.locked')
      .where('subject_id', '=', accountId)
      .execute();
    expect(locked).toEqual([{ detail: { step: 'code' } }]);
  });

  it('locks switching off on the settings page after five wrong codes (422 at the field, then 429 with Retry-After)', async () => {
    const { email, accountId } = await createEmployer(app);
    const agent = await loginAs(app, email);
    const { secret } = await enrol(agent);
    const wrong = (await codeFor(secret)) === '000000' ? '111111' : '000000';
    const disable = async (code: string) => {
      const page = await agent.get('/account/two-factor');
      return agent
        .post('/account/two-factor/disable')
        .type('form')
        .send(encodeForm({ _csrf: csrfFrom(page.text), password: PASSWORD, code }));
    };
    const refused = [];
    for (let i = 0; i < 5; i += 1) refused.push(await disable(wrong));
    expect(refused.map((r) => r.status)).toEqual([422, 422, 422, 422, 422]);
    expect(refused[0]!.text).toContain('error-summary');
    const locked = await disable(await codeFor(secret));
    expect(locked.status).toBe(429);
    expect(locked.headers['retry-after']).toBe('900');
    expect(locked.text).toContain('15 Minuten');
    expect(await app.db.selectFrom('two_factor').select('account_id').where('account_id', '=', accountId).execute()).toHaveLength(1);
  });

  it('sends a browser without a waiting login back to the password form', async () => {
    const agent = agentFor(app);
    expect((await agent.get('/login/two-factor')).headers.location).toBe('/login');
    const token = csrfFrom((await agent.get('/login')).text);
    const answer = await agent
      .post('/login/two-factor')
      .type('form')
      .send(encodeForm({ _csrf: token, code: '123456' }));
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toBe('/login');
  });
});

describe('required for staff', () => {
  let strict: FastifyInstance;

  beforeAll(async () => {
    strict = await buildTestApp({ requireTwoFactorForStaff: true });
  });

  afterAll(async () => {
    await strict.close();
  });

  async function createStaff(role: 'admin' | 'coordinator') {
    const email = `${unique(role)}@example.org`;
    const accountId = await insertAccount(strict.db, { email, passwordHash: await hashPassword(PASSWORD), role, employerId: null });
    return { email, accountId: accountId! };
  }

  it('sends an admin to enrolment after login and lets them reach nothing else until enrolled', async () => {
    const { email, accountId } = await createStaff('admin');
    const agent = agentFor(strict);
    const token = csrfFrom((await agent.get('/login')).text);
    const login = await agent
      .post('/login')
      .type('form')
      .send(encodeForm({ _csrf: token, email, password: PASSWORD }));
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe('/account/two-factor');

    const held = await agent.get('/admin');
    expect(held.status).toBe(303);
    expect(held.headers.location).toBe('/account/two-factor');
    expect((await agent.get('/%61dmin')).headers.location).toBe('/account/two-factor');
    const json = await agent.get('/admin').set('accept', 'application/json');
    expect(json.status).toBe(403);
    expect(json.body.error.code).toBe('two_factor_required');

    const page = await agent.get('/account/two-factor');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Für Ihre Rolle ist die Zwei-Faktor-Anmeldung Pflicht');
    const secret = secretOn(page.text);
    const done = await agent
      .post('/account/two-factor/enable')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), code: await codeFor(secret) }));
    expect(done.status).toBe(200);
    expect(done.text).toContain('href="/admin"');
    expect((await agent.get('/admin')).status).toBe(200);
    const audit = await strict.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'actor_role'])
      .where('subject_id', '=', accountId)
      .execute();
    expect(audit).toEqual([{ action: 'two_factor.enabled', actor_id: accountId, actor_role: 'admin' }]);
  });

  it('lets a coordinator log out while held at enrolment', async () => {
    const { email } = await createStaff('coordinator');
    const agent = await loginAs(strict, email);
    const page = await agent.get('/account/two-factor');
    const out = await agent
      .post('/logout')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text) }));
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/?loggedOut=1');
  });

  it('leaves employers free to choose', async () => {
    const { email } = await createEmployer(strict);
    const agent = await loginAs(strict, email);
    expect((await agent.get('/employer/vacancies')).status).toBe(200);
  });
});
