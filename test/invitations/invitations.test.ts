import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../server/accounts/passwords.ts';
import { registerEmployer } from '../../server/accounts/service.ts';
import { buildTestApp, csrfFrom, encodeForm, RELAXED_LIMITS, unique } from '../helpers/app.ts';
import { createEmployer, loginAs, PASSWORD } from '../helpers/factories.ts';
import { elementText, inputTag, inviteThroughForm, loginAsAdmin, mainOf, pageTitle, unknownToken, visitor } from '../helpers/admin.ts';

let app: FastifyInstance;

beforeAll(async () => {
  // Trusting X-Forwarded-For lets each test act from its own address (the accept form is rate-limited per address).
  // Ten invitation attempts per address, as in production (the suite's other limits stay relaxed).
  app = await buildTestApp({ config: { trustProxy: true }, rateLimits: { ...RELAXED_LIMITS, registerPerIp: 10 } });
});

afterAll(async () => {
  await app.close();
});

const NEW_PASSWORD = 'a-long-enough-secret-42';

function invitationRow(email: string) {
  return app.db.selectFrom('invitations').selectAll().where('email', '=', email).orderBy('created_at', 'desc').executeTakeFirst();
}

function accountRow(email: string) {
  return app.db.selectFrom('accounts').selectAll().where('email', '=', email).executeTakeFirst();
}

async function projectId(slug: string): Promise<number> {
  return (await app.db.selectFrom('projects').select('id').where('slug', '=', slug).executeTakeFirstOrThrow()).id;
}

/** Fills in the accept form the way a browser does: GET the page, POST it back with its token. */
async function accept(path: string, values: Record<string, string> = {}, agent = visitor(app)) {
  const page = await agent.get(path);
  expect(page.status).toBe(200);
  const response = await agent
    .post(path)
    .type('form')
    .send(encodeForm({ _csrf: csrfFrom(page.text), password: NEW_PASSWORD, passwordRepeat: NEW_PASSWORD, ...values }));
  return { agent, page, response };
}

describe('only admins manage invitations', () => {
  it('sends visitors without a session to log in', async () => {
    const response = await request(app.server).get('/admin/invitations');
    expect(response.status).toBe(302);
    expect(response.headers.location).toBe('/login?next=%2Fadmin%2Finvitations');
    const json = await request(app.server).get('/admin/invitations').set('accept', 'application/json');
    expect(json.status).toBe(401);
  });

  it('refuses an employer with 403, for the page, the JSON and the form, and creates nothing', async () => {
    const employer = await createEmployer(app);
    const agent = await loginAs(app, employer.email);
    const page = await agent.get('/admin/invitations');
    expect(page.status).toBe(403);
    expect(page.text).toContain('Kein Zugriff');
    expect((await agent.get('/admin/invitations').set('accept', 'application/json')).body.error.code).toBe('forbidden');

    const token = csrfFrom((await agent.get('/employer/vacancies')).text);
    const email = `${unique('sneaky')}@example.org`;
    const post = await agent
      .post('/admin/invitations')
      .type('form')
      .send(encodeForm({ _csrf: token, email, role: 'mentor', project: 'aul-dresden' }));
    expect(post.status).toBe(403);
    expect(await invitationRow(email)).toBeUndefined();
  });

  it('refuses a mentor too', async () => {
    const admin = await loginAsAdmin(app);
    const { email, path } = await inviteThroughForm(admin);
    expect((await accept(path)).response.status).toBe(303);
    const mentor = await loginAs(app, email, NEW_PASSWORD);
    expect((await mentor.get('/admin/invitations')).status).toBe(403);
  });
});

