import { sql } from 'kysely';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/accounts/passwords.ts';
import { insertAccount } from '../../server/accounts/queries.ts';
import { useTestApp, agentFor, csrfFrom, encodeForm, unique } from '../helpers/app.ts';
import { createEmployer, loginAs, PASSWORD } from '../helpers/factories.ts';
import { cookieFrom } from './cookies.ts';
import { auditRows, mailsTo, mainText, submitFrom } from './security-support.ts';

const app = useTestApp();

async function mentor() {
  const email = `${unique('mentor')}@example.org`;
  const accountId = (await insertAccount(app.db, {
    email,
    passwordHash: await hashPassword(PASSWORD),
    role: 'mentor',
    employerId: null,
    projectId: null,
  }))!;
  return { email, accountId };
}

/** Makes every session of the account look unused for this long. */
async function idleFor(accountId: string, minutes: number) {
  await app.db
    .updateTable('sessions')
    .set({ last_seen_at: sql<Date>`now() - make_interval(mins => ${minutes})` })
    .where('account_id', '=', accountId)
    .execute();
}

const sessionsOf = (accountId: string) =>
  app.db.selectFrom('sessions').select(['id_hash', 'last_seen_at']).where('account_id', '=', accountId).execute();

describe('idle timeout', () => {
  it('logs an employer out after 24 hours without activity and says so on the login page', async () => {
    const { email, accountId } = await createEmployer(app);
    const agent = await loginAs(app, email);
    await idleFor(accountId, 24 * 60 + 1);

    const response = await agent.get('/employer/vacancies');
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/login?notice=idle-employer&next=%2Femployer%2Fvacancies');
    expect(cookieFrom(response, 'jb_session')).toBe('');
    expect(await sessionsOf(accountId)).toEqual([]);

    const login = await agent.get(response.headers.location as string);
    expect(login.status).toBe(200);
    expect(mainText(login.text)).toContain('Sie wurden nach 24 Stunden ohne Aktivität abgemeldet.');
    expect(login.text).toContain('name="next" value="/employer/vacancies"');

    const [row] = await auditRows(app, 'session.idle_timeout', accountId);
    expect(row).toMatchObject({ actor_id: accountId, actor_role: 'employer' });
    expect(row!.detail).toMatchObject({ idleMinutes: 24 * 60 + 1 });
  });

  it('keeps an employer idle for 23 hours logged in', async () => {
    const { email, accountId } = await createEmployer(app);
    const agent = await loginAs(app, email);
    await idleFor(accountId, 23 * 60);
    expect((await agent.get('/employer/vacancies')).status).toBe(200);
    expect(await sessionsOf(accountId)).toHaveLength(1);
  });

  it('logs a mentor out after 30 minutes, in English too, and not after 29', async () => {
    const staying = await mentor();
    const stayingAgent = await loginAs(app, staying.email);
    await idleFor(staying.accountId, 29);
    expect((await stayingAgent.get('/account')).status).toBe(200);

    const leaving = await mentor();
    const agent = await loginAs(app, leaving.email);
    await idleFor(leaving.accountId, 31);
    const response = await agent.get('/account?lang=en');
    expect(response.status).toBe(303);
    expect(response.headers.location).toMatch(/^\/login\?notice=idle-mentor&next=/);
    const login = await agent.get(response.headers.location as string);
    expect(mainText(login.text)).toContain('You were logged out after 30 minutes without activity.');
    expect((await agent.get('/account')).status).toBe(302);
  });

  it('answers a JSON client of an idle session with 401 and the reason', async () => {
    const { email, accountId } = await createEmployer(app);
    const agent = await loginAs(app, email);
    await idleFor(accountId, 25 * 60);
    const response = await agent.get('/employer/vacancies').set('accept', 'application/json');
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('session_idle');
    expect(response.body.error.message).toContain('24 Stunden');
  });

  it('writes last_seen_at at most once a minute', async () => {
    const { email, accountId } = await createEmployer(app);
    const agent = await loginAs(app, email);
    const [first] = await sessionsOf(accountId);
    await agent.get('/employer/vacancies');
    await agent.get('/account');
    const [unchanged] = await sessionsOf(accountId);
    expect(unchanged!.last_seen_at.getTime()).toBe(first!.last_seen_at.getTime());

    await idleFor(accountId, 2);
    const [before] = await sessionsOf(accountId);
    await agent.get('/employer/vacancies');
    const [after] = await sessionsOf(accountId);
    expect(after!.last_seen_at.getTime() - before!.last_seen_at.getTime()).toBeGreaterThan(60_000);
  });

  it('still ends a session at its absolute lifetime', async () => {
    const { email, accountId } = await createEmployer(app);
    const agent = await loginAs(app, email);
    await app.db
      .updateTable('sessions')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('account_id', '=', accountId)
      .execute();
    expect((await agent.get('/employer/vacancies')).status).toBe(302);
  });
});

