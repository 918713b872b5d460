import request from 'supertest';
import type { Agent } from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { newMenteeId } from '../../server/mentees/service.ts';
import { useTestApp, csrfFrom, encodeForm } from '../helpers/app.ts';
import { createEmployer, loginAs } from '../helpers/factories.ts';
import {
  countMenteesOf,
  createThroughForm,
  listedCodes,
  menteeForm,
  menteeRow,
  mentorOf,
  mentorWithoutProject,
  projectIdOf,
  tokenFor,
} from './support.ts';

/*
 * Who may see a mentee profile: only mentors of its project. Another
 * project's mentee does not exist for the caller (404, never 403, so ids
 * cannot be probed), and nothing they send changes it.
 */

const app = useTestApp();
let mine: { agent: Agent; accountId: string };
let theirs: { agent: Agent; accountId: string };

beforeAll(async () => {
  mine = await mentorOf(app, await projectIdOf(app, 'aul-dresden'));
  theirs = await mentorOf(app, await projectIdOf(app, 'aul-leipzig'));
});

describe('a mentor of another project', () => {
  it('cannot see my mentee, as a page or as JSON', async () => {
    const id = await createThroughForm(mine.agent, { notes: 'nur für mein Projekt' });
    expect((await mine.agent.get(`/mentor/mentees/${id}`)).status).toBe(200);

    const page = await theirs.agent.get(`/mentor/mentees/${id}`);
    expect(page.status).toBe(404);
    expect(page.text).not.toContain((await menteeRow(app, id)).code);
    expect(page.text).not.toContain('nur für mein Projekt');
    const json = await theirs.agent.get(`/mentor/mentees/${id}`).set('accept', 'application/json');
    expect(json.status).toBe(404);
    expect(json.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it('cannot change, close or reopen my mentee', async () => {
    const id = await createThroughForm(mine.agent);
    const before = await menteeRow(app, id);
    const token = await tokenFor(theirs.agent, '/mentor/mentees/new');

    const edit = await theirs.agent
      .post(`/mentor/mentees/${id}`)
      .type('form')
      .send(encodeForm({ _csrf: token, ...menteeForm({ notes: 'übernommen', travelKm: '99' }) }));
    expect(edit.status).toBe(404);
    const editJson = await theirs.agent
      .post(`/mentor/mentees/${id}`)
      .set('accept', 'application/json')
      .set('x-csrf-token', token)
      .send({ notes: 'ungültig und fremd' });
    expect(editJson.status).toBe(404);
    expect(await menteeRow(app, id)).toEqual(before);

    const close = await theirs.agent
      .post(`/mentor/mentees/${id}/close`)
      .type('form')
      .send(encodeForm({ _csrf: token }));
    expect(close.status).toBe(404);
    expect(await menteeRow(app, id)).toEqual(before);

    // Closed by me, it stays closed whatever they send.
    const myPage = await mine.agent.get(`/mentor/mentees/${id}`);
    expect(
      (
        await mine.agent
          .post(`/mentor/mentees/${id}/close`)
          .type('form')
          .send(encodeForm({ _csrf: csrfFrom(myPage.text) }))
      ).status,
    ).toBe(303);
    const closed = await menteeRow(app, id);
    expect(closed.status).toBe('closed');
    const reopen = await theirs.agent
      .post(`/mentor/mentees/${id}/reopen`)
      .set('accept', 'application/json')
      .set('x-csrf-token', token)
      .send({});
    expect(reopen.status).toBe(404);
    expect(reopen.body.error.code).toBe('not_found');
    expect(await menteeRow(app, id)).toEqual(closed);
  });

  it('does not see my mentees in their list', async () => {
    const id = await createThroughForm(mine.agent);
    const { code } = await menteeRow(app, id);
    expect(listedCodes((await mine.agent.get('/mentor/mentees')).text)).toContain(code);
    for (const query of ['', '?status=', '?status=active']) {
      const list = await theirs.agent.get(`/mentor/mentees${query}`);
      expect(list.status).toBe(200);
      expect(list.text).not.toContain(code);
      const json = await theirs.agent.get(`/mentor/mentees${query}`).set('accept', 'application/json');
      expect((json.body.mentees as { id: string }[]).map((m) => m.id)).not.toContain(id);
    }
  });

  it('keeps their own profiles in their own project', async () => {
    const id = await createThroughForm(theirs.agent, { homeTown: 'Leipzig' });
    expect((await menteeRow(app, id)).project_id).toBe(await projectIdOf(app, 'aul-leipzig'));
    expect((await mine.agent.get(`/mentor/mentees/${id}`)).status).toBe(404);
  });
});

describe('ids that are no profile', () => {
  it('answers 404 for malformed and unknown ids', async () => {
    const token = await tokenFor(mine.agent, '/mentor/mentees/new');
    const id = await createThroughForm(mine.agent);
    for (const bad of [
      'nonsense',
      '1',
      `${id}x`,
      id.replace(/-/g, ''),
      id.toUpperCase(),
      `${id.slice(0, 35)}g`,
      "1' OR '1'='1",
      newMenteeId(),
    ]) {
      const path = `/mentor/mentees/${encodeURIComponent(bad)}`;
      expect((await mine.agent.get(path)).status, bad).toBe(404);
      expect((await mine.agent.get(path).set('accept', 'application/json')).body.error?.code, bad).toBe('not_found');
      expect(
        (
          await mine.agent
            .post(path)
            .type('form')
            .send(encodeForm({ _csrf: token, ...menteeForm() }))
        ).status,
        bad,
      ).toBe(404);
      expect(
        (
          await mine.agent
            .post(`${path}/close`)
            .type('form')
            .send(encodeForm({ _csrf: token }))
        ).status,
        bad,
      ).toBe(404);
      expect(
        (
          await mine.agent
            .post(`${path}/reopen`)
            .type('form')
            .send(encodeForm({ _csrf: token }))
        ).status,
        bad,
      ).toBe(404);
    }
    expect((await menteeRow(app, id)).status).toBe('active');
  });
});

describe('who may use the mentee pages at all', () => {
  it('sends visitors without a session to log in, and tells JSON clients 401', async () => {
    for (const path of ['/mentor/mentees', '/mentor/mentees/new']) {
      const response = await request(app.server).get(path);
      expect(response.status).toBe(302);
      expect(response.headers.location).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
    const json = await request(app.server).get('/mentor/mentees').set('accept', 'application/json');
    expect(json.status).toBe(401);
    expect(json.body.error.code).toBe('unauthenticated');
  });

  it('refuses an employer with 403 and lets them create nothing', async () => {
    const employer = await createEmployer(app);
    const agent = await loginAs(app, employer.email);
    for (const path of ['/mentor/mentees', '/mentor/mentees/new']) {
      const page = await agent.get(path);
      expect(page.status).toBe(403);
      expect(page.text).toContain('Kein Zugriff');
    }
    expect((await agent.get('/mentor/mentees').set('accept', 'application/json')).body.error.code).toBe('forbidden');
    const token = csrfFrom((await agent.get('/employer/vacancies')).text);
    const post = await agent
      .post('/mentor/mentees')
      .type('form')
      .send(encodeForm({ _csrf: token, ...menteeForm() }));
    expect(post.status).toBe(403);
    expect(await countMenteesOf(app, employer.accountId)).toBe(0);
  });

  it('refuses a mentor who belongs to no project with 403', async () => {
    const orphan = await mentorWithoutProject(app);
    for (const path of ['/mentor/mentees', '/mentor/mentees/new']) expect((await orphan.agent.get(path)).status).toBe(403);
    expect((await orphan.agent.get('/mentor/mentees').set('accept', 'application/json')).body.error.code).toBe('no_project');
    const token = await tokenFor(orphan.agent);
    const post = await orphan.agent
      .post('/mentor/mentees')
      .type('form')
      .send(encodeForm({ _csrf: token, ...menteeForm() }));
    expect(post.status).toBe(403);
    expect(await countMenteesOf(app, orphan.accountId)).toBe(0);
    const id = await createThroughForm(mine.agent);
    expect((await orphan.agent.get(`/mentor/mentees/${id}`)).status).toBe(403);
  });
});