describe('inviting', () => {
  it('creates an invitation that stores only the hash of a 32-byte token, valid 7 days, and shows the link once', async () => {
    const admin = await loginAsAdmin(app);
    const before = Date.now();
    const { email, token, path, page } = await inviteThroughForm(admin, { project: 'aul-leipzig' });

    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(page.text).toMatch(new RegExp(`value="http://127\\.0\\.0\\.1:\\d+${path}"`));
    expect(page.headers['cache-control']).toBe('no-store');

    const row = await invitationRow(email);
    expect(row).toMatchObject({ role: 'mentor', project_id: await projectId('aul-leipzig'), used_at: null });
    expect(row!.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(token);
    const sevenDays = 7 * 86_400_000;
    expect(row!.expires_at.getTime()).toBeGreaterThanOrEqual(before + sevenDays - 5_000);
    expect(row!.expires_at.getTime()).toBeLessThanOrEqual(Date.now() + sevenDays + 5_000);

    // The list shows it as open; the token never appears again.
    const list = await admin.get('/admin/invitations');
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(token);
    const rowHtml = list.text.slice(list.text.indexOf(email), list.text.indexOf('</tr>', list.text.indexOf(email)));
    expect(rowHtml).toContain('Arbeitsmarktmentoren Leipzig');
    expect(rowHtml).toContain('Offen');
    expect(rowHtml).toContain('Mentorin oder Mentor');
  });

  it('answers JSON with the path and lists invitations with their status', async () => {
    const admin = await loginAsAdmin(app);
    const { csrfToken } = (await admin.get('/admin/invitations').set('accept', 'application/json')).body as { csrfToken: string };
    const email = `${unique('json')}@example.org`;
    const created = await admin
      .post('/admin/invitations')
      .set('accept', 'application/json')
      .set('x-csrf-token', csrfToken)
      .send({ email, role: 'coordinator' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email, role: 'coordinator', project: null });
    expect(created.body.path).toMatch(/^\/invitations\/[A-Za-z0-9_-]{43}$/);
    const list = await admin.get('/admin/invitations').set('accept', 'application/json');
    const listed = (list.body.invitations as { email: string; status: string; project: unknown }[]).find((i) => i.email === email);
    expect(listed).toMatchObject({ status: 'open', project: null, role: 'coordinator' });
    expect(list.body.projects).toContainEqual({ slug: 'aul-dresden', name: 'Arbeitsmarktmentoren Dresden' });
  });

  it('refuses an address that already has an account, with the message at the field and the values kept', async () => {
    const admin = await loginAsAdmin(app);
    const employer = await createEmployer(app);
    const page = await admin.get('/admin/invitations');
    const response = await admin
      .post('/admin/invitations')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), email: employer.email.toUpperCase(), role: 'mentor', project: 'bautzen' }));
    expect(response.status).toBe(422);
    expect(pageTitle(response.text)).toMatch(/^Fehler:/);
    expect(response.text).toContain('href="#email"');
    expect(elementText(response.text, 'email-error')).toContain('Mit dieser E-Mail-Adresse gibt es schon ein Konto');
    expect(inputTag(response.text, 'email')).toContain(`value="${employer.email.toUpperCase()}"`);
    expect(response.text).toMatch(/<option value="bautzen" selected>/);
    expect(await invitationRow(employer.email)).toBeUndefined();
  });

  it('needs a project for a mentor and none for a coordinator, and shows every problem at once', async () => {
    const admin = await loginAsAdmin(app);
    const token = csrfFrom((await admin.get('/admin/invitations')).text);
    const employer = await createEmployer(app);
    const mentor = await admin
      .post('/admin/invitations')
      .type('form')
      .send(encodeForm({ _csrf: token, email: employer.email, role: 'mentor', project: '' }));
    expect(mentor.status).toBe(422);
    expect(elementText(mentor.text, 'project-error')).toContain('Wählen Sie das Projekt');
    expect(elementText(mentor.text, 'email-error')).toContain('schon ein Konto');

    const email = `${unique('coord')}@example.org`;
    const coordinator = await admin
      .post('/admin/invitations')
      .type('form')
      .send(encodeForm({ _csrf: token, email, role: 'coordinator', project: 'aul-dresden' }));
    expect(coordinator.status).toBe(422);
    expect(elementText(coordinator.text, 'project-error')).toContain('gehört zu keinem Projekt');
    expect(coordinator.text).toMatch(/id="role-coordinator"[^>]*checked/);

    const unknown = await admin
      .post('/admin/invitations')
      .type('form')
      .send(encodeForm({ _csrf: token, email, role: 'mentor', project: 'atlantis' }));
    expect(unknown.status).toBe(422);
    expect(elementText(unknown.text, 'project-error')).toContain('Wählen Sie ein Projekt aus der Liste');

    const badRole = await admin
      .post('/admin/invitations')
      .type('form')
      .send(encodeForm({ _csrf: token, email, role: 'admin' }));
    expect(badRole.status).toBe(422);
    expect(elementText(badRole.text, 'role-error')).toContain('Wählen Sie eine Rolle');
    expect(await invitationRow(email)).toBeUndefined();
  });

  it('needs the CSRF token', async () => {
    const admin = await loginAsAdmin(app);
    const email = `${unique('nocsrf')}@example.org`;
    const response = await admin
      .post('/admin/invitations')
      .type('form')
      .send(encodeForm({ email, role: 'coordinator' }));
    expect(response.status).toBe(403);
    expect(response.text).toContain('Das Formular ist abgelaufen');
    expect(await invitationRow(email)).toBeUndefined();
  });
});

