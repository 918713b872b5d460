import type { Agent } from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, agentFor, csrfFrom } from '../helpers/app.ts';
import { createEmployer, loginAs } from '../helpers/factories.ts';
import { createAdmin, mainOf, projectIdOf, staffAccount } from './support.ts';

const app = useTestApp();
let admin: Agent;
let gets: string[];
let posts: string[];
let targets: { mentorId: string; employerId: string; projectId: number };

beforeAll(async () => {
  admin = await loginAs(app, (await createAdmin(app)).email);
  const projectId = await projectIdOf(app, 'aul-dresden');
  const mentor = await staffAccount(app, 'mentor', projectId);
  const employer = await createEmployer(app);
  const employerId = (
    await app.db.selectFrom('accounts').select('employer_id').where('id', '=', employer.accountId).executeTakeFirstOrThrow()
  ).employer_id!;
  targets = { mentorId: mentor.accountId, employerId, projectId };
  gets = [
    '/admin',
    '/admin/projects',
    '/admin/projects/new',
    `/admin/projects/${projectId}`,
    '/admin/accounts',
    '/admin/employers',
    '/admin/audit',
  ];
  posts = [
    '/admin/projects/new',
    `/admin/projects/${projectId}`,
    `/admin/accounts/${mentor.accountId}/disable`,
    `/admin/accounts/${mentor.accountId}/enable`,
    `/admin/employers/${employerId}/suspend`,
    `/admin/employers/${employerId}/approve`,
  ];
});

const FORM = { name: 'Übernahme', carrier: 'X', districts: 'Dresden', towns: 'Dresden' };

async function nothingChanged() {
  const project = await app.db
    .selectFrom('projects')
    .select(['name', 'updated_at'])
    .where('id', '=', targets.projectId)
    .executeTakeFirstOrThrow();
  expect(project.name).toBe('Arbeitsmarktmentoren Dresden');
  const mentor = await app.db.selectFrom('accounts').select('disabled_at').where('id', '=', targets.mentorId).executeTakeFirstOrThrow();
  expect(mentor.disabled_at).toBeNull();
  const employer = await app.db.selectFrom('employers').select('status').where('id', '=', targets.employerId).executeTakeFirstOrThrow();
  expect(employer.status).toBe('approved');
  expect(await app.db.selectFrom('projects').select('id').where('name', '=', FORM.name).execute()).toEqual([]);
}

describe('only admins reach the administration', () => {
  it('sends visitors without a session to log in (401 for JSON), for every page and every action', async () => {
    const visitor = agentFor(app);
    const token = csrfFrom((await visitor.get('/login')).text);
    for (const path of gets) {
      const page = await visitor.get(path);
      expect(page.status, path).toBe(302);
      expect(page.headers.location, path).toBe(`/login?next=${encodeURIComponent(path)}`);
      expect((await visitor.get(path).set('accept', 'application/json')).status, path).toBe(401);
    }
    for (const path of posts) {
      expect(
        (
          await visitor
            .post(path)
            .type('form')
            .send({ _csrf: token, ...FORM })
        ).status,
        path,
      ).toBe(302);
      expect((await visitor.post(path).set('accept', 'application/json').set('x-csrf-token', token).send(FORM)).status, path).toBe(401);
    }
    await nothingChanged();
  });

  it.each(['employer', 'mentor', 'coordinator'] as const)(
    'refuses a %s with 403 for every page and every action, and changes nothing',
    async (role) => {
      const agent =
        role === 'employer'
          ? await loginAs(app, (await createEmployer(app)).email)
          : (await staffAccount(app, role, role === 'mentor' ? targets.projectId : null)).agent;
      const token = csrfFrom((await agent.get('/')).text);
      for (const path of gets) {
        const page = await agent.get(path);
        expect(page.status, path).toBe(403);
        expect(page.text).toContain('Kein Zugriff');
        expect((await agent.get(path).set('accept', 'application/json')).body.error?.code, path).toBe('forbidden');
      }
      for (const path of posts) {
        expect(
          (
            await agent
              .post(path)
              .type('form')
              .send({ _csrf: token, ...FORM })
          ).status,
          path,
        ).toBe(403);
        const json = await agent.post(path).set('accept', 'application/json').set('x-csrf-token', token).send(FORM);
        expect(json.status, path).toBe(403);
        expect(json.body.error.code, path).toBe('forbidden');
      }
      await nothingChanged();
    },
  );

  it('shows an admin the start page, linking the four areas and the invitations', async () => {
    const page = await admin.get('/admin');
    expect(page.status).toBe(200);
    const main = mainOf(page.text);
    for (const href of ['/admin/projects', '/admin/accounts', '/admin/employers', '/admin/audit', '/admin/invitations'])
      expect(main).toContain(`href="${href}"`);
    for (const path of gets) {
      for (const lang of ['de', 'en']) {
        const response = await admin.get(path).query({ lang });
        expect(response.status, path).toBe(200);
        // Every text comes from the locale files: no key shows through untranslated.
        expect(mainOf(response.text), `${path} (${lang})`).not.toMatch(/administration\.[a-z]/);
      }
    }
    expect(mainOf((await admin.get('/admin/invitations')).text)).toContain('href="/admin"');
  });
});
