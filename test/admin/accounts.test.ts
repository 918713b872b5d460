import type { Agent } from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, agentFor, csrfFrom, encodeForm } from '../helpers/app.ts';
import { createEmployer, loginAs, PASSWORD } from '../helpers/factories.ts';
import { auditRowsFor, createAdmin, mainOf, projectIdOf, staffAccount, submitFrom } from './support.ts';

const app = useTestApp();
let admin: Agent;
let adminId: string;
let dresden: number;

beforeAll(async () => {
  const account = await createAdmin(app);
  adminId = account.accountId;
  admin = await loginAs(app, account.email);
  dresden = await projectIdOf(app, 'aul-dresden');
});

const sessionsOf = (accountId: string) => app.db.selectFrom('sessions').select('id_hash').where('account_id', '=', accountId).execute();

async function tryLogin(email: string) {
  const agent = agentFor(app);
  const page = await agent.get('/login');
  return agent
    .post('/login')
    .type('form')
    .send(encodeForm({ _csrf: csrfFrom(page.text), email, password: PASSWORD }));
}

interface AccountJson {
  id: string;
  email: string;
  role: string;
  status: string;
  project: { slug: string } | null;
  self: boolean;
}

/** The page of the filtered list (JSON) that holds this address; fails when no page does. */
async function pageListing(filter: string, email: string): Promise<number> {
  for (let page = 1; ; page += 1) {
    const body = (await admin.get(`/admin/accounts?${filter}&page=${page}`).set('accept', 'application/json')).body;
    if ((body.accounts as AccountJson[]).some((a) => a.email === email)) return page;
    if (page * body.perPage >= body.total) throw new Error(`${email} is on no page of ${filter}`);
  }
}

describe('the accounts list', () => {
  it('lists mentors with their project and status, and filters by role and project', async () => {
    const mentor = await staffAccount(app, 'mentor', dresden);
    const coordinator = await staffAccount(app, 'coordinator');
    const employer = await createEmployer(app);

    // The list goes by e-mail address, 50 a page, and the suite's earlier files add Dresden mentors: find her page.
    const listed = await pageListing('role=mentor&project=aul-dresden', mentor.email);
    const page = await admin.get(`/admin/accounts?role=mentor&project=aul-dresden&page=${listed}`);
    expect(page.status).toBe(200);
    const main = mainOf(page.text);
    expect(main).toContain(mentor.email);
    expect(main).toContain('Arbeitsmarktmentoren Dresden');
    expect(main).not.toContain(coordinator.email);
    expect(main).toContain('href="/admin/invitations"');
    expect(main).toMatch(/<option value="aul-dresden" selected>/);

    const json = await admin
      .get('/admin/accounts')
      .query({ role: 'mentor', project: 'aul-dresden', page: listed })
      .set('accept', 'application/json');
    const accounts = json.body.accounts as AccountJson[];
    expect(accounts.every((a) => a.role === 'mentor' && a.project?.slug === 'aul-dresden')).toBe(true);
    expect(accounts.find((a) => a.email === mentor.email)).toMatchObject({ id: mentor.accountId, status: 'active', self: false });
    expect(json.body.perPage).toBe(50);

    const coordinators = await admin.get('/admin/accounts?role=coordinator').set('accept', 'application/json');
    expect((coordinators.body.accounts as AccountJson[]).map((a) => a.email)).toContain(coordinator.email);
    expect((coordinators.body.accounts as AccountJson[]).every((a) => a.role === 'coordinator')).toBe(true);

    // Employers' accounts follow their organisation (the employers page), not this list.
    const all = await admin.get('/admin/accounts').query({ status: 'active' }).set('accept', 'application/json');
    expect(all.body.total).toBeGreaterThan(0);
    const everyone = await admin.get(`/admin/accounts?page=1`).set('accept', 'application/json');
    expect((everyone.body.accounts as AccountJson[]).some((a) => a.email === employer.email)).toBe(false);

    // An unknown project matches nobody.
    const none = await admin.get('/admin/accounts?project=no-such-project').set('accept', 'application/json');
    expect(none.body.accounts).toEqual([]);
  });
});

