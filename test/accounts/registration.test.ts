import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { registerEmployer } from '../../server/accounts/service.ts';
import { hashSessionId } from '../../server/plugins/auth.ts';
import { useTestApp, agentFor, csrfFrom, encodeForm, unique } from '../helpers/app.ts';
import { createEmployer, loginAs, PASSWORD } from '../helpers/factories.ts';
import { cookieFrom } from './cookies.ts';
import { inviteThroughForm, loginAsAdmin } from '../helpers/admin.ts';
import { auditRows, mailsTo, mainText, sha256, submitFrom, tokenIn } from './security-support.ts';

const PUBLIC_URL = 'https://jobs.example';
const app = useTestApp({ config: { publicUrl: PUBLIC_URL } });

const signUp = (overrides: Record<string, string> = {}) => ({
  organisation: `Bäckerei ${unique()}`,
  email: `${unique('reg')}@example.org`,
  password: PASSWORD,
  town: 'Chemnitz',
  ...overrides,
});

async function register(values: Record<string, string>) {
  const agent = agentFor(app);
  const response = await submitFrom(agent, '/register', '/register', values);
  return { agent, response };
}

async function registerJson(values: Record<string, string>) {
  const agent = agentFor(app);
  const token = csrfFrom((await agent.get('/register')).text);
  return agent.post('/register').set('accept', 'application/json').set('x-csrf-token', token).send(values);
}

const employersNamed = (name: string) =>
  app.db.selectFrom('employers').select(['id', 'status', 'town', 'place_id']).where('name', '=', name).execute();
const accountOf = (email: string) => app.db.selectFrom('accounts').selectAll().where('email', '=', email).executeTakeFirst();

describe('registration does not reveal who has an account', () => {
  it('answers a new and a taken address with the same page and status, and creates nothing yet', async () => {
    const taken = await createEmployer(app);
    const fresh = signUp();
    const again = signUp({ email: taken.email.toUpperCase() });

    const first = await register(fresh);
    const second = await register(again);
    expect(first.response.status).toBe(303);
    expect(second.response.status).toBe(first.response.status);
    expect(second.response.headers.location).toBe(first.response.headers.location);
    expect(cookieFrom(first.response, 'jb_session')).toBeUndefined();
    const firstPage = await first.agent.get(first.response.headers.location as string);
    const secondPage = await second.agent.get(second.response.headers.location as string);
    expect(firstPage.status).toBe(200);
    expect(mainText(secondPage.text)).toBe(mainText(firstPage.text));
    expect(mainText(firstPage.text)).toContain('Wir haben Ihnen eine E-Mail geschickt.');

    // Nothing exists until the address is confirmed.
    expect(await employersNamed(fresh.organisation)).toEqual([]);
    expect(await accountOf(fresh.email)).toBeUndefined();
    expect(await employersNamed(again.organisation)).toEqual([]);
  });

  it('answers JSON clients 202 with the same body for both', async () => {
    const taken = await createEmployer(app);
    const fresh = await registerJson(signUp());
    const existing = await registerJson(signUp({ email: taken.email }));
    expect(fresh.status).toBe(202);
    expect(existing.status).toBe(202);
    expect(existing.body).toEqual(fresh.body);
    expect(fresh.body.message).toContain('Wir haben Ihnen eine E-Mail geschickt');
  });

  it('mails a new address a confirmation link from the public address (only its hash stored), and a taken one a note', async () => {
    const taken = await createEmployer(app);
    const fresh = signUp();
    await register(fresh);
    await register(signUp({ email: taken.email }));

    const [confirm] = await mailsTo(app, fresh.email);
    expect(confirm!.kind).toBe('registration_confirm');
    expect(confirm!.body_text).toContain(`${PUBLIC_URL}/register/confirm?token=`);
    const token = tokenIn(confirm!.body_text, '/register/confirm');
    const stored = await app.db.selectFrom('registration_requests').selectAll().where('email', '=', fresh.email).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).toBe(sha256(token));
    expect(stored[0]!.password_hash.startsWith('$argon2id$')).toBe(true);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(JSON.stringify(stored)).not.toContain(PASSWORD);
    expect(Math.round((stored[0]!.expires_at.getTime() - stored[0]!.created_at.getTime()) / 3_600_000)).toBe(24);

    const note = (await mailsTo(app, taken.email)).filter((m) => m.kind === 'registration_existing');
    expect(note).toHaveLength(1);
    expect(note[0]!.body_text).toContain('jemand hat versucht, sich mit Ihrer E-Mail-Adresse bei Jobbrücke Sachsen zu registrieren');
    expect(note[0]!.body_text).toContain(`${PUBLIC_URL}/login`);
    expect(note[0]!.body_text).toContain(`${PUBLIC_URL}/password/forgot`);
    expect(note[0]!.body_text).not.toContain('token=');
  });

  it('sends at most three registration e-mails per address in a window, still answering the same', async () => {
    const values = signUp();
    for (let i = 0; i < 4; i += 1) expect((await register({ ...values, organisation: `Flut ${unique()}` })).response.status).toBe(303);
    expect(await mailsTo(app, values.email)).toHaveLength(3);
  });
});

