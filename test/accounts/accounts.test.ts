import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { hashSessionId } from '../../server/plugins/auth.ts';
import { useTestApp, agentFor, csrfFrom, encodeForm, unique } from '../helpers/app.ts';
import { createEmployer, loginAs, PASSWORD } from '../helpers/factories.ts';
import { cookieFrom, setCookieLine } from './cookies.ts';

const app = useTestApp();

function employerRows(name: string) {
  return app.db.selectFrom('employers').select(['id', 'name', 'town', 'place_id']).where('name', '=', name).execute();
}

function accountRow(email: string) {
  return app.db.selectFrom('accounts').selectAll().where('email', '=', email).executeTakeFirst();
}

/** The text between an element's opening tag with this id and its closing tag. */
function elementText(html: string, id: string): string {
  const match = new RegExp(`<(\\w+)[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</\\1>`).exec(html);
  return match
    ? match[2]!
        .replace(/<[^<>]+>/g, '')
        .replace(/\s+/g, ' ')
        .trim()
    : '';
}

/** The opening <input> tag of a field. */
function inputTag(html: string, name: string): string {
  const match = new RegExp(`<input[^>]*\\bname="${name}"[^>]*>`).exec(html);
  if (!match) throw new Error(`No input named ${name}`);
  return match[0];
}

function title(html: string): string {
  return /<title>([^<]*)<\/title>/.exec(html)?.[1]?.trim() ?? '';
}

