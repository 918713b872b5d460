import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Agent } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentFor, buildTestApp, unique } from '../helpers/app.ts';
import { createEmployer, loginAs, postVacancy } from '../helpers/factories.ts';
import { closeVacancy } from '../search/support.ts';
import { createTestMentee, csrfOf, mentorOf, postForm, twoProjects } from './support.ts';

/*
 * Shortlists and share links (server/shortlists) against the real PostgreSQL:
 * saving vacancies, the project boundary, and the public /s/<token> page that
 * shows the shortlisted vacancies and nothing about the mentee.
 */

let app: FastifyInstance;
let employer: Agent;
let mine: { agent: Agent; accountId: string; projectId: number };
let other: { agent: Agent; accountId: string; projectId: number };

const INVALID_LINK_DE = 'Dieser Link gilt nicht mehr. Fragen Sie Ihre Mentorin oder Ihren Mentor.';

beforeAll(async () => {
  // Links are built from PUBLIC_URL, whatever Host the request names.
  app = await buildTestApp({ config: { publicUrl: 'http://portal.test' } });
  const [projectA, projectB] = await twoProjects(app);
  mine = { ...(await mentorOf(app, projectA)), projectId: projectA };
  other = { ...(await mentorOf(app, projectB)), projectId: projectB };
  employer = await loginAs(app, (await createEmployer(app)).email);
});

afterAll(async () => {
  await app?.close();
});

const apprenticeship = (overrides: Record<string, string> = {}) => ({
  kind: 'apprenticeship',
  occupation: '11522',
  durationMonths: '36',
  title: `Ausbildung Tierpflege ${unique()}`,
  summary: 'Sie pflegen Tiere. Sie füttern sie und machen die Ställe sauber.',
  town: 'Dresden',
  germanLevel: 'A2',
  ...overrides,
});

/** Handlebars writes `=` in attribute values as &#x3D;. */
const decoded = (html: string) => html.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');

const shortlistRows = (menteeId: string) => app.db.selectFrom('shortlist_items').selectAll().where('mentee_id', '=', menteeId).execute();
const linkRows = (menteeId: string) => app.db.selectFrom('share_links').selectAll().where('mentee_id', '=', menteeId).execute();

async function addJson(agent: Agent, menteeId: string, vacancyId: string) {
  return agent
    .post(`/mentor/mentees/${menteeId}/shortlist`)
    .set('Accept', 'application/json')
    .set('x-csrf-token', await csrfOf(agent))
    .send({ vacancyId });
}

/** Creates a share link through the form (sent with a forged Host, which changes nothing); returns the page and the token shown on it. */
async function createLink(agent: Agent, menteeId: string, values: Record<string, string> = {}) {
  const page = await postForm(agent, `/mentor/mentees/${menteeId}/share-links`, { _csrf: await csrfOf(agent), ...values }).set(
    'Host',
    'evil.example',
  );
  const token = /http:\/\/portal\.test\/s\/([A-Za-z0-9_-]+)/.exec(page.text)?.[1];
  return { page, token };
}