describe('confirming the address', () => {
  async function registeredLink(values = signUp()) {
    await register(values);
    const mails = await mailsTo(app, values.email);
    return { values, token: tokenIn(mails.at(-1)!.body_text, '/register/confirm') };
  }

  it('shows a button (opening the link changes nothing), then creates the organisation and account and logs in', async () => {
    const { values, token } = await registeredLink();
    const agent = agentFor(app);
    const page = await agent.get(`/register/confirm?token=${token}`);
    expect(page.status).toBe(200);
    expect(mainText(page.text)).toContain(`Konto für ${values.organisation} mit der E-Mail-Adresse ${values.email}.`);
    expect(await accountOf(values.email)).toBeUndefined();

    const response = await agent
      .post('/register/confirm')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), token }));
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/employer/vacancies?saved=welcome');
    const session = cookieFrom(response, 'jb_session');
    expect(session).toBeTruthy();

    const employers = await employersNamed(values.organisation);
    expect(employers).toHaveLength(1);
    expect(employers[0]).toMatchObject({ status: 'pending', town: 'Chemnitz' });
    expect(employers[0]!.place_id).not.toBeNull();
    const account = await accountOf(values.email);
    expect(account).toMatchObject({ role: 'employer', employer_id: employers[0]!.id });
    expect(account!.password_hash.startsWith('$argon2id$')).toBe(true);
    const sessionRow = await app.db
      .selectFrom('sessions')
      .select('account_id')
      .where('id_hash', '=', hashSessionId(session!))
      .executeTakeFirst();
    expect(sessionRow?.account_id).toBe(account!.id);
    expect((await agent.get('/employer/vacancies?saved=welcome')).status).toBe(200);
    // The password typed at registration is the one that logs in.
    await loginAs(app, values.email, values.password);

    expect(await auditRows(app, 'registration.confirmed', account!.id)).toHaveLength(1);
    expect(await app.db.selectFrom('registration_requests').select('id').where('email', '=', values.email).execute()).toEqual([]);

    // One time only.
    const reused = await agentFor(app).get(`/register/confirm?token=${token}`);
    expect(reused.status).toBe(410);
    expect(mainText(reused.text)).toContain('Dieser Link gilt nicht mehr');
  });

  it('answers JSON clients 201 with the new account, and one 410 for unknown, malformed or expired links', async () => {
    const { values, token } = await registeredLink();
    const agent = agentFor(app);
    const csrf = csrfFrom((await agent.get('/register')).text);
    const unknown = await agent
      .post('/register/confirm')
      .set('accept', 'application/json')
      .set('x-csrf-token', csrf)
      .send({ token: 'B'.repeat(43) });
    expect(unknown.status).toBe(410);
    expect(unknown.body.error.code).toBe('link_not_valid');
    expect(
      (
        await agent
          .post('/register/confirm')
          .set('accept', 'application/json')
          .set('x-csrf-token', csrf)
          .send({ token: ['x'] })
      ).status,
    ).toBe(410);

    const confirmed = await agent.post('/register/confirm').set('accept', 'application/json').set('x-csrf-token', csrf).send({ token });
    expect(confirmed.status).toBe(201);
    expect(confirmed.body.accountId).toBe((await accountOf(values.email))!.id);

    const late = await registeredLink();
    await app.db
      .updateTable('registration_requests')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('email', '=', late.values.email)
      .execute();
    expect((await request(app.server).get(`/register/confirm?token=${late.token}`)).status).toBe(410);
  });

  it('answers 409 (email_taken) when the address got an account between sign-up and confirmation, and creates nothing', async () => {
    const { values, token } = await registeredLink();
    expect(
      (await registerEmployer(app, { organisation: `Firma ${unique()}`, email: values.email, password: PASSWORD, town: 'Dresden' })).ok,
    ).toBe(true);
    const agent = agentFor(app);
    const page = await agent.get(`/register/confirm?token=${token}`);
    const response = await agent
      .post('/register/confirm')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), token }));
    expect(response.status).toBe(409);
    expect(mainText(response.text)).toContain(
      'Mit dieser E-Mail-Adresse gibt es schon ein Konto. Melden Sie sich an oder setzen Sie Ihr Passwort neu.',
    );
    expect(cookieFrom(response, 'jb_session')).toBeUndefined();
    expect(await employersNamed(values.organisation)).toHaveLength(0);

    const json = await registeredLink();
    expect(
      (await registerEmployer(app, { organisation: `Firma ${unique()}`, email: json.values.email, password: PASSWORD, town: 'Dresden' }))
        .ok,
    ).toBe(true);
    const csrf = csrfFrom((await agent.get('/register')).text);
    const answer = await agent
      .post('/register/confirm')
      .set('accept', 'application/json')
      .set('x-csrf-token', csrf)
      .send({ token: json.token });
    expect(answer.status).toBe(409);
    expect(answer.body.error).toEqual({
      code: 'email_taken',
      message: 'Mit dieser E-Mail-Adresse gibt es schon ein Konto. Melden Sie sich an oder setzen Sie Ihr Passwort neu.',
    });
  });

  it('creates one account when the same address registered twice and both links are followed', async () => {
    const values = signUp();
    const first = await registeredLink(values);
    const second = await registeredLink({ ...values, organisation: `Zweite ${unique()}` });
    const agent = agentFor(app);
    const page = await agent.get(`/register/confirm?token=${second.token}`);
    expect(
      (
        await agent
          .post('/register/confirm')
          .type('form')
          .send(encodeForm({ _csrf: csrfFrom(page.text), token: second.token }))
      ).status,
    ).toBe(303);
    expect((await request(app.server).get(`/register/confirm?token=${first.token}`)).status).toBe(410);
    expect(await app.db.selectFrom('accounts').select('id').where('email', '=', values.email).execute()).toHaveLength(1);
  });
});