describe('my account', () => {
  it('is linked from the nav for a logged-in user, and sends anonymous visitors to log in', async () => {
    const { email } = await createEmployer(app);
    const agent = await loginAs(app, email);
    const home = await agent.get('/employer/vacancies');
    expect(home.text).toContain('<a href="/account">Mein Konto</a>');
    const page = await agent.get('/account');
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toContain('no-store');
    expect(mainText(page.text)).toContain(`Sie sind angemeldet als ${email}.`);
    expect(mainText(page.text)).toContain('Sie sind nur hier angemeldet.');
    expect(page.text).toContain('<a href="/account/two-factor">Zwei-Faktor-Anmeldung einrichten oder ändern</a>');

    const anonymous = await request(app.server).get('/account');
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.location).toBe('/login?next=%2Faccount');
    expect((await request(app.server).get('/account').set('accept', 'application/json')).status).toBe(401);
  });

  it('logs out everywhere: every session of the account ends, this one too', async () => {
    const { email, accountId } = await createEmployer(app);
    const here = await loginAs(app, email);
    const elsewhere = await loginAs(app, email);
    const other = await createEmployer(app);
    const bystander = await loginAs(app, other.email);

    const page = await here.get('/account');
    expect(mainText(page.text)).toContain('Sie sind noch auf einem anderen Gerät oder in einem anderen Browser angemeldet.');
    const response = await here
      .post('/account/sessions/end')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text) }));
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/login?notice=logged-out-everywhere');
    expect(mainText((await here.get('/login?notice=logged-out-everywhere')).text)).toContain(
      'Sie sind jetzt auf allen Geräten abgemeldet.',
    );

    expect(await sessionsOf(accountId)).toEqual([]);
    expect((await here.get('/employer/vacancies')).status).toBe(302);
    expect((await elsewhere.get('/employer/vacancies')).status).toBe(302);
    expect((await bystander.get('/employer/vacancies')).status).toBe(200);
    const [row] = await auditRows(app, 'sessions.ended_everywhere', accountId);
    expect(row).toMatchObject({ actor_id: accountId, detail: { sessionsEnded: 2 } });
  });

  it('refuses to log out everywhere without the CSRF token', async () => {
    const { email, accountId } = await createEmployer(app);
    const agent = await loginAs(app, email);
    expect((await agent.post('/account/sessions/end').type('form').send('')).status).toBe(403);
    expect(await sessionsOf(accountId)).toHaveLength(1);
  });
});

