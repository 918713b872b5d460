import type { Agent } from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import { hashPassword } from '../../server/accounts/passwords.ts';
import { insertAccount } from '../../server/accounts/queries.ts';
import { propose } from '../../server/introductions/service.ts';
import { todayInBerlin } from '../../server/time/berlin.ts';
import { useTestApp, csrfFrom, encodeForm, flushOutbox, unique } from '../helpers/app.ts';
import { createEmployer, loginAs, PASSWORD } from '../helpers/factories.ts';
import { createTestMentee, mentorOf, publishVacancy, twoProjects } from '../matching/support.ts';
import { indexedDocument } from './support.ts';

async function deleteWith(agent: Agent, password: string) {
  const page = await agent.get('/employer/account/delete');
  return agent
    .post('/employer/account/delete')
    .type('form')
    .send(encodeForm({ _csrf: csrfFrom(page.text), password }));
}

describe('an employer deletes their account', () => {
  const app = useTestApp();
  let employerId: string;
  let first: { accountId: string; email: string; agent: Agent };
  let second: { accountId: string; email: string; agent: Agent };
  let vacancyIds: string[];
  let introductionId: string;
  let placementId: string;

  beforeAll(async () => {
    const created = await createEmployer(app, { organisation: `Bäckerei ${unique()}` });
    employerId = (await app.db.selectFrom('accounts').select('employer_id').where('id', '=', created.accountId).executeTakeFirstOrThrow())
      .employer_id!;
    first = { ...created, agent: await loginAs(app, created.email) };
    const email = `${unique('employer')}@example.org`;
    const accountId = (await insertAccount(app.db, {
      email,
      passwordHash: await hashPassword(PASSWORD),
      role: 'employer',
      employerId,
      projectId: null,
    }))!;
    second = { accountId, email, agent: await loginAs(app, email) };

    vacancyIds = [
      await publishVacancy(app, employerId, { title: `Bäcker ${unique('v')}` }),
      await publishVacancy(app, employerId, { title: `Verkauf ${unique('v')}` }),
    ];
    const [projectId] = await twoProjects(app);
    const mentor = await mentorOf(app, projectId);
    const mentee = await createTestMentee(app, mentor);
    const proposed = await propose(app, { id: mentor.accountId, projectId }, mentee.id, { vacancyId: vacancyIds[0]!, message: '' });
    if (!proposed.ok) throw new Error('Could not propose');
    introductionId = proposed.value;
    placementId = (
      await app.db
        .insertInto('placements')
        .values({
          introduction_id: introductionId,
          mentee_id: mentee.id,
          project_id: projectId,
          employer_id: employerId,
          kind: 'job',
          start_date: todayInBerlin(),
          socially_insured: true,
          qualification_adequate: true,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    await flushOutbox(app);
  });
  it('is only for employers', async () => {
    const [projectId] = await twoProjects(app);
    const mentor = await mentorOf(app, projectId);
    expect((await mentor.agent.get('/employer/account/delete')).status).toBe(403);
    const anonymous = await app.inject({ method: 'GET', url: '/employer/account/delete' });
    expect(anonymous.statusCode).toBe(302);
    expect(anonymous.headers.location).toMatch(/^\/login/);
  });

  it('refuses a wrong password with the message at the field (422), and deletes nothing', async () => {
    const wrong = await deleteWith(second.agent, 'not-my-password');
    expect(wrong.status).toBe(422);
    expect(wrong.text).toMatch(/id="password-error"[^>]*>.*Das Passwort ist falsch/s);
    expect(wrong.text).not.toContain('not-my-password');
    const page = await second.agent.get('/employer/account/delete');
    const json = await second.agent
      .post('/employer/account/delete')
      .set('accept', 'application/json')
      .set('x-csrf-token', csrfFrom(page.text))
      .send({ password: '' });
    expect(json.status).toBe(422);
    expect(json.body.error.fields).toEqual({ password: 'Geben Sie Ihr Passwort ein' });
    expect(await app.db.selectFrom('accounts').select('id').where('id', '=', second.accountId).executeTakeFirst()).toBeDefined();
  });

  it('deletes only the account while the organisation has another one, and ends the session', async () => {
    const page = await second.agent.get('/employer/account/delete');
    expect(page.text).toContain('hat noch andere Konten');
    const response = await deleteWith(second.agent, PASSWORD);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/account/deleted');
    expect(await app.db.selectFrom('accounts').select('id').where('id', '=', second.accountId).execute()).toEqual([]);
    expect(await app.db.selectFrom('sessions').select('id_hash').where('account_id', '=', second.accountId).execute()).toEqual([]);
    expect(await app.db.selectFrom('employers').select('id').where('id', '=', employerId).executeTakeFirst()).toBeDefined();
    expect(await app.db.selectFrom('vacancies').select('id').where('employer_id', '=', employerId).execute()).toHaveLength(2);
    const after = await second.agent.get('/employer/vacancies');
    expect(after.status).toBe(302);
    const done = await second.agent.get('/account/deleted');
    expect(done.text).toContain('Ihr Konto ist gelöscht');

    const audit = await app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'employer.deleted')
      .where('subject_id', '=', employerId)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      subject_type: 'employer',
      actor_id: null,
      actor_role: 'employer',
      detail: { accountId: second.accountId, organisationDeleted: false, vacancies: 0 },
    });
  });

  it('deletes the organisation with its last account: vacancies leave the index, introductions go, the placement stays', async () => {
    for (const id of vacancyIds) expect(await indexedDocument(VACANCY_INDEX, id)).not.toBeNull();
    const page = await first.agent.get('/employer/account/delete');
    expect(page.text).toContain('letzte Konto');
    expect(page.text).toContain('2 Stellen werden gelöscht');
    const response = await deleteWith(first.agent, PASSWORD);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/account/deleted?organisation=1');

    expect(await app.db.selectFrom('employers').select('id').where('id', '=', employerId).execute()).toEqual([]);
    expect(await app.db.selectFrom('accounts').select('id').where('id', '=', first.accountId).execute()).toEqual([]);
    expect(await app.db.selectFrom('vacancies').select('id').where('id', 'in', vacancyIds).execute()).toEqual([]);
    expect(await app.db.selectFrom('introductions').select('id').where('id', '=', introductionId).execute()).toEqual([]);
    const placement = await app.db.selectFrom('placements').selectAll().where('id', '=', placementId).executeTakeFirstOrThrow();
    expect(placement).toMatchObject({ employer_id: null, introduction_id: null, socially_insured: true });
    expect(await app.db.selectFrom('mail_outbox').select('id').where('recipient', 'in', [first.email, second.email]).execute()).toEqual([]);
    expect((await first.agent.get('/employer/vacancies')).status).toBe(302);

    const audit = await app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'employer.deleted')
      .where('subject_id', '=', employerId)
      .orderBy('id')
      .execute();
    expect(audit.at(-1)).toMatchObject({ detail: { accountId: first.accountId, organisationDeleted: true, vacancies: 2 } });

    await flushOutbox(app);
    for (const id of vacancyIds) expect(await indexedDocument(VACANCY_INDEX, id)).toBeNull();
  });

  it('waits after five wrong passwords (429)', async () => {
    const { email } = await createEmployer(app);
    const agent = await loginAs(app, email);
    for (let attempt = 0; attempt < 5; attempt += 1) expect((await deleteWith(agent, 'wrong-password')).status).toBe(422);
    const blocked = await deleteWith(agent, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain('Zu viele falsche Passwörter');
    expect(blocked.headers['retry-after']).toBe('900'); // the 15 minutes the message names
    expect(await app.db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirst()).toBeDefined();
  });
});