describe('registration', () => {
  it('renders the form with its fields and a CSRF token', async () => {
    const response = await request(app.server).get('/register');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    for (const name of ['organisation', 'email', 'password', 'town']) {
      expect(inputTag(response.text, name)).toContain(`id="${name}"`);
      expect(response.text).toContain(`<label class="label" for="${name}">`);
    }
    expect(inputTag(response.text, 'password')).toContain('type="password"');
    expect(inputTag(response.text, '_csrf')).toContain('type="hidden"');
    expect(csrfFrom(response.text).length).toBeGreaterThan(20);
    expect(title(response.text)).not.toMatch(/^Fehler:/);
    expect(response.text).not.toContain('Es gibt ein Problem');
  });

  it('shows every problem at once, next to its field, and keeps what was typed except the password', async () => {
    const agent = agentFor(app);
    const form = await agent.get('/register');
    const typedEmail = `not-an-address-${unique()}`;
    const typedTown = `Nirgendwo ${unique()}`;
    const response = await agent
      .post('/register')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(form.text), organisation: '', email: typedEmail, password: 'short', town: typedTown }));

    expect(response.status).toBe(422);
    const html = response.text;
    expect(title(html)).toMatch(/^Fehler:/);
    expect(html).toContain('Es gibt ein Problem');
    const expected: Record<string, string> = {
      organisation: 'Geben Sie den Namen Ihres Unternehmens ein',
      email: 'Geben Sie eine E-Mail-Adresse im richtigen Format ein, zum Beispiel name@firma.de',
      password: 'Das Passwort muss mindestens 12 Zeichen lang sein',
      town: 'Diesen Ort kennen wir nicht. Wählen Sie einen Ort aus der Liste',
    };
    for (const [field, message] of Object.entries(expected)) {
      expect(html).toContain(`<a href="#${field}">${message}</a>`);
      expect(elementText(html, `${field}-error`)).toBe(`Fehler: ${message}`);
      const input = inputTag(html, field);
      expect(input).toContain('aria-invalid="true"');
      expect(input).toMatch(new RegExp(`aria-describedby="[^"]*\\b${field}-error\\b`));
    }
    // Summary in form order.
    const order = ['organisation', 'email', 'password', 'town'].map((field) => html.indexOf(`href="#${field}"`));
    expect(order).toEqual([...order].sort((a, b) => a - b));

    expect(inputTag(html, 'email')).toContain(`value="${typedEmail}"`);
    expect(inputTag(html, 'town')).toContain(`value="${typedTown}"`);
    expect(inputTag(html, 'password')).toContain('value=""');
    expect(html).not.toContain('value="short"');
  });

  it('reports an unknown town on its own', async () => {
    const agent = agentFor(app);
    const form = await agent.get('/register');
    const organisation = `Firma ${unique()}`;
    const email = `${unique('reg')}@example.org`;
    const response = await agent
      .post('/register')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(form.text), organisation, email, password: PASSWORD, town: 'Atlantis-an-der-Elbe' }));

    expect(response.status).toBe(422);
    expect(response.text).toContain('<a href="#town">Diesen Ort kennen wir nicht');
    expect(response.text).not.toContain('href="#organisation"');
    expect(inputTag(response.text, 'organisation')).toContain(`value="${organisation}"`);
    expect(inputTag(response.text, 'email')).toContain(`value="${email}"`);
    expect(inputTag(response.text, 'password')).toContain('value=""');
    expect(await employerRows(organisation)).toEqual([]);
    expect(await accountRow(email)).toBeUndefined();
  });

  it('creates the employer and its account once the address is confirmed, hashes the password with argon2id and logs in', async () => {
    const agent = agentFor(app);
    const form = await agent.get('/register');
    const organisation = `Bäckerei ${unique()}`;
    const email = `${unique('reg')}@example.org`;
    const registered = await agent
      .post('/register')
      .type('form')
      .send(
        encodeForm({ _csrf: csrfFrom(form.text), organisation, email: `  ${email.toUpperCase()} `, password: PASSWORD, town: 'Chemnitz' }),
      );
    expect(registered.status).toBe(303);
    expect(registered.headers.location).toBe('/register/sent');
    expect(await employerRows(organisation)).toEqual([]);

    // The link in the confirmation e-mail (test/accounts/registration.test.ts covers the e-mail itself).
    const mail = await app.db
      .selectFrom('mail_outbox')
      .select('body_text')
      .where('recipient', '=', email)
      .where('kind', '=', 'registration_confirm')
      .executeTakeFirstOrThrow();
    const token = /\/register\/confirm\?token=([\w-]{43})/.exec(mail.body_text)![1]!;
    const confirmPage = await agent.get(`/register/confirm?token=${token}`);
    const response = await agent
      .post('/register/confirm')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(confirmPage.text), token }));

    expect(response.status).toBe(303);
    expect(response.headers.location).toMatch(/^\/employer\/vacancies(\?|$)/);
    const session = cookieFrom(response, 'jb_session');
    expect(session).toBeTruthy();

    const employers = await employerRows(organisation);
    expect(employers).toHaveLength(1);
    expect(employers[0]!.town).toBe('Chemnitz');
    expect(employers[0]!.place_id).not.toBeNull();
    const account = await accountRow(email);
    expect(account).toBeDefined();
    expect(account!.role).toBe('employer');
    expect(account!.employer_id).toBe(employers[0]!.id);
    expect(account!.password_hash.startsWith('$argon2id$')).toBe(true);
    expect(account!.password_hash).not.toContain(PASSWORD);

    const sessionRow = await app.db
      .selectFrom('sessions')
      .select('account_id')
      .where('id_hash', '=', hashSessionId(session!))
      .executeTakeFirst();
    expect(sessionRow?.account_id).toBe(account!.id);

    const home = await agent.get(response.headers.location as string);
    expect(home.status).toBe(200);
    expect(home.text).toContain('Willkommen! Ihr Konto ist angelegt.');
  });

  it('answers a taken e-mail address as it answers a new one, and writes nothing', async () => {
    const { email } = await createEmployer(app);
    const agent = agentFor(app);
    const form = await agent.get('/register');
    const organisation = `Doppelt ${unique()}`;
    const response = await agent
      .post('/register')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(form.text), organisation, email: email.toUpperCase(), password: PASSWORD, town: 'Leipzig' }));

    // Registration must not tell anyone that the address has an account: the owner learns it by e-mail.
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/register/sent');
    expect(response.text).not.toContain('schon ein Konto');
    expect(cookieFrom(response, 'jb_session')).toBeUndefined();
    expect(await employerRows(organisation)).toEqual([]);
  });

  it('answers JSON clients with the field messages', async () => {
    const agent = agentFor(app);
    const form = await agent.get('/register');
    const response = await agent
      .post('/register')
      .set('accept', 'application/json')
      .set('x-csrf-token', csrfFrom(form.text))
      .send({ organisation: 'X', email: 'nope', password: '12345', town: '' });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('validation');
    expect(Object.keys(response.body.error.fields).sort()).toEqual(['email', 'organisation', 'password', 'town']);
  });
});