describe('password change', () => {
  const NEW_PASSWORD = 'Wolke Fahrrad Tasse 7';

  async function change(agent: ReturnType<typeof agentFor>, values: Record<string, string>) {
    return submitFrom(agent, '/account', '/account/password', values);
  }

  it('refuses a wrong current password, a guessable or short new one and a mismatch, next to each field', async () => {
    const { email } = await createEmployer(app);
    const agent = await loginAs(app, email);

    const wrong = await change(agent, { currentPassword: 'not-my-password', password: NEW_PASSWORD, passwordRepeat: NEW_PASSWORD });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('<a href="#currentPassword">Das aktuelle Passwort ist falsch</a>');
    expect(wrong.text).toMatch(/<title>Fehler:/);

    const guessable = await change(agent, { currentPassword: PASSWORD, password: 'passwort12345', passwordRepeat: 'passwort12345' });
    expect(guessable.status).toBe(422);
    expect(guessable.text).toContain(
      '<a href="#password">Wählen Sie ein Passwort, das schwerer zu erraten ist: zum Beispiel drei oder vier Wörter, die nichts miteinander zu tun haben</a>',
    );

    const own = await change(agent, { currentPassword: PASSWORD, password: email, passwordRepeat: email });
    expect(own.status).toBe(422);
    expect(own.text).toContain('<a href="#password">Wählen Sie ein Passwort, das schwerer zu erraten ist');

    const short = await change(agent, { currentPassword: PASSWORD, password: 'kurz', passwordRepeat: 'kurz' });
    expect(short.text).toContain('<a href="#password">Das Passwort muss mindestens 12 Zeichen lang sein</a>');

    const mismatch = await change(agent, { currentPassword: PASSWORD, password: NEW_PASSWORD, passwordRepeat: `${NEW_PASSWORD}!` });
    expect(mismatch.status).toBe(422);
    expect(mismatch.text).toContain('<a href="#passwordRepeat">Die beiden Passwörter sind nicht gleich</a>');
    // No password typed ever comes back in the page.
    for (const page of [wrong, guessable, mismatch]) expect(page.text).not.toContain(NEW_PASSWORD);

    const json = await agent
      .post('/account/password')
      .set('accept', 'application/json')
      .set('x-csrf-token', csrfFrom(mismatch.text))
      .send({ currentPassword: PASSWORD, password: 'passwort12345', passwordRepeat: 'passwort12345' });
    expect(json.status).toBe(422);
    expect(Object.keys(json.body.error.fields)).toEqual(['password']);
  });

  it('changes the password, ends every other session, keeps this one, records it and tells the address', async () => {
    const { email, accountId } = await createEmployer(app);
    const agent = await loginAs(app, email);
    const elsewhere = await loginAs(app, email);

    const response = await change(agent, { currentPassword: PASSWORD, password: NEW_PASSWORD, passwordRepeat: NEW_PASSWORD });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/account?notice=password-changed');
    const page = await agent.get(response.headers.location as string);
    expect(page.status).toBe(200);
    expect(mainText(page.text)).toContain('Ihr Passwort ist geändert. Auf allen anderen Geräten sind Sie abgemeldet.');
    expect((await elsewhere.get('/employer/vacancies')).status).toBe(302);
    expect(await sessionsOf(accountId)).toHaveLength(1);

    const old = await submitFrom(agentFor(app), '/login', '/login', { email, password: PASSWORD });
    expect(old.status).toBe(401);
    await loginAs(app, email, NEW_PASSWORD);

    const [row] = await auditRows(app, 'password.changed', accountId);
    expect(row).toMatchObject({ actor_id: accountId, detail: { otherSessionsEnded: 1 } });
    const mails = await mailsTo(app, email);
    expect(mails.map((m) => m.kind)).toEqual(['password_changed']);
    expect(mails[0]!.body_text).not.toContain(NEW_PASSWORD);
  });

  it('stops trying current passwords after five wrong ones, even the right one', async () => {
    const { email } = await createEmployer(app);
    const agent = await loginAs(app, email);
    for (let i = 0; i < 5; i += 1) {
      expect(
        (await change(agent, { currentPassword: `wrong-${i}-password`, password: NEW_PASSWORD, passwordRepeat: NEW_PASSWORD })).status,
      ).toBe(422);
    }
    const locked = await change(agent, { currentPassword: PASSWORD, password: NEW_PASSWORD, passwordRepeat: NEW_PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.text).toContain('Zu viele Versuche');
    expect(locked.headers['retry-after']).toBe('900'); // the form is locked for the test app's window (RELAXED_LIMITS)
  });
});
