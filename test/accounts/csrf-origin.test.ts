import { describe, expect, it } from 'vitest';
import { useTestApp, agentFor, csrfFrom, encodeForm, unique } from '../helpers/app.ts';
import { createEmployer, loginAs, PASSWORD, vacancyForm } from '../helpers/factories.ts';

// The Origin / Sec-Fetch-Site check runs before the CSRF token: a request another site
// made is refused even when it carries a valid token.
const PUBLIC_URL = 'https://jobs.example';
const app = useTestApp({ config: { publicUrl: PUBLIC_URL } });

/** A logged-in employer's agent and a valid token for its session. */
async function employerWithToken() {
  const { email } = await createEmployer(app);
  const agent = await loginAs(app, email);
  const token = csrfFrom((await agent.get('/employer/vacancies/new')).text);
  return { agent, token };
}

const vacanciesTitled = (title: string) => app.db.selectFrom('vacancies').select('id').where('title', '=', title).execute();

describe('state-changing requests from another site', () => {
  it.each([
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['a sandboxed frame on another site (Origin: null, cross-site)', { origin: 'null', 'sec-fetch-site': 'cross-site' }],
    ['an opaque Origin that is not "null"', { origin: 'data:text/html,x' }],
    ['a foreign Origin on the same site', { 'sec-fetch-site': 'same-site', origin: 'https://other.jobs.example' }],
    ['the public address on another port', { origin: 'https://jobs.example:8443' }],
  ])('refuses %s with the CSRF page even with a valid token, and writes nothing', async (_name, headers) => {
    const { agent, token } = await employerWithToken();
    const title = `Fremd ${unique()}`;
    const page = await agent
      .post('/employer/vacancies')
      .set(headers)
      .type('form')
      .send(encodeForm({ _csrf: token, ...vacancyForm({ title }) }));
    expect(page.status).toBe(403);
    expect(page.text).toContain('Das Formular ist abgelaufen');
    const json = await agent
      .post('/employer/vacancies')
      .set(headers)
      .set('accept', 'application/json')
      .set('x-csrf-token', token)
      .send(vacancyForm({ title }));
    expect(json.status).toBe(403);
    expect(json.body.error.code).toBe('csrf');
    expect(await vacanciesTitled(title)).toEqual([]);
  });

  it('refuses a cross-site login and log-out too', async () => {
    const { email } = await createEmployer(app);
    const agent = await loginAs(app, email);
    const token = csrfFrom((await agent.get('/employer/vacancies')).text);
    expect(
      (
        await agent
          .post('/logout')
          .set('sec-fetch-site', 'cross-site')
          .type('form')
          .send(encodeForm({ _csrf: token }))
      ).status,
    ).toBe(403);
    expect((await agent.get('/employer/vacancies')).status).toBe(200);

    const visitor = agentFor(app);
    const loginToken = csrfFrom((await visitor.get('/login')).text);
    const login = await visitor
      .post('/login')
      .set('origin', 'https://evil.example')
      .type('form')
      .send(encodeForm({ _csrf: loginToken, email, password: PASSWORD }));
    expect(login.status).toBe(403);
    expect(login.headers['set-cookie'] ?? []).not.toEqual(expect.arrayContaining([expect.stringMatching(/^jb_session=./)]));
  });
});

describe('requests from the portal itself', () => {
  it.each([
    ['Sec-Fetch-Site: same-origin with the public Origin', { 'sec-fetch-site': 'same-origin', origin: PUBLIC_URL }],
    ['the public Origin alone', { origin: PUBLIC_URL }],
    ['the Origin the request was sent to', { host: 'portal.internal:8080', origin: 'http://portal.internal:8080' }],
    ['Sec-Fetch-Site: none (typed or bookmarked)', { 'sec-fetch-site': 'none' }],
    // What Chromium sends for the portal's own forms: their Referrer-Policy no-referrer makes the Origin "null".
    ["Origin: null from the portal's own page (same-origin)", { origin: 'null', 'sec-fetch-site': 'same-origin' }],
    ['no Origin and no Sec-Fetch-Site (curl, old browsers): the token decides', {}],
  ])('accept %s with a valid token', async (_name, headers) => {
    const { agent, token } = await employerWithToken();
    const title = `Eigen ${unique()}`;
    const response = await agent
      .post('/employer/vacancies')
      .set(headers)
      .type('form')
      .send(encodeForm({ _csrf: token, ...vacancyForm({ title }) }));
    expect(response.status).toBe(303);
    expect(await vacanciesTitled(title)).toHaveLength(1);
  });

  it('still needs the token when the headers say same-origin', async () => {
    const { agent } = await employerWithToken();
    const title = `Ohne Token ${unique()}`;
    const response = await agent
      .post('/employer/vacancies')
      .set({ 'sec-fetch-site': 'same-origin', origin: PUBLIC_URL })
      .type('form')
      .send(encodeForm(vacancyForm({ title })));
    expect(response.status).toBe(403);
    expect(await vacanciesTitled(title)).toEqual([]);
  });

  it('lets another site link to a page (GET is not checked)', async () => {
    const { agent } = await employerWithToken();
    const response = await agent.get('/employer/vacancies').set({ 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' });
    expect(response.status).toBe(200);
  });
});
