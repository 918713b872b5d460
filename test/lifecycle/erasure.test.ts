import { beforeAll, describe, expect, it } from 'vitest';
import { todayInBerlin } from '../../server/time/berlin.ts';
import { useTestApp, csrfFrom, encodeForm, flushOutbox } from '../helpers/app.ts';
import { mentorOf, twoProjects } from '../matching/support.ts';
import { erasedCount, menteeDocument, menteeWithHistory, NOTE, tablesHolding } from './support.ts';

describe('a mentor exports and erases a profile on request', () => {
  const app = useTestApp();
  let mentor: Awaited<ReturnType<typeof mentorOf>>;
  let stranger: Awaited<ReturnType<typeof mentorOf>>;
  let history: Awaited<ReturnType<typeof menteeWithHistory>>;

  beforeAll(async () => {
    const [projectA, projectB] = await twoProjects(app);
    mentor = await mentorOf(app, projectA);
    stranger = await mentorOf(app, projectB);
    history = await menteeWithHistory(app, mentor);
  });
  it('links to export and erasure from the profile page', async () => {
    const page = await mentor.agent.get(`/mentor/mentees/${history.menteeId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`href="/mentor/mentees/${history.menteeId}/export"`);
    expect(page.text).toContain(`href="/mentor/mentees/${history.menteeId}/erase"`);
  });

  it('downloads everything about the profile as a JSON file named with the code', async () => {
    const response = await mentor.agent.get(`/mentor/mentees/${history.menteeId}/export`);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="jobbruecke-${history.code}.json"`);
    const data = JSON.parse(response.text) as Record<string, any>;
    expect(data.mentee).toMatchObject({
      id: history.menteeId,
      code: history.code,
      notes: NOTE,
      consent: true,
      gender: 'f',
      homeTown: 'Dresden',
      status: 'active',
    });
    expect(Date.parse(data.mentee.consentAt)).not.toBeNaN();
    expect(data.shortlist).toEqual([expect.objectContaining({ vacancyId: history.vacancyId })]);
    expect(data.shareLinks).toEqual([expect.objectContaining({ id: history.shareLinkId, locale: 'de' })]);
    const tokenHash = (
      await app.db.selectFrom('share_links').select('token_hash').where('id', '=', history.shareLinkId).executeTakeFirstOrThrow()
    ).token_hash;
    expect(response.text).not.toContain(tokenHash);
    expect(response.text).not.toMatch(/token/i);
    expect(data.introductions).toHaveLength(1);
    expect(data.introductions[0]).toMatchObject({ id: history.introductionId, status: 'proposed', message: 'Sehr zuverlässig.' });
    expect(data.introductions[0].history).toEqual([expect.objectContaining({ from: null, to: 'proposed', by: 'mentor' })]);
    expect(data.placements).toEqual([expect.objectContaining({ id: history.placementId, kind: 'job', sociallyInsured: true })]);
    expect(data.placements[0].followUps).toEqual([expect.objectContaining({ concerns: ['language'], note: 'Sprachkurs gesucht.' })]);
    expect(data.profileAccess.map((a: { action: string }) => a.action)).toEqual(['profile_card.viewed', 'mentee.exported']);
  });

  it("answers 404 for another project's mentor, for export, the page and the erasure itself", async () => {
    expect((await stranger.agent.get(`/mentor/mentees/${history.menteeId}/export`)).status).toBe(404);
    expect((await stranger.agent.get(`/mentor/mentees/${history.menteeId}/erase`)).status).toBe(404);
    const own = await stranger.agent.get('/mentor/mentees');
    const post = await stranger.agent
      .post(`/mentor/mentees/${history.menteeId}/erase`)
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(own.text), confirm: history.code }));
    expect(post.status).toBe(404);
    expect(await app.db.selectFrom('mentees').select('id').where('id', '=', history.menteeId).executeTakeFirst()).toBeDefined();
  });

  it('asks for the code on a page that warns the erasure cannot be undone', async () => {
    const page = await mentor.agent.get(`/mentor/mentees/${history.menteeId}/erase`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Das Löschen kann man nicht rückgängig machen.');
    expect(page.text).toContain(`Geben Sie zur Bestätigung das Kürzel ${history.code} ein`);
  });

  it('refuses a wrong or missing code with the message at the field, keeping what was typed', async () => {
    const page = await mentor.agent.get(`/mentor/mentees/${history.menteeId}/erase`);
    const wrong = await mentor.agent
      .post(`/mentor/mentees/${history.menteeId}/erase`)
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), confirm: 'MT-FALSCH' }));
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('Es gibt ein Problem');
    expect(wrong.text).toMatch(/id="confirm-error"[^>]*>.*Das Kürzel stimmt nicht/s);
    expect(wrong.text).toContain('value="MT-FALSCH"');
    expect(wrong.text).toContain('<title>Fehler:');

    const json = await mentor.agent
      .post(`/mentor/mentees/${history.menteeId}/erase`)
      .set('accept', 'application/json')
      .set('x-csrf-token', csrfFrom(page.text))
      .send({});
    expect(json.status).toBe(422);
    expect(json.body.error).toMatchObject({
      code: 'validation',
      fields: { confirm: `Geben Sie das Kürzel ${history.code} ein, um das Löschen zu bestätigen` },
    });
    expect(await app.db.selectFrom('mentees').select('id').where('id', '=', history.menteeId).executeTakeFirst()).toBeDefined();
  });

  it('erases with the code: the profile and what hangs on it go, anonymous counts stay, the index document goes', async () => {
    const before = await erasedCount(app, 'request');
    expect(await menteeDocument(history.menteeId)).toMatchObject({ code: history.code });
    // The scan used below finds the code where it is stored before the erasure.
    expect(Object.keys(await tablesHolding(app, history.code))).toEqual(expect.arrayContaining(['mentees', 'mail_outbox', 'audit_log']));
    expect(Object.keys(await tablesHolding(app, history.menteeId))).toEqual(
      expect.arrayContaining(['mentees', 'shortlist_items', 'share_links', 'introductions', 'placements', 'audit_log']),
    );
    const page = await mentor.agent.get(`/mentor/mentees/${history.menteeId}/erase`);
    // Letter case and spaces do not matter.
    const response = await mentor.agent
      .post(`/mentor/mentees/${history.menteeId}/erase`)
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), confirm: ` ${history.code.toLowerCase()} ` }));
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/mentor/mentees?erased=1');

    const id = history.menteeId;
    expect(await app.db.selectFrom('mentees').select('id').where('id', '=', id).execute()).toEqual([]);
    expect(await app.db.selectFrom('shortlist_items').select('vacancy_id').where('mentee_id', '=', id).execute()).toEqual([]);
    expect(await app.db.selectFrom('share_links').select('id').where('id', '=', history.shareLinkId).execute()).toEqual([]);
    expect(await app.db.selectFrom('introductions').select('id').where('id', '=', history.introductionId).execute()).toEqual([]);
    expect(
      await app.db.selectFrom('introduction_events').select('id').where('introduction_id', '=', history.introductionId).execute(),
    ).toEqual([]);
    const placement = await app.db.selectFrom('placements').selectAll().where('id', '=', history.placementId).executeTakeFirstOrThrow();
    expect(placement).toMatchObject({
      mentee_id: null,
      introduction_id: null,
      project_id: mentor.projectId,
      kind: 'job',
      first_introduced_on: todayInBerlin(),
    });
    expect(await app.db.selectFrom('follow_ups').select('id').where('placement_id', '=', history.placementId).execute()).toHaveLength(1);

    expect(await erasedCount(app, 'request')).toBe(before + 1);
    const erased = await app.db
      .selectFrom('erased_mentees')
      .selectAll()
      .where('reason', '=', 'request')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(erased).toMatchObject({
      project_id: mentor.projectId,
      gender: 'f',
      qualification: 'none',
      accompanied_from: todayInBerlin(),
      accompanied_to: todayInBerlin(),
    });

    await flushOutbox(app);
    expect(await menteeDocument(id)).toBeNull();
  });

  it('keeps that the card was viewed, but not which profile: the audit row loses the id and the code', async () => {
    const rows = await app.db.selectFrom('audit_log').selectAll().where('action', '=', 'profile_card.viewed').execute();
    const viewed = rows.filter((r) => (r.detail as Record<string, unknown>).introductionId === history.introductionId);
    expect(viewed).toHaveLength(1);
    expect(viewed[0]).toMatchObject({ subject_type: 'mentee', subject_id: 'erased', actor_role: 'employer' });
    expect(viewed[0]!.actor_id).not.toBeNull();
    expect(viewed[0]!.detail).not.toHaveProperty('code');
    const erasure = await app.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'mentee.erased')
      .where('actor_id', '=', mentor.accountId)
      .executeTakeFirstOrThrow();
    expect(erasure).toMatchObject({ subject_id: 'erased', actor_role: 'mentor', detail: { reason: 'request', count: 1 } });
  });

  it('leaves no row anywhere that holds the id or the code; the notice e-mail keeps a placeholder', async () => {
    expect(await tablesHolding(app, history.menteeId)).toEqual({});
    expect(await tablesHolding(app, history.code)).toEqual({});
    const mails = await app.db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('kind', '=', 'introduction_new')
      .where('body_text', 'like', '%[gelöscht]%')
      .execute();
    expect(mails.length).toBeGreaterThanOrEqual(1);
  });

  it('answers 404 when the profile is erased already', async () => {
    expect((await mentor.agent.get(`/mentor/mentees/${history.menteeId}/erase`)).status).toBe(404);
    expect((await mentor.agent.get(`/mentor/mentees/${history.menteeId}/export`)).status).toBe(404);
  });
});