describe('accepting', () => {
  it('creates the account with the invitation role and project, signs in and sends a mentor to their mentees', async () => {
    const admin = await loginAsAdmin(app);
    const { email, path } = await inviteThroughForm(admin, { project: 'aul-dresden' });
    const displayName = `Frau ${unique()}`;
    const { agent, page, response } = await accept(path, { displayName });

    expect(page.text).toContain(email);
    expect(page.text).toContain('Arbeitsmarktmentoren Dresden');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/mentor/mentees');

    const account = await accountRow(email);
    expect(account).toMatchObject({
      role: 'mentor',
      project_id: await projectId('aul-dresden'),
      display_name: displayName,
      employer_id: null,
    });
    expect(account!.password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(account!.password_hash, NEW_PASSWORD)).toBe(true);
    expect((await invitationRow(email))!.used_at).toBeInstanceOf(Date);

    // Signed in as the mentor right away, and can sign in again later.
    expect((await agent.get('/')).text).toContain('href="/mentor/mentees"');
    const again = await loginAs(app, email, NEW_PASSWORD);
    expect((await again.get('/')).text).toContain('href="/mentor/mentees"');

    // The admin's list shows it accepted.
    const list = await admin.get('/admin/invitations');
    const rowHtml = list.text.slice(list.text.indexOf(email), list.text.indexOf('</tr>', list.text.indexOf(email)));
    expect(rowHtml).toContain('Angenommen');
    expect(rowHtml).not.toContain('/revoke');
  });

  it('makes a coordinator without a project, and answers JSON', async () => {
    const admin = await loginAsAdmin(app);
    const { email, path } = await inviteThroughForm(admin, { role: 'coordinator', project: '' });
    const agent = visitor(app);
    const info = await agent.get(path).set('accept', 'application/json');
    expect(info.body).toMatchObject({ email, role: 'coordinator', project: null });
    const response = await agent
      .post(path)
      .set('accept', 'application/json')
      .set('x-csrf-token', info.body.csrfToken)
      .send({ password: NEW_PASSWORD, passwordRepeat: NEW_PASSWORD });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ role: 'coordinator' });
    expect(await accountRow(email)).toMatchObject({
      id: response.body.accountId,
      role: 'coordinator',
      project_id: null,
      display_name: null,
    });
  });

  it('works only once: the second use gets the not-valid page, and nothing changes', async () => {
    const admin = await loginAsAdmin(app);
    const { email, path } = await inviteThroughForm(admin);
    expect((await accept(path)).response.status).toBe(303);
    const firstHash = (await accountRow(email))!.password_hash;

    const second = visitor(app);
    const page = await second.get(path);
    expect(page.status).toBe(410);
    expect(page.text).toContain('Dieser Link gilt nicht mehr');
    expect(page.text).not.toContain('name="password"');
    const token = csrfFrom((await second.get('/login')).text);
    const post = await second
      .post(path)
      .type('form')
      .send(encodeForm({ _csrf: token, password: 'another-password-123', passwordRepeat: 'another-password-123' }));
    expect(post.status).toBe(410);
    expect((await accountRow(email))!.password_hash).toBe(firstHash);
  });

  it('gives the same answer for unknown, malformed, used, expired and revoked links', async () => {
    const admin = await loginAsAdmin(app);
    const used = await inviteThroughForm(admin);
    expect((await accept(used.path)).response.status).toBe(303);

    const expired = await inviteThroughForm(admin);
    await app.db
      .updateTable('invitations')
      .set({ expires_at: new Date(Date.now() - 60_000) })
      .where('email', '=', expired.email)
      .execute();

    const revoked = await inviteThroughForm(admin);
    const row = await invitationRow(revoked.email);
    const listPage = await admin.get('/admin/invitations');
    expect(
      (
        await admin
          .post(`/admin/invitations/${row!.id}/revoke`)
          .type('form')
          .send(encodeForm({ _csrf: csrfFrom(listPage.text) }))
      ).status,
    ).toBe(303);

    const paths = [`/invitations/${unknownToken()}`, '/invitations/too-short', used.path, expired.path, revoked.path];
    const answers = await Promise.all(paths.map((p) => request(app.server).get(p)));
    for (const answer of answers) {
      expect(answer.status).toBe(410);
      expect(mainOf(answer.text)).toBe(mainOf(answers[0]!.text));
    }
    expect(mainOf(answers[0]!.text)).toContain('Dieser Link gilt nicht mehr');
    const json = await Promise.all(paths.map((p) => request(app.server).get(p).set('accept', 'application/json')));
    for (const answer of json) {
      expect(answer.status).toBe(410);
      expect(answer.body).toEqual(json[0]!.body);
    }
    expect(json[0]!.body.error.code).toBe('invitation_not_valid');

    // An expired link cannot be used either, and creates no account.
    const agent = visitor(app);
    const token = csrfFrom((await agent.get('/login')).text);
    const post = await agent
      .post(expired.path)
      .type('form')
      .send(encodeForm({ _csrf: token, password: NEW_PASSWORD, passwordRepeat: NEW_PASSWORD }));
    expect(post.status).toBe(410);
    expect(await accountRow(expired.email)).toBeUndefined();
    expect((await invitationRow(expired.email))!.used_at).toBeNull();
  });

  it('checks the password rules with 422, the messages at the fields and the display name kept', async () => {
    const admin = await loginAsAdmin(app);
    const { email, path } = await inviteThroughForm(admin);
    const displayName = 'Ana <Müller> & Co';
    const short = await accept(path, { displayName, password: 'too-short', passwordRepeat: 'too-short' });
    expect(short.response.status).toBe(422);
    expect(pageTitle(short.response.text)).toMatch(/^Fehler:/);
    expect(short.response.text).toContain('Es gibt ein Problem');
    expect(short.response.text).toContain('href="#password"');
    expect(elementText(short.response.text, 'password-error')).toContain('mindestens 12 Zeichen');
    expect(inputTag(short.response.text, 'displayName')).toContain('value="Ana &lt;Müller&gt; &amp; Co"');
    expect(inputTag(short.response.text, 'password')).not.toContain('too-short');
    expect(inputTag(short.response.text, 'password')).toContain('aria-describedby="password-hint password-error"');

    const mismatch = await accept(path, { displayName, password: NEW_PASSWORD, passwordRepeat: `${NEW_PASSWORD}x` });
    expect(mismatch.response.status).toBe(422);
    expect(elementText(mismatch.response.text, 'passwordRepeat-error')).toContain('nicht gleich');
    expect(mismatch.response.text).not.toContain(NEW_PASSWORD);

    const missing = await accept(path, { password: '', passwordRepeat: '' });
    expect(missing.response.status).toBe(422);
    expect(elementText(missing.response.text, 'password-error')).toContain('Geben Sie ein Passwort ein');

    // Nothing was written, and the link still works.
    expect(await accountRow(email)).toBeUndefined();
    expect((await invitationRow(email))!.used_at).toBeNull();
    expect((await accept(path)).response.status).toBe(303);
  });

  it('answers JSON clients: a guessable password at its field (422), a link that does not work 410, neither cached', async () => {
    const admin = await loginAsAdmin(app);
    const { email, path } = await inviteThroughForm(admin);
    const agent = visitor(app);
    const csrf = (await agent.get(path).set('accept', 'application/json')).body.csrfToken as string;
    const post = (to: string, body: Record<string, unknown>) =>
      agent.post(to).set('accept', 'application/json').set('x-csrf-token', csrf).send(body);
    // Built on the invited address: refused by the one password rule, after the form's own checks passed.
    const weak = await post(path, { password: email, passwordRepeat: email });
    expect(weak.status).toBe(422);
    expect(weak.body.error.code).toBe('validation');
    expect(Object.keys(weak.body.error.fields)).toEqual(['password']);

    for (const gone of [await post(`/invitations/${unknownToken()}`, {}), await request(app.server).get('/invitations/too-short')]) {
      expect(gone.status).toBe(410);
      expect(gone.headers['cache-control']).toBe('no-store');
    }
    expect(await accountRow(email)).toBeUndefined();
    expect((await post(path, { password: NEW_PASSWORD, passwordRepeat: NEW_PASSWORD })).status).toBe(201);
  });

  it('needs the CSRF token', async () => {
    const admin = await loginAsAdmin(app);
    const { email, path } = await inviteThroughForm(admin);
    const agent = visitor(app);
    await agent.get(path);
    const response = await agent
      .post(path)
      .type('form')
      .send(encodeForm({ password: NEW_PASSWORD, passwordRepeat: NEW_PASSWORD }));
    expect(response.status).toBe(403);
    expect(await accountRow(email)).toBeUndefined();
    expect((await invitationRow(email))!.used_at).toBeNull();
  });

  it('keeps the invitation unused when the address got an account in the meantime', async () => {
    const admin = await loginAsAdmin(app);
    const { email, path } = await inviteThroughForm(admin);
    const registered = await registerEmployer(app, { organisation: `Firma ${unique()}`, email, password: PASSWORD, town: 'Dresden' });
    expect(registered.ok).toBe(true);
    const { response } = await accept(path);
    expect(response.status).toBe(409);
    expect(response.text).toContain('inzwischen schon ein Konto');
    expect((await accountRow(email))!.role).toBe('employer');
    expect((await invitationRow(email))!.used_at).toBeNull();
  });

  it('limits attempts per client address', async () => {
    const admin = await loginAsAdmin(app);
    const { path } = await inviteThroughForm(admin);
    const agent = visitor(app);
    const token = csrfFrom((await agent.get(path)).text);
    const attempt = () =>
      agent
        .post(path)
        .type('form')
        .send(encodeForm({ _csrf: token, password: 'short', passwordRepeat: 'short' }));
    for (let i = 0; i < 10; i += 1) expect((await attempt()).status).toBe(422);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.text).toContain('Zu viele Versuche');
    // Unknown tokens count too, so links cannot be probed without limit.
    expect(
      (
        await agent
          .post(`/invitations/${unknownToken()}`)
          .type('form')
          .send(encodeForm({ _csrf: token }))
      ).status,
    ).toBe(429);

    // Someone else, from another address, is not affected.
    const other = await accept(path);
    expect(other.response.status).toBe(303);
  });
});

