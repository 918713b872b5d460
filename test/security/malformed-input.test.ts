import type { Agent } from 'supertest';
import type { Response } from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { keptValues } from '../../server/http/form-values.ts';
import { securityHeaders } from '../../server/plugins/security-headers.ts';
import { useTestApp, agentFor, csrfFrom } from '../helpers/app.ts';
import { createEmployer, loginAs } from '../helpers/factories.ts';
import { createTestMentee, mentorOf, twoProjects } from '../shortlists/support.ts';

/*
 * Malformed input (audit issue 10, finding 5): bodies nested thousands deep, a URL that is not
 * percent-encoded correctly, a Content-Type nobody parses, broken JSON. Each is the client's mistake:
 * a 4xx with the portal's own error page or JSON and its security headers, never a 500 or a stack.
 */

const app = useTestApp();
let anonymous: Agent;
let anonymousToken: string;
let mentor: { agent: Agent; accountId: string; projectId: number };
let mentorToken: string;
let employer: Agent;
let employerToken: string;
let menteeId: string;

const { document: PAGE_HEADERS, resource: RESOURCE_HEADERS } = securityHeaders(false);

/** `[[[[…]]]]`, as a JSON text: JSON.parse reads it fine, anything that recurses into it does not. */
const deepList = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

function expectPortalJsonError(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  expect(Object.keys(response.body)).toEqual(['error']);
  expect(typeof response.body.error.code).toBe('string');
  expect(typeof response.body.error.message).toBe('string');
  expect(response.text).not.toMatch(/at \w+ \(|\.ts:\d+|stack/i);
  for (const [name, value] of Object.entries(RESOURCE_HEADERS)) expect(response.headers[name], name).toBe(value);
}

function expectPortalErrorPage(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers['content-type']).toMatch(/^text\/html/);
  expect(response.text).toContain('<html lang="de"');
  expect(response.text).toContain('<main');
  expect(response.text).not.toMatch(/at \w+ \(|\.ts:\d+|FST_ERR/);
  // A title and message in German, not a translation key left showing (every status has its title).
  expect(response.text).not.toMatch(/errors\.\w+/);
  for (const [name, value] of Object.entries(PAGE_HEADERS)) expect(response.headers[name], name).toBe(value);
}

beforeAll(async () => {
  anonymous = agentFor(app);
  anonymousToken = csrfFrom((await anonymous.get('/login')).text);
  const [projectId] = await twoProjects(app);
  mentor = { ...(await mentorOf(app, projectId)), projectId };
  mentorToken = csrfFrom((await mentor.agent.get('/mentor/mentees')).text);
  menteeId = (await createTestMentee(app, mentor)).id;
  employer = await loginAs(app, (await createEmployer(app)).email);
  employerToken = csrfFrom((await employer.get('/employer/vacancies/new')).text);
});

describe('a JSON body nested 5,000 deep', () => {
  const deep = deepList(5_000);

  const forms = () =>
    [
      [anonymous, anonymousToken, '/login'],
      [anonymous, anonymousToken, '/register'],
      [mentor.agent, mentorToken, '/mentor/mentees'],
      [mentor.agent, mentorToken, `/mentor/mentees/${menteeId}`],
      [mentor.agent, mentorToken, `/mentor/mentees/${menteeId}/share-links`],
      [employer, employerToken, '/employer/vacancies'],
    ] as const;

  it('as the whole body answers a 4xx JSON error on every form route, never a 500', async () => {
    for (const [agent, token, path] of forms()) {
      const response = await agent.post(path).set('Accept', 'application/json').set('x-csrf-token', token).type('json').send(deep);
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
      expectPortalJsonError(response, response.status);
    }
  });

  it('inside a field answers a 4xx page from a browser-like client, never a 500', async () => {
    for (const [agent, token, path] of forms()) {
      const body = `{"email":${deep},"title":${deep},"homeTown":${deep},"days":${deep},"travelKm":${deep}}`;
      const response = await agent.post(path).set('Accept', 'text/html').set('x-csrf-token', token).type('json').send(body);
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
      expectPortalErrorPage(response, response.status);
    }
  });

  it('a little nesting still reaches the form, which refuses it with the message at the field', async () => {
    const response = await mentor.agent
      .post(`/mentor/mentees/${menteeId}/share-links`)
      .set('Accept', 'application/json')
      .set('x-csrf-token', mentorToken)
      .send({ days: [[[1]]], locale: { de: true } });
    expectPortalJsonError(response, 422);
    expect(Object.keys(response.body.error.fields).sort()).toEqual(['days', 'locale']);
  });
});

describe('keptValues', () => {
  it('keeps flat values and drops nested ones without looking inside', () => {
    const nested = JSON.parse(deepList(100_000)) as unknown;
    const kept = keptValues({
      title: 'Lager',
      travelKm: 20,
      consent: true,
      academic: false,
      empty: null,
      support: ['a', 2, true, ['x'], { y: 1 }],
      deep: nested,
      object: { toString: 'no' },
      password: 'secret',
      _csrf: 'token',
    });
    expect(kept).toEqual({ title: 'Lager', travelKm: '20', consent: 'on', academic: '', empty: '', support: ['a', '2', 'on'], deep: [] });
    expect(keptValues(nested)).toEqual({});
    expect((keptValues({ many: Array.from({ length: 10_000 }, (_, i) => String(i)) }).many as string[]).length).toBe(100);
  });
});

describe('requests Fastify refuses before a route runs', () => {
  it('a URL with broken percent-encoding: 400 with the portal page or JSON', async () => {
    expectPortalErrorPage(await anonymous.get('/vacancies/%E0%A4%A').set('Accept', 'text/html'), 400);
    expectPortalJsonError(await anonymous.get('/vacancies/%E0%A4%A').set('Accept', 'application/json'), 400);
  });

  it('a Content-Type no parser reads: 415 with the portal page', async () => {
    const response = await anonymous.post('/login').set('Accept', 'text/html').set('Content-Type', 'application/x-made-up').send('email=a');
    expectPortalErrorPage(response, 415);
  });

  it('broken JSON: 400 with the portal JSON error', async () => {
    const response = await anonymous
      .post('/login')
      .set('Accept', 'application/json')
      .set('x-csrf-token', anonymousToken)
      .type('json')
      .send('{"email": ');
    expectPortalJsonError(response, 400);
  });

  it('a JSON body over the size limit: 413 with the portal JSON error', async () => {
    const response = await anonymous
      .post('/login')
      .set('Accept', 'application/json')
      .type('json')
      .send(JSON.stringify({ email: 'a'.repeat(300 * 1024) }));
    expectPortalJsonError(response, 413);
  });
});
