import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { todayInBerlin } from '../../server/time/berlin.ts';
import { useTestApp, csrfFrom, encodeForm, flushOutbox } from '../helpers/app.ts';
import { createEmployer, loginAs, postVacancy } from '../helpers/factories.ts';
import { createTestMentee, employerOf, mentorOf, twoProjects } from '../matching/support.ts';
import { searchWord } from '../search/support.ts';

/*
 * One rule decides which vacancy the public sees (server/vacancies/visibility.ts): published, by an
 * approved employer, not expired. Each place that shows or acts on vacancies must keep to it: the API
 * (one vacancy and the search), the PostgreSQL fallback search, the sitemap and a mentor's proposal.
 * A vacancy of an organisation still waiting for approval and an expired one are hidden in all of them.
 */
describe('the visible-vacancy rule, in every place that shows vacancies', () => {
  const app = useTestApp();
  const word = searchWord();
  const ids = { visible: '', expired: '', pending: '' };

  beforeAll(async () => {
    const approved = await employerOf(app);
    ids.visible = await postVacancy(approved.agent, { title: `Lager ${word} sichtbar`, occupation: '51312' });
    ids.expired = await postVacancy(approved.agent, { title: `Lager ${word} abgelaufen`, occupation: '51312' });
    await app.db.updateTable('vacancies').set({ expires_at: '2020-01-31' }).where('id', '=', ids.expired).execute();
    const pending = await createEmployer(app, { approved: false });
    ids.pending = await postVacancy(await loginAs(app, pending.email), { title: `Lager ${word} wartend`, occupation: '51312' });
    await flushOutbox(app);
  });
  it('the API answers 404 for one of them and leaves them out of its search', async () => {
    expect((await request(app.server).get(`/api/v1/vacancies/${ids.visible}`)).status).toBe(200);
    expect((await request(app.server).get(`/api/v1/vacancies/${ids.expired}`)).status).toBe(404);
    expect((await request(app.server).get(`/api/v1/vacancies/${ids.pending}`)).status).toBe(404);
    const search = await request(app.server).get('/api/v1/vacancies').query({ q: word });
    expect(search.status).toBe(200);
    expect((search.body as { hits: { id: string }[] }).hits.map((hit) => hit.id)).toEqual([ids.visible]);
  });

  it('the PostgreSQL fallback finds only the visible one', async () => {
    const result = await app.searchEngine.fallback.search({ q: word, page: 1, perPage: 20, today: todayInBerlin() });
    expect(result.hits.map((hit) => hit.id)).toEqual([ids.visible]);
    expect(result.total).toBe(1);
  });

  it('the sitemap lists only the visible one', async () => {
    const sitemap = await request(app.server).get('/sitemap.xml');
    expect(sitemap.status).toBe(200);
    expect(sitemap.text).toContain(`/vacancies/${ids.visible}</loc>`);
    expect(sitemap.text).not.toContain(ids.expired);
    expect(sitemap.text).not.toContain(ids.pending);
  });

  it('a mentor cannot propose a mentee for either, and no introduction is written', async () => {
    const [projectId] = await twoProjects(app);
    const mentor = await mentorOf(app, projectId);
    const mentee = await createTestMentee(app, mentor, { desiredOccupations: ['51312'] });
    const propose = async (vacancyId: string) => {
      const form = await mentor.agent.get(`/mentor/mentees/${mentee.id}/introductions/new?vacancy=${vacancyId}`);
      return mentor.agent
        .post(`/mentor/mentees/${mentee.id}/introductions`)
        .type('form')
        .send(encodeForm({ _csrf: csrfFrom(form.text), vacancyId, message: '' }));
    };
    for (const hidden of [ids.expired, ids.pending]) {
      const response = await propose(hidden);
      expect(response.status).not.toBe(303);
      expect([409, 422]).toContain(response.status);
    }
    const written = await app.db.selectFrom('introductions').select('vacancy_id').where('mentee_id', '=', mentee.id).execute();
    expect(written).toEqual([]);
    // The control: the visible one can be proposed.
    expect((await propose(ids.visible)).status).toBe(303);
  });
});
