import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, agentFor, buildTestApp, csrfFrom, encodeForm, unique } from '../helpers/app.ts';
import { createEmployer, loginAs, PASSWORD, vacancyForm } from '../helpers/factories.ts';
import { cookieFrom, setCookieLine } from './cookies.ts';

const app = useTestApp();

const STACK_TRACE = /at .*\.ts:\d+/;

/** A login form's token and the anonymous cookie it is bound to, fetched without a cookie jar. */
async function loginForm(target: FastifyInstance) {
  const page = await request(target.server).get('/login');
  return { token: csrfFrom(page.text), cookie: `jb_anon=${cookieFrom(page, 'jb_anon')}`, page };
}

describe('per-account login limit', () => {
  it('locks the account after 5 failures, even for the right password, with a friendly 429', async () => {
    const { email } = await createEmployer(app);
    const agent = agentFor(app);
    const page = await agent.get('/login');
    const token = csrfFrom(page.text);
    for (let i = 0; i < 5; i += 1) {
      const failed = await agent
        .post('/login')
        .type('form')
        .send(encodeForm({ _csrf: token, email, password: `wrong-${i}-password` }));
      expect(failed.status).toBe(401);
    }
    const locked = await agent
      .post('/login')
      .type('form')
      .send(encodeForm({ _csrf: token, email, password: PASSWORD }));
    expect(locked.status).toBe(429);
    expect(locked.headers['content-type']).toMatch(/text\/html/);
    expect(locked.text).toContain('Zu viele Versuche');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(cookieFrom(locked, 'jb_session')).toBeUndefined();

    // The count is per e-mail address (case does not matter), not per client.
    const other = await loginForm(app);
    const elsewhere = await request(app.server)
      .post('/login')
      .set('Cookie', other.cookie)
      .set('accept', 'application/json')
      .send({ _csrf: other.token, email: email.toUpperCase(), password: PASSWORD });
    expect(elsewhere.status).toBe(429);
    expect(elsewhere.body.error.code).toBe('rate_limited');
    expect(elsewhere.headers['retry-after']).toBeDefined();

    // Another account from the same client is not affected.
    const { email: otherEmail } = await createEmployer(app);
    const fine = await agent
      .post('/login')
      .type('form')
      .send(encodeForm({ _csrf: token, email: otherEmail, password: PASSWORD }));
    expect(fine.status).toBe(303);
  });

  it('forgets earlier failures after a successful login', async () => {
    const { email } = await createEmployer(app);
    const agent = agentFor(app);
    const token = csrfFrom((await agent.get('/login')).text);
    for (let i = 0; i < 4; i += 1) {
      expect(
        (
          await agent
            .post('/login')
            .type('form')
            .send(encodeForm({ _csrf: token, email, password: 'wrong-password-x' }))
        ).status,
      ).toBe(401);
    }
    const ok = await agent
      .post('/login')
      .type('form')
      .send(encodeForm({ _csrf: token, email, password: PASSWORD }));
    expect(ok.status).toBe(303);
    const fresh = agentFor(app);
    const freshToken = csrfFrom((await fresh.get('/login')).text);
    for (let i = 0; i < 4; i += 1) {
      expect(
        (
          await fresh
            .post('/login')
            .type('form')
            .send(encodeForm({ _csrf: freshToken, email, password: 'wrong-password-y' }))
        ).status,
      ).toBe(401);
    }
    expect(
      (
        await fresh
          .post('/login')
          .type('form')
          .send(encodeForm({ _csrf: freshToken, email, password: PASSWORD }))
      ).status,
    ).toBe(303);
  });
});

