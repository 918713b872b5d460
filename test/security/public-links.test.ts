import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';
import { DIGEST_JOB } from '../../server/follow-ups/digest.ts';
import { addDays } from '../../server/follow-ups/schedule.ts';
import { publicUrlOf } from '../../server/http/public-url.ts';
import { todayInBerlin } from '../../server/time/berlin.ts';
import { loginAsAdmin } from '../helpers/admin.ts';
import { agentFor, buildTestApp, csrfFrom, encodeForm, flushMail, unique } from '../helpers/app.ts';
import { postVacancy } from '../helpers/factories.ts';
import { createPlacement } from '../helpers/placements.ts';
import { employerOf, mentorOf, twoProjects } from '../matching/support.ts';
import { createTestMentee } from '../shortlists/support.ts';

/*
 * Links the portal hands out (audit issue 10, finding 6): share links, invitation links, e-mail links.
 * Each starts with PUBLIC_URL, or without it the address the server listens on, never with the Host the
 * request names; and a malformed Host is the client's mistake, not a 500.
 */

const HOSTILE = 'evil.example';

describe('with PUBLIC_URL set', () => {
  const PUBLIC_URL = 'https://jobs.example.test';
  let app: FastifyInstance;
  let mentor: Awaited<ReturnType<typeof mentorOf>>;

  beforeAll(async () => {
    app = await buildTestApp({ config: { publicUrl: `${PUBLIC_URL}/` } });
    mentor = await mentorOf(app, (await twoProjects(app))[0]);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('builds the share link from PUBLIC_URL, whatever Host the request names', async () => {
    const mentee = await createTestMentee(app, mentor);
    const token = csrfFrom((await mentor.agent.get(`/mentor/mentees/${mentee.id}/shortlist`)).text);
    const page = await mentor.agent
      .post(`/mentor/mentees/${mentee.id}/share-links`)
      .set('Host', HOSTILE)
      .type('form')
      .send(encodeForm({ _csrf: token, days: '7' }));
    expect(page.status).toBe(200);
    // The new link is shown whole, as text (issue 13: a copy button beside it, no truncated field).
    expect(page.text).toMatch(new RegExp(`id="new-link" dir="ltr">${PUBLIC_URL}/s/[A-Za-z0-9_-]{43}<`));
    expect(page.text).not.toContain(HOSTILE);
    const json = await mentor.agent
      .post(`/mentor/mentees/${mentee.id}/share-links`)
      .set('Host', HOSTILE)
      .set('X-Forwarded-Host', HOSTILE)
      .set('Accept', 'application/json')
      .set('x-csrf-token', token)
      .send({});
    expect(json.status).toBe(201);
    expect(json.body.url).toMatch(new RegExp(`^${PUBLIC_URL}/s/[A-Za-z0-9_-]{43}$`));
  });

  it('builds the invitation link from PUBLIC_URL, whatever Host the request names', async () => {
    const admin = await loginAsAdmin(app);
    const token = csrfFrom((await admin.get('/admin/invitations')).text);
    const page = await admin
      .post('/admin/invitations')
      .set('Host', HOSTILE)
      .type('form')
      .send(encodeForm({ _csrf: token, email: `${unique('invitee')}@example.org`, role: 'mentor', project: 'aul-dresden' }));
    expect(page.status).toBe(201);
    expect(page.text).toMatch(new RegExp(`value="${PUBLIC_URL}/invitations/[A-Za-z0-9_-]{43}"`));
    expect(page.text).not.toContain(HOSTILE);
    const json = await admin
      .post('/admin/invitations')
      .set('Host', HOSTILE)
      .set('Accept', 'application/json')
      .set('x-csrf-token', token)
      .send({ email: `${unique('invitee')}@example.org`, role: 'mentor', project: 'aul-dresden' });
    expect(json.status).toBe(201);
    expect(json.body.link).toBe(`${PUBLIC_URL}${json.body.path}`);
  });

  it('answers the shortlist forms as usual under a malformed Host (it was a 500)', async () => {
    const mentee = await createTestMentee(app, mentor);
    const vacancy = await postVacancy((await employerOf(app)).agent, {
      kind: 'apprenticeship',
      occupation: '11522',
      title: `Tierpflege ${unique()}`,
      durationMonths: '36',
    });
    const token = csrfFrom((await mentor.agent.get(`/mentor/mentees/${mentee.id}/shortlist`)).text);
    for (const host of ['[bad', 'a b', 'exa mple.org:99999', '::::', '%']) {
      const added = await mentor.agent
        .post(`/mentor/mentees/${mentee.id}/shortlist`)
        .set('Host', host)
        .set('Referer', `${PUBLIC_URL}/mentor/mentees/${mentee.id}/browse?q=tier`)
        .type('form')
        .send(encodeForm({ _csrf: token, vacancyId: vacancy }));
      expect(added.status, host).toBe(303);
      expect(added.headers.location, host).toBe(`/mentor/mentees/${mentee.id}/browse?q=tier`);
      const removed = await mentor.agent
        .post(`/mentor/mentees/${mentee.id}/shortlist/${vacancy}/remove`)
        .set('Host', host)
        .type('form')
        .send(encodeForm({ _csrf: token }));
      expect(removed.status, host).toBe(303);
      const link = await mentor.agent
        .post(`/mentor/mentees/${mentee.id}/share-links`)
        .set('Host', host)
        .type('form')
        .send(encodeForm({ _csrf: token, days: '3' }));
      expect(link.status, host).toBe(200);
      expect(link.text, host).toMatch(new RegExp(`id="new-link" dir="ltr">${PUBLIC_URL}/s/`));
    }
  });
});

describe('without PUBLIC_URL (development and tests)', () => {
  let app: FastifyInstance;
  let base: string;
  let mentor: Awaited<ReturnType<typeof mentorOf>>;

  beforeAll(async () => {
    app = await buildTestApp({ config: { port: 0 } });
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    mentor = await mentorOf(app, (await twoProjects(app))[0]);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('uses the address the server listens on (PORT=0: the port it was given), for share links', async () => {
    expect(app.publicUrl).toBe(base);
    const mentee = await createTestMentee(app, mentor);
    const token = csrfFrom((await mentor.agent.get(`/mentor/mentees/${mentee.id}/shortlist`)).text);
    const json = await mentor.agent
      .post(`/mentor/mentees/${mentee.id}/share-links`)
      .set('Host', HOSTILE)
      .set('Accept', 'application/json')
      .set('x-csrf-token', token)
      .send({});
    expect(json.body.url).toMatch(new RegExp(`^${base}/s/`));
    // The link opens on this very server.
    expect((await agentFor(app).get(new URL(json.body.url).pathname)).status).toBe(200);
  });

  it('gives the daily digest and the introduction notice links to the same address', async () => {
    const projectId = (await twoProjects(app))[0];
    const digestMentor = await mentorOf(app, projectId);
    // A day of its own, so no other file's run of the job stands in the way.
    const day = addDays(todayInBerlin(), -700);
    await createPlacement(app, { projectId, mentorId: digestMentor.accountId, startDate: addDays(day, -10) });
    expect(await app.jobs.runNow(DIGEST_JOB, day)).toBe(true);

    const employer = await employerOf(app);
    const vacancyId = await postVacancy(employer.agent, { title: `Lager ${unique()}` });
    const menteeId = (await createTestMentee(app, digestMentor, { desiredOccupations: ['51312'], desiredKinds: ['job'] })).id;
    const token = csrfFrom((await digestMentor.agent.get('/mentor/pipeline')).text);
    const proposed = await digestMentor.agent
      .post(`/mentor/mentees/${menteeId}/introductions`)
      .set('Host', HOSTILE)
      .set('accept', 'application/json')
      .set('x-csrf-token', token)
      .send({ vacancyId });
    expect(proposed.status).toBe(201);
    await flushMail(app);

    const digest = await app.db
      .selectFrom('mail_outbox')
      .select('body_text')
      .where('recipient', '=', digestMentor.email)
      .where('kind', '=', 'checkin_digest')
      .executeTakeFirstOrThrow();
    expect(digest.body_text).toContain(`${base}/mentor/follow-ups`);
    expect(digest.body_text).toMatch(new RegExp(`${base}/mentor/placements/[0-9a-f-]{36}`));
    const notice = await app.db
      .selectFrom('mail_outbox')
      .select('body_text')
      .where('kind', '=', 'introduction_new')
      .where('body_text', 'like', `%${proposed.body.id}%`)
      .executeTakeFirstOrThrow();
    expect(notice.body_text).toContain(`${base}/employer/introductions/${proposed.body.id}`);
    expect(`${digest.body_text}${notice.body_text}`).not.toContain('localhost:3000');
    expect(`${digest.body_text}${notice.body_text}`).not.toContain(HOSTILE);
  });
});

describe('the public address', () => {
  it('is PUBLIC_URL without trailing slashes, else the listening address', () => {
    expect(publicUrlOf('https://jobs.example.org//', null, 3000)).toBe('https://jobs.example.org');
    expect(publicUrlOf(undefined, { address: '127.0.0.1', family: 'IPv4', port: 41234 }, 0)).toBe('http://127.0.0.1:41234');
    expect(publicUrlOf(undefined, { address: '0.0.0.0', family: 'IPv4', port: 8080 }, 8080)).toBe('http://localhost:8080');
    expect(publicUrlOf(undefined, { address: '::1', family: 'IPv6', port: 8080 }, 8080)).toBe('http://[::1]:8080');
    expect(publicUrlOf(undefined, null, 4000)).toBe('http://localhost:4000');
  });

  it('is required in production, and must be an http(s) address', () => {
    const production = {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://app:secret@db.example.test/app',
      MEILI_URL: 'http://search.example.test:7700',
      MEILI_MASTER_KEY: 'k'.repeat(32),
      SESSION_SECRET: 's'.repeat(32),
    };
    expect(() => loadConfig(production)).toThrow(new ConfigError('Configuration error: PUBLIC_URL is required when NODE_ENV=production'));
    expect(loadConfig({ ...production, PUBLIC_URL: 'https://jobs.example.org' }).publicUrl).toBe('https://jobs.example.org');
    expect(() => loadConfig({ ...production, PUBLIC_URL: 'javascript:alert(1)' })).toThrow(/PUBLIC_URL is invalid/);
    expect(loadConfig({ NODE_ENV: 'development' }).publicUrl).toBeUndefined();
  });
});