describe('disabling and enabling an account', () => {
  it("ends the mentor's sessions at once: the very next request of that session is refused, and logging in fails", async () => {
    const mentor = await staffAccount(app, 'mentor', dresden);
    expect((await mentor.agent.get('/mentor/mentees')).status).toBe(200);
    expect((await sessionsOf(mentor.accountId)).length).toBe(1);

    const response = await submitFrom(admin, '/admin/accounts?role=mentor', `/admin/accounts/${mentor.accountId}/disable`);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/admin/accounts?done=disabled');
    expect((await admin.get('/admin/accounts?done=disabled')).text).toContain('Das Konto ist gesperrt');

    expect(await sessionsOf(mentor.accountId)).toEqual([]);
    const row = await app.db.selectFrom('accounts').select('disabled_at').where('id', '=', mentor.accountId).executeTakeFirstOrThrow();
    expect(row.disabled_at).not.toBeNull();

    const next = await mentor.agent.get('/mentor/mentees');
    expect(next.status).toBe(302);
    expect(next.headers.location).toBe('/login?next=%2Fmentor%2Fmentees');
    expect((await mentor.agent.get('/mentor/mentees').set('accept', 'application/json')).status).toBe(401);
    expect((await tryLogin(mentor.email)).status).not.toBe(303);

    const [audit] = await auditRowsFor(app, mentor.accountId);
    expect(audit).toMatchObject({ action: 'account.disabled', actor_id: adminId, actor_role: 'admin', subject_type: 'account' });
    expect(audit!.detail).toMatchObject({ email: mentor.email, role: 'mentor', sessionsEnded: 1 });

    const list = await admin.get('/admin/accounts?status=disabled').set('accept', 'application/json');
    expect((list.body.accounts as AccountJson[]).find((a) => a.id === mentor.accountId)?.status).toBe('disabled');
  });

  it('enables the account again: the person can log in, and it is audited', async () => {
    const mentor = await staffAccount(app, 'mentor', dresden);
    await submitFrom(admin, '/admin/accounts', `/admin/accounts/${mentor.accountId}/disable`);
    const page = await admin.get('/admin/accounts?status=disabled&role=mentor');
    const response = await admin
      .post(`/admin/accounts/${mentor.accountId}/enable`)
      .set('accept', 'application/json')
      .set('x-csrf-token', csrfFrom(page.text));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: mentor.accountId, status: 'active', sessionsEnded: 0 });
    expect((await tryLogin(mentor.email)).status).toBe(303);
    expect((await auditRowsFor(app, mentor.accountId)).map((a) => a.action)).toEqual(['account.disabled', 'account.enabled']);
  });

  it("refuses to disable the admin's own account, an account twice, and an employer's account", async () => {
    const token = csrfFrom((await admin.get('/admin/accounts')).text);
    const self = await admin
      .post(`/admin/accounts/${adminId}/disable`)
      .type('form')
      .send(encodeForm({ _csrf: token }));
    expect(self.status).toBe(409);
    expect(self.text).toContain('Sie können Ihr eigenes Konto nicht sperren');
    expect(await sessionsOf(adminId)).not.toEqual([]);

    const coordinator = await staffAccount(app, 'coordinator');
    const json = (path: string) => admin.post(path).set('accept', 'application/json').set('x-csrf-token', token);
    expect((await json(`/admin/accounts/${coordinator.accountId}/disable`)).status).toBe(200);
    const twice = await json(`/admin/accounts/${coordinator.accountId}/disable`);
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('conflict');
    expect((await json(`/admin/accounts/${coordinator.accountId}/enable`)).status).toBe(200);
    expect((await json(`/admin/accounts/${coordinator.accountId}/enable`)).status).toBe(409);

    const employer = await createEmployer(app);
    expect((await json(`/admin/accounts/${employer.accountId}/disable`)).status).toBe(404);
    expect((await json('/admin/accounts/00000000-0000-0000-0000-000000000000/disable')).status).toBe(404);
    expect((await json('/admin/accounts/not-an-id/disable')).status).toBe(404);
  });

  it('lets an admin disable another admin, whose next request is refused too', async () => {
    const other = await staffAccount(app, 'admin');
    expect((await other.agent.get('/admin')).status).toBe(200);
    expect((await submitFrom(admin, '/admin/accounts?role=admin', `/admin/accounts/${other.accountId}/disable`)).status).toBe(303);
    expect((await other.agent.get('/admin')).status).toBe(302);
  });
});
