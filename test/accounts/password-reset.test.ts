import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { useTestApp, agentFor, csrfFrom, encodeForm, flushMail, unique } from '../helpers/app.ts';
import { createEmployer, loginAs, PASSWORD } from '../helpers/factories.ts';
import { auditRows, mailsTo, mainText, sha256, submitFrom, tokenIn } from './security-support.ts';

const PUBLIC_URL = 'https://jobs.example';
const NEW_PASSWORD = 'Wolke Fahrrad Tasse 7';
const app = useTestApp({ config: { publicUrl: PUBLIC_URL } });

function forgot(email: string, headers: Record<string, string> = {}) {
  const agent = agentFor(app);
  return agent.get('/password/forgot').then((page) =>
    agent
      .post('/password/forgot')
      .set(headers)
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), email }))
      .then((response) => ({ agent, response })),
  );
}

async function resetLink(email: string): Promise<string> {
  await forgot(email);
  const mails = (await mailsTo(app, email)).filter((m) => m.kind === 'password_reset');
  return tokenIn(mails.at(-1)!.body_text, '/password/reset');
}

describe('asking for a reset link', () => {
  it('is offered on the login page', async () => {
    const login = await request(app.server).get('/login');
    expect(login.text).toContain('<a href="/password/forgot">Passwort vergessen?</a>');
    const page = await request(app.server).get('/password/forgot');
    expect(page.status).toBe(200);
    expect(page.text).toContain('name="email"');
  });

  it('answers the same for an address with and without an account, and mails only the account', async () => {
    const { email, accountId } = await createEmployer(app);
    const unknown = `${unique('nobody')}@example.org`;

    const known = await forgot(email);
    const missing = await forgot(unknown);
    expect(missing.response.status).toBe(known.response.status);
    expect(known.response.status).toBe(303);
    expect(missing.response.headers.location).toBe(known.response.headers.location);
    const knownPage = await known.agent.get(known.response.headers.location as string);
    const missingPage = await missing.agent.get(missing.response.headers.location as string);
    expect(mainText(missingPage.text)).toBe(mainText(knownPage.text));
    expect(mainText(knownPage.text)).toContain('Wenn es für diese Adresse ein Konto gibt, haben wir einen Link geschickt.');

    const json = async (address: string) => {
      const agent = agentFor(app);
      const token = csrfFrom((await agent.get('/password/forgot')).text);
      return agent.post('/password/forgot').set('accept', 'application/json').set('x-csrf-token', token).send({ email: address });
    };
    const [knownJson, missingJson] = [await json(email), await json(unknown)];
    expect(knownJson.status).toBe(202);
    expect(missingJson.status).toBe(202);
    expect(missingJson.body).toEqual(knownJson.body);

    expect((await mailsTo(app, email)).map((m) => m.kind)).toEqual(['password_reset', 'password_reset']);
    expect(await mailsTo(app, unknown)).toEqual([]);
    expect(await auditRows(app, 'password.reset_requested', accountId)).toHaveLength(2);
  });

  it('builds the link from the public address, never the Host header, and stores only its hash', async () => {
    const { email, accountId } = await createEmployer(app);
    await forgot(email, { host: 'evil.example', 'x-forwarded-host': 'evil.example' });
    const [mail] = await mailsTo(app, email);
    expect(mail!.body_text).toContain(`${PUBLIC_URL}/password/reset?token=`);
    expect(mail!.body_text).not.toContain('evil.example');
    const token = tokenIn(mail!.body_text, '/password/reset');
    const rows = await app.db.selectFrom('password_resets').selectAll().where('account_id', '=', accountId).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toBe(sha256(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    const minutes = (rows[0]!.expires_at.getTime() - rows[0]!.created_at.getTime()) / 60_000;
    expect(Math.round(minutes)).toBe(60);
    // The outbox sends it (in tests: marks it sent).
    await flushMail(app);
    const sent = await app.db.selectFrom('mail_outbox').select('sent_at').where('recipient', '=', email).executeTakeFirstOrThrow();
    expect(sent.sent_at).not.toBeNull();
  });

  it('refuses a malformed address with the message next to the field', async () => {
    const { response } = await forgot('not-an-address');
    expect(response.status).toBe(422);
    expect(response.text).toContain('<a href="#email">Geben Sie eine E-Mail-Adresse im richtigen Format ein');
    expect(response.text).toContain('value="not-an-address"');
  });

  it('limits requests per address, with or without an account, the same way', async () => {
    const { email } = await createEmployer(app);
    const unknown = `${unique('nobody')}@example.org`;
    for (const address of [email, unknown]) {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await forgot(address)).response.status);
      expect(statuses, address).toEqual([303, 303, 303, 429]);
    }
    expect((await mailsTo(app, email)).length).toBe(3);
  });
});