describe('login', () => {
  async function attempt(agent: ReturnType<typeof agentFor>, email: string, password: string) {
    const page = await agent.get('/login');
    return agent
      .post('/login')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), email, password }));
  }

  it('rejects a wrong password with 401, one message and the e-mail kept', async () => {
    const { email } = await createEmployer(app);
    const response = await attempt(agentFor(app), email, 'wrong-password-123');
    expect(response.status).toBe(401);
    expect(title(response.text)).toMatch(/^Fehler:/);
    expect(response.text).toContain('Es gibt ein Problem');
    expect(response.text).toContain('E-Mail-Adresse oder Passwort sind falsch');
    expect(inputTag(response.text, 'email')).toContain(`value="${email}"`);
    expect(inputTag(response.text, 'password')).toContain('value=""');
    expect(response.text).not.toContain('wrong-password-123');
    expect(cookieFrom(response, 'jb_session')).toBeUndefined();
  });

  it('gives an unknown e-mail address exactly the same answer as a wrong password', async () => {
    const { email } = await createEmployer(app);
    const unknown = `${unique('nobody')}@example.org`;
    const agent = agentFor(app);
    const wrong = await attempt(agent, email, 'wrong-password-123');
    const missing = await attempt(agent, unknown, 'wrong-password-123');
    expect(missing.status).toBe(wrong.status);
    expect(missing.text.replaceAll(unknown, 'EMAIL')).toBe(wrong.text.replaceAll(email, 'EMAIL'));

    const json = async (address: string) =>
      (
        await agent
          .post('/login')
          .set('accept', 'application/json')
          .set('x-csrf-token', csrfFrom((await agent.get('/login')).text))
          .send({ email: address, password: 'wrong-password-123' })
      ).body;
    const [a, b] = [await json(email), await json(unknown)];
    expect(a).toEqual(b);
    expect(a.error.code).toBe('invalid_credentials');
  });

  it('starts a new session with a fresh cookie (HttpOnly, SameSite=Lax, not Secure in test)', async () => {
    const { email, accountId } = await createEmployer(app);
    const agent = agentFor(app);
    const page = await agent.get('/login');
    const anon = cookieFrom(page, 'jb_anon');
    expect(anon).toBeTruthy();

    const response = await agent
      .post('/login')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), email, password: PASSWORD }));
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/employer/vacancies');
    const session = cookieFrom(response, 'jb_session');
    expect(session).toBeTruthy();
    expect(session).not.toBe(anon);
    const line = setCookieLine(response, 'jb_session')!;
    expect(line).toMatch(/;\s*HttpOnly/i);
    expect(line).toMatch(/;\s*SameSite=Lax/i);
    expect(line).not.toMatch(/;\s*Secure/i);
    expect(line).toMatch(/;\s*Path=\//i);

    const row = await app.db.selectFrom('sessions').select('account_id').where('id_hash', '=', hashSessionId(session!)).executeTakeFirst();
    expect(row?.account_id).toBe(accountId);
    // Only the hash is stored, never the cookie value.
    const raw = await app.db.selectFrom('sessions').select('id_hash').where('id_hash', '=', session!).executeTakeFirst();
    expect(raw).toBeUndefined();

    const last = await accountRow(email);
    expect(last!.last_login_at).not.toBeNull();

    const vacancies = await agent.get('/employer/vacancies');
    expect(vacancies.status).toBe(200);
  });

  it('never adopts a session id planted by someone else', async () => {
    const { email } = await createEmployer(app);
    const planted = 'attacker-chosen-session-id';
    const page = await request(app.server).get('/login').set('Cookie', `jb_session=${planted}`);
    const anon = cookieFrom(page, 'jb_anon');
    expect(anon).toBeTruthy();
    const login = await request(app.server)
      .post('/login')
      .set('Cookie', `jb_session=${planted}; jb_anon=${anon}`)
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), email, password: PASSWORD }));
    expect(login.status).toBe(303);
    const issued = cookieFrom(login, 'jb_session');
    expect(issued).toBeTruthy();
    expect(issued).not.toBe(planted);
    expect(
      await app.db.selectFrom('sessions').select('id_hash').where('id_hash', '=', hashSessionId(planted)).executeTakeFirst(),
    ).toBeUndefined();
    expect((await request(app.server).get('/employer/vacancies').set('Cookie', `jb_session=${planted}`)).status).toBe(302);
  });

  it('ends the previous session row when an already logged-in client logs in again', async () => {
    const { email } = await createEmployer(app);
    const agent = agentFor(app);
    const page = await agent.get('/login');
    const first = await agent
      .post('/login')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), email, password: PASSWORD }));
    const before = cookieFrom(first, 'jb_session')!;
    const page2 = await agent.get('/login');
    const second = await agent
      .post('/login')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page2.text), email, password: PASSWORD }));
    expect(second.status).toBe(303);
    const after = cookieFrom(second, 'jb_session')!;
    expect(after).not.toBe(before);
    expect(
      await app.db.selectFrom('sessions').select('id_hash').where('id_hash', '=', hashSessionId(before)).executeTakeFirst(),
    ).toBeUndefined();
    const replay = await request(app.server).get('/employer/vacancies').set('Cookie', `jb_session=${before}`);
    expect(replay.status).toBe(302);
  });
});