describe('the password rule on registration', () => {
  it('refuses a guessable password, or one built on the address, with a clear message and the values kept', async () => {
    for (const password of ['passwort12345', 'qwertzuiop123']) {
      const values = signUp({ password });
      const { response } = await register(values);
      expect(response.status, password).toBe(422);
      expect(response.text).toContain(
        '<a href="#password">Wählen Sie ein Passwort, das schwerer zu erraten ist: zum Beispiel drei oder vier Wörter, die nichts miteinander zu tun haben</a>',
      );
      expect(response.text).toContain(`value="${values.organisation}"`);
      expect(response.text).not.toContain(`value="${password}"`);
    }
    const email = `info.${unique()}@sonnenschein.de`;
    const own = await register(signUp({ email, password: email }));
    expect(own.response.status).toBe(422);
    expect(own.response.text).toContain('<a href="#password">Wählen Sie ein Passwort, das schwerer zu erraten ist');
    expect(await mailsTo(app, email)).toEqual([]);
  });

  it('reports the password together with the other problems, in English too', async () => {
    const agent = agentFor(app);
    const page = await agent.get('/register?lang=en');
    const response = await agent
      .post('/register')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), organisation: '', email: 'nope', password: 'passwort12345', town: 'Chemnitz' }));
    expect(response.status).toBe(422);
    expect(response.text).toContain(
      '<a href="#password">Choose a password that is harder to guess: for example three or four unrelated words</a>',
    );
    expect(response.text).toContain('href="#organisation"');
    expect(response.text).toContain('href="#email"');
  });
});

describe('the password rule on the invitation form', () => {
  it('refuses a guessable password, or the invited address itself, and creates no account', async () => {
    const admin = await loginAsAdmin(app);
    const { email, path } = await inviteThroughForm(admin);
    for (const password of ['passwort12345', email]) {
      const agent = agentFor(app);
      const page = await agent.get(path);
      const response = await agent
        .post(path)
        .type('form')
        .send(encodeForm({ _csrf: csrfFrom(page.text), password, passwordRepeat: password }));
      expect(response.status, password).toBe(422);
      expect(response.text).toContain('<a href="#password">Wählen Sie ein Passwort, das schwerer zu erraten ist');
    }
    expect(await accountOf(email)).toBeUndefined();
    const agent = agentFor(app);
    const page = await agent.get(path);
    const accepted = await agent
      .post(path)
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), password: 'Wolke Fahrrad Tasse 7', passwordRepeat: 'Wolke Fahrrad Tasse 7' }));
    expect(accepted.status).toBe(303);
    expect(await accountOf(email)).toBeDefined();
  });
});
