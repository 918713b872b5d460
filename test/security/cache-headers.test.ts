import type { Response } from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, agentFor, csrfFrom, flushOutbox, unique } from '../helpers/app.ts';
import { postVacancy } from '../helpers/factories.ts';
import { employerOf, mentorOf, twoProjects } from '../matching/support.ts';
import { createTestMentee } from '../shortlists/support.ts';

/*
 * What caches may keep (audit issue 10, finding 7): whatever a signed-in account sees, and capability URLs
 * (share links), answer `Cache-Control: no-store`; every route that answers a page or JSON by Accept says
 * `Vary: Accept`. Public pages for anonymous visitors stay cacheable.
 */

const app = useTestApp();
let mentor: Awaited<ReturnType<typeof mentorOf>>;
let employer: Awaited<ReturnType<typeof employerOf>>;
let menteeId: string;
let introductionId: string;
let shareUrl: string;

const varies = (response: Response) =>
  String(response.headers.vary ?? '')
    .split(',')
    .map((f) => f.trim().toLowerCase());

function expectPrivate(response: Response, label: string) {
  expect(response.status, label).toBeLessThan(500);
  expect(response.headers['cache-control'] ?? '', label).toContain('no-store');
  expect(varies(response), label).toContain('accept');
}

beforeAll(async () => {
  mentor = await mentorOf(app, (await twoProjects(app))[0]);
  employer = await employerOf(app);
  menteeId = (await createTestMentee(app, mentor)).id;
  const vacancyId = await postVacancy(employer.agent, { title: `Lager ${unique()}` });
  await flushOutbox(app);
  const token = csrfFrom((await mentor.agent.get('/mentor/pipeline')).text);
  const introduced = await mentor.agent
    .post(`/mentor/mentees/${menteeId}/introductions`)
    .set('accept', 'application/json')
    .set('x-csrf-token', token)
    .send({ vacancyId });
  expect(introduced.status).toBe(201);
  introductionId = introduced.body.id as string;
  const link = await mentor.agent
    .post(`/mentor/mentees/${menteeId}/share-links`)
    .set('accept', 'application/json')
    .set('x-csrf-token', token)
    .send({ days: 3 });
  expect(link.status).toBe(201);
  shareUrl = new URL(link.body.url).pathname;
});

describe('Cache-Control: no-store and Vary: Accept', () => {
  it('on the mentor’s pages and their JSON: mentee list, profile, shortlist', async () => {
    for (const path of [
      '/mentor/mentees',
      `/mentor/mentees/${menteeId}`,
      `/mentor/mentees/${menteeId}/shortlist`,
      `/mentor/introductions/${introductionId}`,
    ]) {
      const page = await mentor.agent.get(path);
      expect(page.status, path).toBe(200);
      expectPrivate(page, path);
      const json = await mentor.agent.get(path).set('accept', 'application/json');
      expect(json.status, path).toBe(200);
      expectPrivate(json, `${path} as JSON`);
    }
  });

  it('on the employer’s introductions and the card', async () => {
    for (const path of ['/employer/introductions', `/employer/introductions/${introductionId}`]) {
      const page = await employer.agent.get(path);
      expect(page.status, path).toBe(200);
      expectPrivate(page, path);
      const json = await employer.agent.get(path).set('accept', 'application/json');
      expect(json.status, path).toBe(200);
      expectPrivate(json, `${path} as JSON`);
    }
  });

  it('on every answer to a signed-in account, public pages and errors too (the layout names the account)', async () => {
    expectPrivate(await mentor.agent.get('/vacancies'), 'signed-in search page');
    expectPrivate(await employer.agent.get('/mentor/mentees'), 'forbidden page');
    expectPrivate(await mentor.agent.get('/no-such-page'), 'not found page');
  });

  it('on the share link, which needs no login (its URL is the key), found or not', async () => {
    const phone = agentFor(app);
    const shared = await phone.get(shareUrl);
    expect(shared.status).toBe(200);
    expectPrivate(shared, 'share link');
    expectPrivate(await phone.get(shareUrl).set('accept', 'application/json'), 'share link as JSON');
    expectPrivate(await phone.get(`/s/${'A'.repeat(43)}`), 'unknown share link');
  });
});

describe('public pages for anonymous visitors', () => {
  it('stay cacheable, and say they vary by Accept and by the language (Accept-Language, the language cookie)', async () => {
    const visitor = agentFor(app);
    for (const path of ['/', '/vacancies', '/api/v1/vacancies', '/vacancies?q=lager']) {
      const response = await visitor.get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers['cache-control'] ?? '', path).not.toContain('no-store');
      expect(varies(response), path).toEqual(expect.arrayContaining(['accept', 'accept-language', 'cookie']));
    }
    // The same URL in another language is another answer: a cache that ignored Accept-Language would serve the wrong one.
    const [german, arabic] = await Promise.all([
      visitor.get('/vacancies').set('accept-language', 'de'),
      agentFor(app).get('/vacancies').set('accept-language', 'ar'),
    ]);
    expect(german.text).toContain('lang="de"');
    expect(arabic.text).toContain('lang="ar"');
    // The 404 of an unknown vacancy is a page or JSON by Accept.
    const missing = await visitor.get('/vacancies/00000000-0000-4000-8000-000000000000').set('accept', 'application/json');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(/^application\/json/);
    expect(varies(missing)).toContain('accept');
  });

  it('static files keep their own caching, without Vary: Accept', async () => {
    const css = await mentor.agent.get('/static/site.css');
    expect(css.status).toBe(200);
    expect(css.headers['cache-control'] ?? '').not.toContain('no-store');
    expect(varies(css)).not.toContain('accept');
  });
});