describe('logout', () => {
  it('ends the session on the server, so the old cookie no longer works', async () => {
    const { email } = await createEmployer(app);
    const agent = agentFor(app);
    const page = await agent.get('/login');
    const login = await agent
      .post('/login')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), email, password: PASSWORD }));
    const session = cookieFrom(login, 'jb_session')!;
    expect((await request(app.server).get('/employer/vacancies').set('Cookie', `jb_session=${session}`)).status).toBe(200);

    const home = await agent.get('/employer/vacancies');
    const logout = await agent
      .post('/logout')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(home.text) }));
    expect(logout.status).toBe(303);
    expect(logout.headers.location).toMatch(/^\/(\?|$)/);
    expect(setCookieLine(logout, 'jb_session')).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/i);

    const row = await app.db.selectFrom('sessions').select('id_hash').where('id_hash', '=', hashSessionId(session)).executeTakeFirst();
    expect(row).toBeUndefined();

    const replay = await request(app.server).get('/employer/vacancies').set('Cookie', `jb_session=${session}`);
    expect(replay.status).toBe(302);
    expect(replay.headers.location).toMatch(/^\/login\?next=/);
    const after = await agent.get('/employer/vacancies');
    expect(after.status).toBe(302);
  });
});

describe('role checks and the next parameter', () => {
  it('sends an anonymous visitor to the login page with the way back', async () => {
    const response = await request(app.server).get('/employer/vacancies/new?x=1');
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe(`/login?next=${encodeURIComponent('/employer/vacancies/new?x=1')}`);
    const list = await request(app.server).get('/employer/vacancies');
    expect(list.status).toBe(302);
    expect(list.headers.location).toBe('/login?next=%2Femployer%2Fvacancies');
  });

  it('answers an anonymous JSON client with 401', async () => {
    const response = await request(app.server).get('/employer/vacancies').set('accept', 'application/json');
    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    expect(response.body.error.code).toBe('unauthenticated');
    expect(typeof response.body.error.message).toBe('string');
  });

  it('follows a local next after login, carried through the login form', async () => {
    const { email } = await createEmployer(app);
    const agent = agentFor(app);
    const redirect = await agent.get('/employer/vacancies/new');
    const page = await agent.get(redirect.headers.location as string);
    expect(page.status).toBe(200);
    expect(inputTag(page.text, 'next')).toContain('value="/employer/vacancies/new"');
    const login = await agent
      .post('/login')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), email, password: PASSWORD, next: '/employer/vacancies/new' }));
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe('/employer/vacancies/new');
  });

  it.each([
    ['//evil.example', 'protocol-relative'],
    ['https://evil.example/', 'absolute'],
    ['/\\evil.example', 'backslash'],
    ['/\t/evil.example', 'tab that browsers strip'],
    ['/\n/evil.example', 'newline that browsers strip'],
    ['javascript:alert(1)', 'script'],
  ])('never follows next=%j (%s) off the site', async (next) => {
    const { email } = await createEmployer(app);
    const agent = agentFor(app);
    const page = await agent.get(`/login?next=${encodeURIComponent(next)}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('name="next"');
    const login = await agent
      .post('/login')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), email, password: PASSWORD, next }));
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe('/employer/vacancies');
  });

  it('lets a logged-in employer in and refuses another role', async () => {
    const { email } = await createEmployer(app);
    const agent = await loginAs(app, email);
    expect((await agent.get('/employer/vacancies')).status).toBe(200);

    const mentorEmail = `${unique('mentor')}@example.org`;
    const employer = await accountRow(email);
    await app.db
      .insertInto('accounts')
      .values({ email: mentorEmail, password_hash: employer!.password_hash, role: 'mentor', employer_id: null })
      .execute();
    const mentor = await loginAs(app, mentorEmail);
    const html = await mentor.get('/employer/vacancies');
    expect(html.status).toBe(403);
    const json = await mentor.get('/employer/vacancies').set('accept', 'application/json');
    expect(json.status).toBe(403);
    expect(json.body.error.code).toBe('forbidden');
  });
});
