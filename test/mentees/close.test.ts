import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, csrfFrom, encodeForm, unique } from '../helpers/app.ts';
import { postVacancy } from '../helpers/factories.ts';
import { employerOf, mentorOf, twoProjects } from '../matching/support.ts';
import { createThroughForm } from './support.ts';

/*
 * Closing a mentee profile (audit issue 10, finding 7): the open introductions are withdrawn and the
 * employer's card ends, exactly as when the consent is revoked, with the reason in the history.
 */

const app = useTestApp();
let mentor: Awaited<ReturnType<typeof mentorOf>>;
let employer: Awaited<ReturnType<typeof employerOf>>;

beforeAll(async () => {
  const [projectA] = await twoProjects(app);
  mentor = await mentorOf(app, projectA);
  employer = await employerOf(app);
});

async function introduce(menteeId: string, vacancyId: string): Promise<string> {
  const token = csrfFrom((await mentor.agent.get('/mentor/pipeline')).text);
  const created = await mentor.agent
    .post(`/mentor/mentees/${menteeId}/introductions`)
    .set('accept', 'application/json')
    .set('x-csrf-token', token)
    .send({ vacancyId });
  expect(created.status).toBe(201);
  return created.body.id as string;
}

describe('closing a mentee profile', () => {
  it('withdraws its open introductions, records why, and ends the employer’s card', async () => {
    const menteeId = await createThroughForm(mentor.agent);
    const open = await introduce(menteeId, await postVacancy(employer.agent, { title: `Lager ${unique('v')}` }));
    const answered = await introduce(menteeId, await postVacancy(employer.agent, { title: `Verkauf ${unique('v')}` }));
    const page = await employer.agent.get(`/employer/introductions/${answered}`);
    expect(page.status).toBe(200);
    const interested = await employer.agent
      .post(`/employer/introductions/${answered}/answer`)
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), answer: 'interested' }));
    expect(interested.status).toBe(303);
    expect((await employer.agent.get(`/employer/introductions/${open}`)).status).toBe(200);

    const profile = await mentor.agent.get(`/mentor/mentees/${menteeId}`);
    const closed = await mentor.agent
      .post(`/mentor/mentees/${menteeId}/close`)
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(profile.text) }));
    expect(closed.status).toBe(303);

    for (const [id, from] of [
      [open, 'proposed'],
      [answered, 'interested'],
    ] as const) {
      const row = await app.db.selectFrom('introductions').select('status').where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.status).toBe('withdrawn');
      const last = await app.db
        .selectFrom('introduction_events')
        .selectAll()
        .where('introduction_id', '=', id)
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(last).toMatchObject({
        from_status: from,
        to_status: 'withdrawn',
        actor_role: 'mentor',
        actor_id: mentor.accountId,
        detail: { reason: 'profile_closed' },
      });

      const card = await employer.agent.get(`/employer/introductions/${id}`);
      expect(card.status).toBe(404);
      const cardJson = await employer.agent.get(`/employer/introductions/${id}`).set('accept', 'application/json');
      expect(cardJson.status).toBe(404);
      expect(cardJson.body.card).toBeUndefined();
    }

    const inbox = await employer.agent.get('/employer/introductions').set('accept', 'application/json');
    expect(inbox.body.introductions.find((i: { id: string }) => i.id === open)?.status).toBe('withdrawn');
    const history = await mentor.agent.get(`/mentor/introductions/${open}`);
    expect(history.status).toBe(200);
    expect(history.text).toMatch(/<strong>Zurückgezogen<\/strong> – Profil geschlossen/);
  });

  it('leaves final introductions as they were, and reopening brings no withdrawn one back', async () => {
    const menteeId = await createThroughForm(mentor.agent);
    const id = await introduce(menteeId, await postVacancy(employer.agent, { title: `Lager ${unique('v')}` }));
    const token = csrfFrom((await mentor.agent.get('/mentor/pipeline')).text);
    const withdrawn = await mentor.agent
      .post(`/mentor/introductions/${id}/withdraw`)
      .set('accept', 'application/json')
      .set('x-csrf-token', token)
      .send({});
    expect(withdrawn.status).toBe(200);
    const eventsBefore = await app.db.selectFrom('introduction_events').select('id').where('introduction_id', '=', id).execute();

    const close = await mentor.agent
      .post(`/mentor/mentees/${menteeId}/close`)
      .set('accept', 'application/json')
      .set('x-csrf-token', token)
      .send({});
    expect(close.body).toEqual({ id: menteeId, status: 'closed' });
    const reopen = await mentor.agent
      .post(`/mentor/mentees/${menteeId}/reopen`)
      .set('accept', 'application/json')
      .set('x-csrf-token', token)
      .send({});
    expect(reopen.body).toEqual({ id: menteeId, status: 'active' });

    expect(await app.db.selectFrom('introduction_events').select('id').where('introduction_id', '=', id).execute()).toHaveLength(
      eventsBefore.length,
    );
    const row = await app.db.selectFrom('introductions').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('withdrawn');
    expect((await employer.agent.get(`/employer/introductions/${id}`)).status).toBe(404);
  });
});