describe('per-address limits', () => {
  let strict: FastifyInstance;

  beforeAll(async () => {
    strict = await buildTestApp({ rateLimits: { loginPerIp: 3, loginPerAccount: 100, registerPerIp: 3, windowSeconds: 900 } });
  });

  afterAll(async () => {
    await strict.db.deleteFrom('rate_limits').where('key', 'like', 'login:ip:%').execute();
    await strict.db.deleteFrom('rate_limits').where('key', 'like', 'register:ip:%').execute();
    await strict.close();
  });

  it('counts logins per client address, and a forged X-Forwarded-For does not reset the count', async () => {
    await strict.db.deleteFrom('rate_limits').where('key', 'like', 'login:ip:%').execute();
    const { email } = await createEmployer(strict);
    const agent = agentFor(strict);
    const token = csrfFrom((await agent.get('/login')).text);
    const statuses: number[] = [];
    for (let i = 1; i <= 4; i += 1) {
      const response = await agent
        .post('/login')
        .set('x-forwarded-for', `203.0.113.${i}`)
        .type('form')
        .send(encodeForm({ _csrf: token, email: `${unique('spray')}@example.org`, password: 'guess-password-1' }));
      statuses.push(response.status);
      if (i === 4) {
        expect(response.text).toContain('Zu viele Versuche');
        expect(response.headers['retry-after']).toBe('900');
      }
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    // The address is blocked for every account, including with the right password.
    const blocked = await agent
      .post('/login')
      .set('x-forwarded-for', '198.51.100.7')
      .type('form')
      .send(encodeForm({ _csrf: token, email, password: PASSWORD }));
    expect(blocked.status).toBe(429);

    const keys = await strict.db.selectFrom('rate_limits').select(['key', 'hits']).where('key', 'like', 'login:ip:%').execute();
    expect(keys.map((k) => k.key).some((k) => k.includes('203.0.113') || k.includes('198.51.100'))).toBe(false);
  });

  it('counts registrations per client address the same way', async () => {
    await strict.db.deleteFrom('rate_limits').where('key', 'like', 'register:ip:%').execute();
    const agent = agentFor(strict);
    const statuses: number[] = [];
    const organisations: string[] = [];
    for (let i = 1; i <= 4; i += 1) {
      const organisation = `Flut ${unique()}`;
      organisations.push(organisation);
      const token = csrfFrom((await agent.get('/register')).text);
      const response = await agent
        .post('/register')
        .set('x-forwarded-for', `203.0.113.${i}`)
        .type('form')
        .send(encodeForm({ _csrf: token, organisation, email: `${unique('flood')}@example.org`, password: PASSWORD, town: 'Dresden' }));
      statuses.push(response.status);
      if (i === 4) {
        expect(response.text).toContain('Zu viele Versuche');
        expect(response.headers['retry-after']).toBeDefined();
      }
    }
    expect(statuses).toEqual([303, 303, 303, 429]);
    // A sign-up waits for its address to be confirmed; the refused one did not even get that far.
    const requests = await strict.db
      .selectFrom('registration_requests')
      .select('organisation')
      .where('organisation', 'in', organisations)
      .execute();
    expect(requests.map((r) => r.organisation).sort()).toEqual(organisations.slice(0, 3).sort());
  });
});

describe('CSRF', () => {
  it.each(['/login', '/register'])('refuses POST %s without or with a wrong token', async (path) => {
    const agent = agentFor(app);
    await agent.get(path);
    const body = { email: `${unique()}@example.org`, password: PASSWORD, organisation: `Firma ${unique()}`, town: 'Dresden' };

    const missing = await agent.post(path).type('form').send(encodeForm(body));
    expect(missing.status).toBe(403);
    expect(missing.text).toContain('Das Formular ist abgelaufen');

    const wrong = await agent
      .post(path)
      .type('form')
      .send(encodeForm({ ...body, _csrf: 'not-the-token' }));
    expect(wrong.status).toBe(403);
    expect(wrong.text).toContain('Das Formular ist abgelaufen');

    const json = await agent
      .post(path)
      .set('accept', 'application/json')
      .send({ ...body, _csrf: 'not-the-token' });
    expect(json.status).toBe(403);
    expect(json.body.error.code).toBe('csrf');

    expect(await app.db.selectFrom('employers').select('id').where('name', '=', body.organisation).execute()).toEqual([]);
  });

  it('refuses a token taken from another client', async () => {
    const { email } = await createEmployer(app);
    const victim = agentFor(app);
    await victim.get('/login');
    const attackerToken = csrfFrom((await request(app.server).get('/login')).text);
    const response = await victim
      .post('/login')
      .type('form')
      .send(encodeForm({ _csrf: attackerToken, email, password: PASSWORD }));
    expect(response.status).toBe(403);
  });

  it('refuses POST /logout and POST /employer/vacancies without the token, and keeps the session', async () => {
    const { email } = await createEmployer(app);
    const agent = await loginAs(app, email);
    const title = `CSRF-Probe ${unique()}`;

    const logout = await agent.post('/logout').type('form').send('');
    expect(logout.status).toBe(403);
    expect(logout.text).toContain('Das Formular ist abgelaufen');
    const logoutJson = await agent.post('/logout').set('accept', 'application/json').set('x-csrf-token', 'wrong').send({});
    expect(logoutJson.status).toBe(403);
    expect(logoutJson.body.error.code).toBe('csrf');
    expect((await agent.get('/employer/vacancies')).status).toBe(200);

    const missing = await agent
      .post('/employer/vacancies')
      .type('form')
      .send(encodeForm(vacancyForm({ title })));
    expect(missing.status).toBe(403);
    expect(missing.text).toContain('Das Formular ist abgelaufen');
    const wrong = await agent
      .post('/employer/vacancies')
      .type('form')
      .send(encodeForm({ ...vacancyForm({ title }), _csrf: 'wrong' }));
    expect(wrong.status).toBe(403);
    const json = await agent
      .post('/employer/vacancies')
      .set('accept', 'application/json')
      .send({ ...vacancyForm({ title }), _csrf: 'wrong' });
    expect(json.status).toBe(403);
    expect(json.body).toMatchObject({ error: { code: 'csrf' } });
    expect(await app.db.selectFrom('vacancies').select('id').where('title', '=', title).execute()).toEqual([]);

    // The anonymous token from before login no longer counts once logged in.
    const stale = await agentFor(app).get('/login');
    const staleToken = csrfFrom(stale.text);
    expect(
      (
        await agent
          .post('/employer/vacancies')
          .set('x-csrf-token', staleToken)
          .type('form')
          .send(encodeForm(vacancyForm({ title })))
      ).status,
    ).toBe(403);
  });

  it('accepts the x-csrf-token header instead of the field', async () => {
    const { email } = await createEmployer(app);
    const agent = agentFor(app);
    const token = csrfFrom((await agent.get('/login')).text);
    const login = await agent
      .post('/login')
      .set('x-csrf-token', token)
      .type('form')
      .send(encodeForm({ email, password: PASSWORD }));
    expect(login.status).toBe(303);

    const list = await agent.get('/employer/vacancies').set('accept', 'application/json');
    expect(list.status).toBe(200);
    const sessionToken = list.body.csrfToken as string;
    const title = `Header-Token ${unique()}`;
    const created = await agent
      .post('/employer/vacancies')
      .set('accept', 'application/json')
      .set('x-csrf-token', sessionToken)
      .send({ ...vacancyForm({ title }) });
    expect(created.status).toBe(201);
    expect(await app.db.selectFrom('vacancies').select('id').where('title', '=', title).execute()).toHaveLength(1);

    const logout = await agent.post('/logout').set('x-csrf-token', sessionToken).type('form').send('');
    expect(logout.status).toBe(303);
    expect((await agent.get('/employer/vacancies')).status).toBe(302);
  });
});

describe('cookies in production', () => {
  let production: FastifyInstance;

  beforeAll(async () => {
    production = await buildTestApp({ config: { env: 'production' } });
  });

  afterAll(async () => {
    await production.close();
  });

  it('marks the session cookie Secure, HttpOnly and SameSite=Lax', async () => {
    const { email } = await createEmployer(production);
    const form = await loginForm(production);
    expect(setCookieLine(form.page, 'jb_anon')).toMatch(/;\s*Secure/i);

    const login = await request(production.server)
      .post('/login')
      .set('Cookie', form.cookie)
      .set('accept', 'application/json')
      .send({ _csrf: form.token, email, password: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body.role).toBe('employer');
    expect(typeof login.body.csrfToken).toBe('string');
    const line = setCookieLine(login, 'jb_session')!;
    expect(line).toBeDefined();
    expect(line).toMatch(/;\s*Secure/i);
    expect(line).toMatch(/;\s*HttpOnly/i);
    expect(line).toMatch(/;\s*SameSite=Lax/i);

    const session = cookieFrom(login, 'jb_session')!;
    const list = await request(production.server)
      .get('/employer/vacancies')
      .set('Cookie', `jb_session=${session}`)
      .set('accept', 'application/json');
    expect(list.status).toBe(200);
    expect(login.headers['strict-transport-security']).toBeDefined();
  });
});

describe('headers and error pages', () => {
  it('sends a strict content security policy and nosniff', async () => {
    for (const path of ['/login', '/register']) {
      const response = await request(app.server).get(path);
      const csp = response.headers['content-security-policy'] as string;
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-powered-by']).toBeUndefined();
      expect(response.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('sends JSON and other resources with nosniff and a policy that allows nothing', async () => {
    for (const path of ['/api/v1/vacancies', '/healthz', '/static/site.css']) {
      const response = await request(app.server).get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('answers a malformed JSON body with 400 and no stack trace', async () => {
    const { token, cookie } = await loginForm(app);
    const html = await request(app.server)
      .post('/login')
      .set('Cookie', cookie)
      .set('x-csrf-token', token)
      .set('content-type', 'application/json')
      .send('{"email": "a@b.de", "password":');
    expect(html.status).toBe(400);
    expect(html.text).not.toMatch(STACK_TRACE);
    expect(html.text).not.toContain('SyntaxError');
    expect(html.text).toContain('Die Anfrage konnte nicht gelesen werden');

    const json = await request(app.server)
      .post('/login')
      .set('Cookie', cookie)
      .set('x-csrf-token', token)
      .set('accept', 'application/json')
      .set('content-type', 'application/json')
      .send('{not json');
    expect(json.status).toBe(400);
    expect(json.body.error.code).toBe('bad_request');
    expect(json.text).not.toMatch(STACK_TRACE);
    expect(json.text).not.toContain('"stack"');
  });

  it('shows no stack trace on other error pages either', async () => {
    const responses = [
      await request(app.server).get(`/no-such-page-${unique()}`),
      await request(app.server).post('/login').type('form').send('email=x'),
      await request(app.server).post('/login').set('content-type', 'text/plain').send('hello'),
      await request(app.server).get('/employer/vacancies').set('accept', 'application/json'),
    ];
    expect(responses.map((r) => r.status)).toEqual([404, 403, expect.any(Number), 401]);
    expect(responses[2]!.status).toBeGreaterThanOrEqual(400);
    expect(responses[2]!.status).toBeLessThan(500);
    for (const response of responses) {
      expect(response.text).not.toMatch(STACK_TRACE);
      expect(response.text).not.toContain('node_modules');
    }
  });
});