describe('the shortlist', () => {
  it('adds a published vacancy once, lists it, and removes it', async () => {
    const mentee = await createTestMentee(app, { ...mine });
    const vacancyId = await postVacancy(employer, apprenticeship());

    const first = await addJson(mine.agent, mentee.id, vacancyId);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ menteeId: mentee.id, vacancyId, added: true });
    const again = await addJson(mine.agent, mentee.id, vacancyId);
    expect(again.status).toBe(200);
    expect(again.body.added).toBe(false);
    expect(await shortlistRows(mentee.id)).toHaveLength(1);

    const json = await mine.agent.get(`/mentor/mentees/${mentee.id}/shortlist`).set('Accept', 'application/json');
    expect(json.status).toBe(200);
    expect(json.body.items.map((i: { id: string }) => i.id)).toEqual([vacancyId]);
    expect(json.body.items[0]).toMatchObject({ kind: 'apprenticeship', germanLevel: 'A2', town: 'Dresden', advertised: true });

    const page = await mine.agent.get(`/mentor/mentees/${mentee.id}/shortlist`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(json.body.items[0].title);
    expect(page.text).toContain('Sie pflegen Tiere.');

    const removed = await postForm(mine.agent, `/mentor/mentees/${mentee.id}/shortlist/${vacancyId}/remove`, {
      _csrf: await csrfOf(mine.agent),
    });
    expect(removed.status).toBe(303);
    expect(removed.headers.location).toBe(`/mentor/mentees/${mentee.id}/shortlist?saved=removed`);
    expect(await shortlistRows(mentee.id)).toHaveLength(0);
  });

  it('refuses unknown and unpublished vacancies', async () => {
    const mentee = await createTestMentee(app, { ...mine });
    const draftId = await postVacancy(employer, apprenticeship(), false);
    expect((await addJson(mine.agent, mentee.id, draftId)).status).toBe(404);
    expect((await addJson(mine.agent, mentee.id, '00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await addJson(mine.agent, mentee.id, 'not-a-uuid')).status).toBe(404);
    expect(await shortlistRows(mentee.id)).toHaveLength(0);
  });

  it('goes back to the mentor page the form was sent from, and nowhere else', async () => {
    const mentee = await createTestMentee(app, { ...mine });
    const vacancyId = await postVacancy(employer, apprenticeship());
    const send = async (referer?: string) => {
      const request = postForm(mine.agent, `/mentor/mentees/${mentee.id}/shortlist`, { _csrf: await csrfOf(mine.agent), vacancyId }).set(
        'Host',
        'portal.test',
      );
      return referer ? request.set('Referer', referer) : request;
    };
    const local = await send(`http://portal.test/mentor/mentees/${mentee.id}/browse?q=tier&page=2`);
    expect(local.status).toBe(303);
    expect(local.headers.location).toBe(`/mentor/mentees/${mentee.id}/browse?q=tier&page=2`);
    const fallback = `/mentor/mentees/${mentee.id}/shortlist?saved=added`;
    expect((await send(`https://evil.example/mentor/mentees/${mentee.id}/browse`)).headers.location).toBe(fallback);
    expect((await send('http://portal.test/vacancies')).headers.location).toBe(fallback);
    expect((await send()).headers.location).toBe(fallback);
  });

  it('keeps a vacancy that was closed since, marked as no longer advertised', async () => {
    const mentee = await createTestMentee(app, { ...mine });
    const vacancyId = await postVacancy(employer, apprenticeship());
    expect((await addJson(mine.agent, mentee.id, vacancyId)).status).toBe(201);
    await closeVacancy(employer, vacancyId);

    const json = await mine.agent.get(`/mentor/mentees/${mentee.id}/shortlist`).set('Accept', 'application/json');
    expect(json.body.items).toHaveLength(1);
    expect(json.body.items[0]).toMatchObject({ id: vacancyId, advertised: false });
    const page = await mine.agent.get(`/mentor/mentees/${mentee.id}/shortlist`);
    expect(page.text).toContain('Nicht mehr ausgeschrieben');
  });
});

describe('the project boundary', () => {
  it('hides my mentee, its shortlist and its share links from a mentor of another project', async () => {
    const mentee = await createTestMentee(app, { ...mine });
    const vacancyId = await postVacancy(employer, apprenticeship());
    expect((await addJson(mine.agent, mentee.id, vacancyId)).status).toBe(201);
    const { token } = await createLink(mine.agent, mentee.id);
    const [link] = await linkRows(mentee.id);

    expect((await other.agent.get(`/mentor/mentees/${mentee.id}/shortlist`)).status).toBe(404);
    expect((await other.agent.get(`/mentor/mentees/${mentee.id}/shortlist`).set('Accept', 'application/json')).status).toBe(404);
    expect((await other.agent.get(`/mentor/mentees/${mentee.id}/browse`)).status).toBe(404);

    const otherVacancy = await postVacancy(employer, apprenticeship());
    expect((await addJson(other.agent, mentee.id, otherVacancy)).status).toBe(404);
    const csrf = await csrfOf(other.agent);
    expect((await postForm(other.agent, `/mentor/mentees/${mentee.id}/shortlist/${vacancyId}/remove`, { _csrf: csrf })).status).toBe(404);
    expect((await shortlistRows(mentee.id)).map((r) => r.vacancy_id)).toEqual([vacancyId]);

    expect((await postForm(other.agent, `/mentor/mentees/${mentee.id}/share-links`, { _csrf: csrf, days: '7' })).status).toBe(404);
    expect(await linkRows(mentee.id)).toHaveLength(1);

    const revoke = await postForm(other.agent, `/mentor/share-links/${link!.id}/revoke`, { _csrf: csrf });
    expect(revoke.status).toBe(404);
    expect((await linkRows(mentee.id))[0]!.revoked_at).toBeNull();
    expect((await agentFor(app).get(`/s/${token}`)).status).toBe(200);
  });

  it('refuses accounts that are not mentors and sends visitors to log in', async () => {
    const mentee = await createTestMentee(app, { ...mine });
    expect((await employer.get(`/mentor/mentees/${mentee.id}/shortlist`)).status).toBe(403);
    const visitor = await agentFor(app).get(`/mentor/mentees/${mentee.id}/shortlist`);
    expect(visitor.status).toBe(302);
    expect(visitor.headers.location).toMatch(/^\/login\?next=/);
  });
});

describe('share links', () => {
  it('carry 256 random bits of which only the hash is stored, shown once', async () => {
    const mentee = await createTestMentee(app, { ...mine });
    const { page, token } = await createLink(mine.agent, mentee.id);
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(token).toBeDefined();
    expect(token!.length).toBeGreaterThanOrEqual(22);
    expect(Buffer.from(token!, 'base64url')).toHaveLength(32);

    const rows = await linkRows(mentee.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toBe(createHash('sha256').update(token!).digest('hex'));
    const everything = await app.db.selectFrom('share_links').selectAll().execute();
    expect(JSON.stringify(everything)).not.toContain(token);

    const later = await mine.agent.get(`/mentor/mentees/${mentee.id}/shortlist`);
    expect(later.text).not.toContain(token);
    expect(later.text).toContain('Gültig');

    const second = await createLink(mine.agent, mentee.id);
    expect(second.token).not.toBe(token);
  });

  it('show the shortlisted, still published vacancies in the link’s language and nothing about the mentee', async () => {
    const notes = `Notiz ${unique()}`;
    const mentee = await createTestMentee(app, { ...mine }, { homeTown: 'Radebeul', locale: 'de', notes });
    const shown = await postVacancy(employer, apprenticeship({ startDate: '2027-08-01' }));
    const closed = await postVacancy(employer, apprenticeship());
    const notListed = await postVacancy(employer, apprenticeship());
    for (const id of [shown, closed]) expect((await addJson(mine.agent, mentee.id, id)).status).toBe(201);
    await closeVacancy(employer, closed);
    const titles = Object.fromEntries(
      (await app.db.selectFrom('vacancies').select(['id', 'title']).where('id', 'in', [shown, closed, notListed]).execute()).map((r) => [
        r.id,
        r.title,
      ]),
    );

    const { token } = await createLink(mine.agent, mentee.id, { locale: 'en', days: '3' });
    const phone = agentFor(app);
    const page = await phone.get(`/s/${token}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<html lang="en"');
    expect(page.text).toContain('Vacancies chosen for you');
    expect(page.text).toContain(titles[shown]);
    expect(page.text).toContain('Animal keeper');
    expect(page.text).not.toContain('Tierpflegerin / Tierpfleger');
    expect(decoded(page.text)).toContain(`href="/s/${token}/v/${shown}"`);
    expect(page.text).toContain('Sie pflegen Tiere.');
    expect(page.text).toContain('1 Aug 2027');
    expect(page.text).not.toContain(titles[closed]);
    expect(page.text).not.toContain(titles[notListed]);
    for (const secret of [mentee.code, 'Radebeul', notes, mentee.id]) expect(page.text).not.toContain(secret);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['x-robots-tag']).toBe('noindex');

    // A German link to the same list speaks German, whatever the phone chose before.
    const german = await createLink(mine.agent, mentee.id, { locale: 'de' });
    const inGerman = await phone.get(`/s/${german.token}`);
    expect(inGerman.text).toContain('<html lang="de"');
    expect(inGerman.text).toContain('Stellen, die für Sie ausgesucht wurden');
    expect(inGerman.text).toContain('Tierpflegerin / Tierpfleger');
    expect(decoded(inGerman.text)).toContain(`href="/s/${german.token}/v/${shown}"`);
  });

  it('take the mentee’s language unless another is chosen', async () => {
    const mentee = await createTestMentee(app, { ...mine }, { locale: 'en' });
    const created = await mine.agent
      .post(`/mentor/mentees/${mentee.id}/share-links`)
      .set('Accept', 'application/json')
      .set('x-csrf-token', await csrfOf(mine.agent))
      .send({});
    expect(created.status).toBe(201);
    expect(created.body.locale).toBe('en');
    expect(created.body.state).toBe('active');
    const days = (Date.parse(created.body.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(13.9);
    expect(days).toBeLessThanOrEqual(14);
    const page = await agentFor(app).get(new URL(created.body.url).pathname);
    expect(page.text).toContain('<html lang="en"');
  });

  it('refuse a lifetime outside 1 to 30 days with the message at the field', async () => {
    const mentee = await createTestMentee(app, { ...mine });
    for (const days of ['0', '31', 'zwei', '1.5']) {
      const { page, token } = await createLink(mine.agent, mentee.id, { days });
      expect(page.status, days).toBe(422);
      expect(token).toBeUndefined();
      expect(page.text).toContain('<title>Fehler:');
      expect(page.text).toMatch(/<p class="error-message" id="days-error">[\s\S]*?Geben Sie eine Zahl von 1 bis 30 ein<\/p>/);
      expect(page.text).toContain('<a href="#days">Geben Sie eine Zahl von 1 bis 30 ein</a>');
      expect(page.text).toMatch(new RegExp(`name="days" type="text" value="${days.replace('.', '\\.')}"`));
    }
    const json = await mine.agent
      .post(`/mentor/mentees/${mentee.id}/share-links`)
      .set('Accept', 'application/json')
      .set('x-csrf-token', await csrfOf(mine.agent))
      .send({ days: 31 });
    expect(json.status).toBe(422);
    expect(json.body.error.fields.days).toBe('Geben Sie eine Zahl von 1 bis 30 ein');
    // 0 is a value, not a blank: refused, never silently 14 days (nor a list or a boolean read as a number).
    for (const days of [0, [5], true]) {
      const refused = await mine.agent
        .post(`/mentor/mentees/${mentee.id}/share-links`)
        .set('Accept', 'application/json')
        .set('x-csrf-token', await csrfOf(mine.agent))
        .send({ days });
      expect(refused.status, JSON.stringify(days)).toBe(422);
      expect(refused.body.error.fields.days).toBe('Geben Sie eine Zahl von 1 bis 30 ein');
    }
    for (const days of ['1', '30']) expect((await createLink(mine.agent, mentee.id, { days })).page.status).toBe(200);
    expect(await linkRows(mentee.id)).toHaveLength(2);
  });

  it('stop working when expired, revoked or the mentee is closed, with the same page as an unknown token', async () => {
    const mentee = await createTestMentee(app, { ...mine });
    const expired = (await createLink(mine.agent, mentee.id)).token!;
    const revoked = (await createLink(mine.agent, mentee.id)).token!;
    const phone = agentFor(app);
    expect((await phone.get(`/s/${expired}`)).status).toBe(200);
    expect((await phone.get(`/s/${revoked}`)).status).toBe(200);

    const hash = (token: string) => createHash('sha256').update(token).digest('hex');
    await app.db
      .updateTable('share_links')
      .set({ expires_at: new Date(Date.now() - 60_000) })
      .where('token_hash', '=', hash(expired))
      .execute();
    const link = await app.db.selectFrom('share_links').select('id').where('token_hash', '=', hash(revoked)).executeTakeFirstOrThrow();
    const revoke = await postForm(mine.agent, `/mentor/share-links/${link.id}/revoke`, { _csrf: await csrfOf(mine.agent) });
    expect(revoke.status).toBe(303);
    expect(revoke.headers.location).toBe(`/mentor/mentees/${mentee.id}/shortlist?saved=revoked`);
    const overview = await mine.agent.get(`/mentor/mentees/${mentee.id}/shortlist`).set('Accept', 'application/json');
    expect(overview.body.shareLinks.map((l: { state: string }) => l.state).sort()).toEqual(['expired', 'revoked']);

    const unknown = Buffer.alloc(32, 7).toString('base64url');
    const pages = await Promise.all(
      [expired, revoked, unknown, 'kurzerToken'].map(async (token) => ({ token, response: await phone.get(`/s/${token}`) })),
    );
    const normalised = pages.map(({ token, response }) => response.text.replaceAll(token, 'TOKEN'));
    for (const { response } of pages) {
      expect(response.status).toBe(404);
      expect(response.text).toContain(INVALID_LINK_DE);
      expect(response.headers['referrer-policy']).toBe('no-referrer');
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['x-robots-tag']).toBe('noindex');
    }
    expect(new Set(normalised).size).toBe(1);

    const live = (await createLink(mine.agent, mentee.id)).token!;
    expect((await phone.get(`/s/${live}`)).status).toBe(200);
    await app.db.updateTable('mentees').set({ status: 'closed', closed_at: new Date() }).where('id', '=', mentee.id).execute();
    const closed = await phone.get(`/s/${live}`);
    expect(closed.status).toBe(404);
    expect(closed.text).toContain(INVALID_LINK_DE);
  });
});

describe('CSRF', () => {
  it('is required on every POST', async () => {
    const mentee = await createTestMentee(app, { ...mine });
    const vacancyId = await postVacancy(employer, apprenticeship());
    expect((await addJson(mine.agent, mentee.id, vacancyId)).status).toBe(201);
    await createLink(mine.agent, mentee.id);
    const [link] = await linkRows(mentee.id);

    const posts: [string, Record<string, string>][] = [
      [`/mentor/mentees/${mentee.id}/shortlist`, { vacancyId: await postVacancy(employer, apprenticeship()) }],
      [`/mentor/mentees/${mentee.id}/shortlist/${vacancyId}/remove`, {}],
      [`/mentor/mentees/${mentee.id}/share-links`, { days: '5' }],
      [`/mentor/share-links/${link!.id}/revoke`, {}],
    ];
    for (const [path, values] of posts) {
      expect((await postForm(mine.agent, path, values)).status, path).toBe(403);
      expect((await postForm(mine.agent, path, { ...values, _csrf: 'forged' })).status, path).toBe(403);
      expect((await mine.agent.post(path).set('Accept', 'application/json').send(values)).status, path).toBe(403);
    }
    expect((await shortlistRows(mentee.id)).map((r) => r.vacancy_id)).toEqual([vacancyId]);
    const links = await linkRows(mentee.id);
    expect(links).toHaveLength(1);
    expect(links[0]!.revoked_at).toBeNull();
  });
});
