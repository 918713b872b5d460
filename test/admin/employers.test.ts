import request from 'supertest';
import type { Agent } from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import { useTestApp, agentFor, csrfFrom, encodeForm, flushOutbox, masterClient } from '../helpers/app.ts';
import { createEmployer, loginAs, PASSWORD } from '../helpers/factories.ts';
import { createTestMentee, mentorOf, publishVacancy } from '../matching/support.ts';
import { searchWord } from '../search/support.ts';
import { auditRowsFor, createAdmin, mainOf, projectIdOf, submitFrom } from './support.ts';

const app = useTestApp();
let admin: Agent;
let adminId: string;

beforeAll(async () => {
  const account = await createAdmin(app);
  adminId = account.accountId;
  admin = await loginAs(app, account.email);
});

const employerRow = (id: string) => app.db.selectFrom('employers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

/** Which of these vacancies the real index holds. */
async function indexed(ids: string[]): Promise<string[]> {
  const index = masterClient().index(VACANCY_INDEX);
  const found = await Promise.all(
    ids.map((id) =>
      index.getDocument(id).then(
        () => id,
        () => null,
      ),
    ),
  );
  return found.filter((id): id is string => id !== null);
}

const publicSearch = (q: string) => request(app.server).get('/api/v1/vacancies').query({ q, perPage: '50' });

async function tryLogin(email: string) {
  const agent = agentFor(app);
  const page = await agent.get('/login');
  return agent
    .post('/login')
    .type('form')
    .send(encodeForm({ _csrf: csrfFrom(page.text), email, password: PASSWORD }));
}

describe('registration', () => {
  it('leaves a newly registered organisation waiting for approval (test/employers/approval.test.ts follows it through)', async () => {
    const employer = await createEmployer(app, { approved: false });
    expect((await employerRow(employer.employerId)).status).toBe('pending');
  });
});

describe('suspending and approving an employer', () => {
  const word = searchWord();
  let email: string;
  let employerId: string;
  let employerAgent: Agent;
  let published: string[];
  let draft: string;
  let mentor: Awaited<ReturnType<typeof mentorOf>>;
  let menteeId: string;

  beforeAll(async () => {
    const employer = await createEmployer(app, { organisation: `Spedition ${word}` });
    email = employer.email;
    employerId = (await app.db.selectFrom('accounts').select('employer_id').where('id', '=', employer.accountId).executeTakeFirstOrThrow())
      .employer_id!;
    employerAgent = await loginAs(app, email);
    published = [
      await publishVacancy(app, employerId, { title: `Lagerhelfer ${word}` }),
      await publishVacancy(app, employerId, { title: `Staplerfahrer ${word}`, town: 'Radebeul' }),
    ];
    draft = await publishVacancy(app, employerId, { title: `Entwurf ${word}` }, false);
    mentor = await mentorOf(app, await projectIdOf(app, 'aul-dresden'));
    menteeId = (await createTestMentee(app, mentor, { desiredOccupations: ['51312'] })).id;
    await flushOutbox(app);
    expect((await indexed(published)).sort()).toEqual([...published].sort());
  });

  it('lists the employer with its town, status and number of published vacancies, filtered by status and name', async () => {
    const page = await admin.get('/admin/employers').query({ q: word });
    expect(page.status).toBe(200);
    const main = mainOf(page.text);
    expect(main).toContain(`Spedition ${word}`);
    expect(main).toContain('Freigegeben');
    expect(main).toContain(`action="/admin/employers/${employerId}/suspend"`);
    const json = await admin.get('/admin/employers').query({ q: word, status: 'approved' }).set('accept', 'application/json');
    expect(json.body.employers).toEqual([
      expect.objectContaining({ id: employerId, name: `Spedition ${word}`, town: 'Dresden', status: 'approved', publishedVacancies: 2 }),
    ]);
    const suspended = await admin.get('/admin/employers').query({ q: word, status: 'suspended' }).set('accept', 'application/json');
    expect(suspended.body.employers).toEqual([]);
  });

  it('suspends: every vacancy goes to the outbox in the same transaction, the accounts are signed out and disabled, and it is audited', async () => {
    const before = Date.now();
    const response = await submitFrom(admin, `/admin/employers?q=${word}`, `/admin/employers/${employerId}/suspend`);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/admin/employers?done=suspended');

    const row = await employerRow(employerId);
    expect(row.status).toBe('suspended');
    expect(row.status_changed_at!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const queued = await app.db
      .selectFrom('search_outbox')
      .select('document_id')
      .where('index_name', '=', VACANCY_INDEX)
      .where('document_id', 'in', [...published, draft])
      .execute();
    expect(new Set(queued.map((q) => q.document_id))).toEqual(new Set([...published, draft]));

    // The employer's open session ends at once, and logging in is refused.
    const next = await employerAgent.get('/employer/vacancies');
    expect(next.status).toBe(302);
    expect(next.headers.location).toMatch(/^\/login/);
    expect((await tryLogin(email)).status).not.toBe(303);

    const audit = (await auditRowsFor(app, employerId)).find((a) => a.action === 'employer.suspended')!;
    expect(audit).toMatchObject({ actor_id: adminId, actor_role: 'admin', subject_type: 'employer' });
    expect(audit.detail).toMatchObject({ from: 'approved', to: 'suspended', vacancies: 3, accountsDisabled: 1, sessionsEnded: 1 });
  });

  it('after the outbox drains, the index holds none of its vacancies and the public search and API no longer show them', async () => {
    await flushOutbox(app);
    expect(await indexed([...published, draft])).toEqual([]);
    const search = await publicSearch(word);
    expect(search.status).toBe(200);
    expect(search.body.total).toBe(0);
    const one = await request(app.server).get(`/api/v1/vacancies/${published[0]}`);
    expect(one.status).toBe(404);
    expect((await request(app.server).get(`/vacancies/${published[1]}`)).status).toBe(404);
  });

  it('refuses to propose a mentee for a vacancy of the suspended employer', async () => {
    const form = await mentor.agent.get(`/mentor/mentees/${menteeId}`);
    const response = await mentor.agent
      .post(`/mentor/mentees/${menteeId}/introductions`)
      .set('accept', 'application/json')
      .set('x-csrf-token', csrfFrom(form.text))
      .send({ vacancyId: published[0], message: '' });
    expect(response.status).toBe(422);
    expect(response.body.error.fields.vacancyId).toBeDefined();
    expect(await app.db.selectFrom('introductions').select('id').where('vacancy_id', '=', published[0]!).execute()).toEqual([]);
  });

  it('shows the suspension in the list and refuses to suspend twice', async () => {
    const json = await admin.get('/admin/employers').query({ status: 'suspended', q: word }).set('accept', 'application/json');
    expect(json.body.employers).toEqual([expect.objectContaining({ id: employerId, status: 'suspended', publishedVacancies: 2 })]);
    const page = await admin.get('/admin/employers?done=suspended');
    expect(page.text).toContain('Der Arbeitgeber ist gesperrt');
    const token = csrfFrom(page.text);
    const twice = await admin.post(`/admin/employers/${employerId}/suspend`).set('accept', 'application/json').set('x-csrf-token', token);
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toContain('schon gesperrt');
    expect(
      (
        await admin
          .post('/admin/employers/00000000-0000-0000-0000-000000000000/approve')
          .set('accept', 'application/json')
          .set('x-csrf-token', token)
      ).status,
    ).toBe(404);
  });

  it('approving again brings the published vacancies back and lets the accounts log in', async () => {
    const page = await admin.get(`/admin/employers?q=${word}`);
    const response = await admin
      .post(`/admin/employers/${employerId}/approve`)
      .set('accept', 'application/json')
      .set('x-csrf-token', csrfFrom(page.text));
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id: employerId, status: 'approved', vacanciesQueued: 3, accountsDisabled: 0, accountsEnabled: 1 });
    expect((await employerRow(employerId)).status).toBe('approved');

    await flushOutbox(app);
    expect((await indexed([...published, draft])).sort()).toEqual([...published].sort());
    const search = await publicSearch(word);
    expect((search.body.hits as { id: string }[]).map((h) => h.id).sort()).toEqual([...published].sort());
    expect((await request(app.server).get(`/api/v1/vacancies/${published[0]}`)).status).toBe(200);
    expect((await tryLogin(email)).status).toBe(303);

    const actions = (await auditRowsFor(app, employerId)).map((a) => a.action);
    expect(actions).toEqual(['employer.suspended', 'employer.approved']);
    const approved = (await auditRowsFor(app, employerId)).at(-1)!;
    expect(approved.detail).toMatchObject({ from: 'suspended', to: 'approved', vacancies: 3, accountsEnabled: 1 });
  });
});