describe('setting a new password with the link', () => {
  it('shows the form for a valid link and one answer (410) for unknown, malformed and expired links', async () => {
    const { email, accountId } = await createEmployer(app);
    const token = await resetLink(email);
    const page = await request(app.server).get(`/password/reset?token=${token}`);
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toContain('no-store');
    expect(mainText(page.text)).toContain(`Für das Konto ${email}.`);

    const unknown = await request(app.server).get(`/password/reset?token=${'A'.repeat(43)}`);
    const malformed = await request(app.server).get('/password/reset?token=short');
    expect(unknown.status).toBe(410);
    expect(malformed.status).toBe(410);
    expect(mainText(malformed.text)).toBe(mainText(unknown.text));

    await app.db
      .updateTable('password_resets')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('account_id', '=', accountId)
      .execute();
    const expired = await request(app.server).get(`/password/reset?token=${token}`);
    expect(expired.status).toBe(410);
    expect(mainText(expired.text)).toBe(mainText(unknown.text));
  });

  it('refuses a guessable password or a mismatch and keeps the link usable', async () => {
    const { email } = await createEmployer(app);
    const token = await resetLink(email);
    const agent = agentFor(app);
    const guessable = await submitFrom(agent, `/password/reset?token=${token}`, '/password/reset', {
      token,
      password: 'passwort12345',
      passwordRepeat: 'passwort12345',
    });
    expect(guessable.status).toBe(422);
    expect(guessable.text).toContain('<a href="#password">Wählen Sie ein Passwort, das schwerer zu erraten ist');
    expect(guessable.text).toContain(`name="token" value="${token}"`);
    const mismatch = await submitFrom(agent, `/password/reset?token=${token}`, '/password/reset', {
      token,
      password: NEW_PASSWORD,
      passwordRepeat: 'something else entirely',
    });
    expect(mismatch.status).toBe(422);
    expect(mismatch.text).toContain('<a href="#passwordRepeat">Die beiden Passwörter sind nicht gleich</a>');
    expect((await request(app.server).get(`/password/reset?token=${token}`)).status).toBe(200);
  });

  it('answers JSON clients: the password refused at its field (422), a link that does not work 410 and never cached', async () => {
    const { email } = await createEmployer(app);
    const token = await resetLink(email);
    const agent = agentFor(app);
    const csrf = csrfFrom((await agent.get('/password/forgot')).text);
    const post = (body: Record<string, unknown>) =>
      agent.post('/password/reset').set('accept', 'application/json').set('x-csrf-token', csrf).send(body);
    const guessable = await post({ token, password: 'passwort12345', passwordRepeat: 'passwort12345' });
    expect(guessable.status).toBe(422);
    expect(guessable.body.error.code).toBe('validation');
    expect(Object.keys(guessable.body.error.fields)).toEqual(['password']);
    expect(guessable.body.error.fields.password).toContain('schwerer zu erraten');

    for (const body of [{ token: 'A'.repeat(43), password: NEW_PASSWORD, passwordRepeat: NEW_PASSWORD }, { token: ['x'] }, {}]) {
      const gone = await post(body);
      expect(gone.status, JSON.stringify(body)).toBe(410);
      expect(gone.headers['cache-control']).toBe('no-store');
      expect(gone.body.error.code).toBe('link_not_valid');
    }
    // The refused password left the link usable.
    expect((await post({ token, password: NEW_PASSWORD, passwordRepeat: NEW_PASSWORD })).body).toEqual({ reset: true });
  });

  it('sets the password, ends every session, works once, sends to the login with a notice, records it and tells the address', async () => {
    const { email, accountId } = await createEmployer(app);
    const loggedIn = await loginAs(app, email);
    const token = await resetLink(email);

    const agent = agentFor(app);
    const response = await submitFrom(agent, `/password/reset?token=${token}`, '/password/reset', {
      token,
      password: NEW_PASSWORD,
      passwordRepeat: NEW_PASSWORD,
    });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/login?notice=password-reset');
    expect(mainText((await agent.get('/login?notice=password-reset')).text)).toContain(
      'Ihr Passwort ist neu gesetzt. Melden Sie sich mit dem neuen Passwort an.',
    );

    expect((await loggedIn.get('/employer/vacancies')).status).toBe(302);
    expect(await app.db.selectFrom('sessions').select('id_hash').where('account_id', '=', accountId).execute()).toEqual([]);
    expect((await submitFrom(agentFor(app), '/login', '/login', { email, password: PASSWORD })).status).toBe(401);
    await loginAs(app, email, NEW_PASSWORD);

    // One time only.
    expect((await request(app.server).get(`/password/reset?token=${token}`)).status).toBe(410);
    const own = agentFor(app);
    const ownToken = csrfFrom((await own.get('/password/forgot')).text);
    const reused = await own
      .post('/password/reset')
      .set('accept', 'application/json')
      .set('x-csrf-token', ownToken)
      .send({ token, password: 'Ganz anderes Wort 99', passwordRepeat: 'Ganz anderes Wort 99' });
    expect(reused.status).toBe(410);
    expect(reused.body.error.code).toBe('link_not_valid');
    await loginAs(app, email, NEW_PASSWORD);

    const [row] = await auditRows(app, 'password.reset', accountId);
    expect(row).toMatchObject({ actor_id: accountId, detail: { sessionsEnded: 1 } });
    expect((await mailsTo(app, email)).map((m) => m.kind)).toEqual(['password_reset', 'password_changed']);
  });

  it("ends the account's other open links when one is used", async () => {
    const { email } = await createEmployer(app);
    const first = await resetLink(email);
    const second = await resetLink(email);
    const agent = agentFor(app);
    expect(
      (
        await submitFrom(agent, `/password/reset?token=${second}`, '/password/reset', {
          token: second,
          password: NEW_PASSWORD,
          passwordRepeat: NEW_PASSWORD,
        })
      ).status,
    ).toBe(303);
    expect((await request(app.server).get(`/password/reset?token=${first}`)).status).toBe(410);
  });

  it('sends no link for a disabled account', async () => {
    const { email, accountId } = await createEmployer(app);
    await app.db.updateTable('accounts').set({ disabled_at: new Date() }).where('id', '=', accountId).execute();
    expect((await forgot(email)).response.status).toBe(303);
    expect(await mailsTo(app, email)).toEqual([]);
  });
});
