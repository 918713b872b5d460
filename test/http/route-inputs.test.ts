import type { Agent } from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { agentFor, csrfFrom, encodeForm, useTestApp } from '../helpers/app.ts';
import { loginAsAdmin } from '../helpers/admin.ts';
import { employerOf, mentorOf, twoProjects } from '../matching/support.ts';

/**
 * Route inputs typed by the route schemas (server/http/typed-routes.ts) keep what users saw before:
 * a malformed id is a page that does not exist (404, as page or JSON, never the type provider's 400),
 * the role guard answers first for anyone else, and a page's query string never fails.
 */
describe('typed route inputs', () => {
  const app = useTestApp();
  let mentor: Agent;
  let employer: Agent;
  let admin: Agent;

  beforeAll(async () => {
    const [projectId] = await twoProjects(app);
    mentor = (await mentorOf(app, projectId)).agent;
    employer = (await employerOf(app)).agent;
    admin = await loginAsAdmin(app);
  });

  const malformed = 'not-an-id';
  const RESET_NOTICE = 'Ihr Passwort ist neu gesetzt.';

  it.each([
    ['mentor', '/mentor/introductions/not-an-id'],
    ['mentor', '/mentor/placements/not-an-id'],
    ['mentor', '/mentor/mentees/not-an-id/introductions/new'],
    ['mentor', '/mentor/mentees/not-an-id/erase'],
    ['mentor', '/mentor/mentees/not-an-id/export'],
    ['employer', '/employer/introductions/not-an-id'],
    ['employer', '/employer/vacancies/not-an-id'],
    ['admin', '/admin/projects/0'],
  ] as const)('a %s opening %s gets the 404 page, and JSON asks get a 404 body', async (role, path) => {
    const agent = { mentor, employer, admin }[role];
    const page = await agent.get(path);
    expect(page.status).toBe(404);
    expect(page.type).toBe('text/html');
    expect(page.text).toContain('Diese Seite gibt es nicht');
    const json = await agent.get(path).set('accept', 'application/json');
    expect(json.status).toBe(404);
    expect(json.body).toEqual({ error: { code: 'not_found', message: 'Diese Seite gibt es nicht. Prüfen Sie die Adresse.' } });
  });

  it('answers a posted form for a malformed id with 404, before reading the body', async () => {
    const form = await employer.get('/employer/vacancies/new');
    const csrf = csrfFrom(form.text);
    for (const path of [`/employer/vacancies/${malformed}/publish`, `/employer/vacancies/${malformed}`]) {
      const response = await employer
        .post(path)
        .type('form')
        .send(encodeForm({ _csrf: csrf, title: 'x' }));
      expect(response.status, path).toBe(404);
    }
    const adminCsrf = csrfFrom((await admin.get('/admin/accounts')).text);
    const response = await admin
      .post(`/admin/accounts/${malformed}/disable`)
      .type('form')
      .send(encodeForm({ _csrf: adminCsrf }));
    expect(response.status).toBe(404);
  });

  it('lets the role guard answer first: nobody learns which ids are well-formed', async () => {
    const anonymous = agentFor(app);
    const login = await anonymous.get(`/mentor/introductions/${malformed}`);
    expect(login.status).toBe(302);
    expect(login.headers.location).toBe(`/login?next=${encodeURIComponent(`/mentor/introductions/${malformed}`)}`);
    expect((await employer.get(`/mentor/introductions/${malformed}`)).status).toBe(403);
    expect((await mentor.get(`/admin/projects/${malformed}`)).status).toBe(403);
  });

  it('says a malformed vacancy address on the public site is no vacancy (404 with the vacancy message)', async () => {
    const response = await agentFor(app).get(`/vacancies/${malformed}`);
    expect(response.status).toBe(404);
    expect(response.text).toContain('Diese Stelle gibt es nicht');
  });

  it('keeps page query strings lenient: repeated, unknown and odd values fall back instead of answering 400', async () => {
    const visitor = agentFor(app);
    const login = await visitor.get('/login?next=/a&next=/b&recovery=zzz&extra=1');
    expect(login.status).toBe(200);
    expect((await visitor.get('/mentoring?town=Leipzig&town=Dresden')).status).toBe(200);
    const notice = await employer.get('/employer/vacancies?saved=%3Cscript%3E');
    expect(notice.status).toBe(200);
    expect(notice.text).not.toContain('&lt;script&gt;');
    // A parameter the route schema does not name still reaches the page: the login form's notice after a reset.
    const reset = await agentFor(app).get('/login?notice=password-reset&next=/account');
    expect(reset.status).toBe(200);
    expect(reset.text).toContain(RESET_NOTICE);
  });
});