describe('revoking', () => {
  it('ends an open invitation at once; a second revoke is a conflict; unknown ids are 404; CSRF is needed', async () => {
    const admin = await loginAsAdmin(app);
    const { email, path } = await inviteThroughForm(admin);
    const row = await invitationRow(email);
    const page = await admin.get('/admin/invitations');
    expect(page.text).toContain(`action="/admin/invitations/${row!.id}/revoke"`);

    const withoutToken = await admin.post(`/admin/invitations/${row!.id}/revoke`).type('form').send(encodeForm({}));
    expect(withoutToken.status).toBe(403);
    expect((await request(app.server).get(path)).status).toBe(200);

    const revoked = await admin
      .post(`/admin/invitations/${row!.id}/revoke`)
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text) }));
    expect(revoked.status).toBe(303);
    expect(revoked.headers.location).toBe('/admin/invitations?done=revoked');
    const after = await admin.get(revoked.headers.location as string);
    expect(after.text).toContain('Die Einladung ist widerrufen');
    expect((await invitationRow(email))!.expires_at.getTime()).toBeLessThanOrEqual(Date.now());
    expect((await request(app.server).get(path)).status).toBe(410);

    const again = await admin
      .post(`/admin/invitations/${row!.id}/revoke`)
      .set('accept', 'application/json')
      .set('x-csrf-token', csrfFrom(page.text));
    expect(again.status).toBe(409);
    const unknown = await admin
      .post('/admin/invitations/00000000-0000-4000-8000-000000000000/revoke')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text) }));
    expect(unknown.status).toBe(404);
    const malformed = await admin
      .post('/admin/invitations/not-a-uuid/revoke')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text) }));
    expect(malformed.status).toBe(404);
  });

  it('refuses a non-admin', async () => {
    const admin = await loginAsAdmin(app);
    const { email } = await inviteThroughForm(admin);
    const row = await invitationRow(email);
    const employer = await loginAs(app, (await createEmployer(app)).email);
    const token = csrfFrom((await employer.get('/employer/vacancies')).text);
    const response = await employer
      .post(`/admin/invitations/${row!.id}/revoke`)
      .type('form')
      .send(encodeForm({ _csrf: token }));
    expect(response.status).toBe(403);
    expect((await invitationRow(email))!.expires_at.getTime()).toBeGreaterThan(Date.now());
  });
});
