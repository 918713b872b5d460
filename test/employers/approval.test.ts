import request from 'supertest';
import type { Agent } from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import { insertEvent, insertIntroduction } from '../../server/introductions/queries.ts';
import { createAdmin } from '../helpers/admin.ts';
import { useTestApp, csrfFrom, encodeForm, flushMail, flushOutbox, masterClient } from '../helpers/app.ts';
import { flushNewMatches } from '../new-matches/support.ts';
import { createEmployer, createTestMentee, loginAs, postVacancy } from '../helpers/factories.ts';
import { mentorOf } from '../matching/support.ts';
import { searchWord } from '../search/support.ts';

/**
 * A new organisation waits for the programme office: it can prepare and publish,
 * but nothing of it is public or proposable until an admin approves it.
 */
const app = useTestApp({ searchHealthIntervalMs: 3_600_000 });
let admin: { email: string; agent: Agent };
let mentor: Awaited<ReturnType<typeof mentorOf>>;
let menteeId: string;
const word = searchWord();
const organisation = `Pflegedienst ${word}`;
let employer: { email: string; accountId: string; employerId: string; agent: Agent };
let vacancyId: string;
/** The same vacancy by an approved organisation: what the pending one is measured against. */
let controlId: string;

const inIndex = (id: string) =>
  masterClient()
    .index(VACANCY_INDEX)
    .getDocument(id)
    .then(
      () => true,
      () => false,
    );
const apiSearch = () => request(app.server).get('/api/v1/vacancies').query({ q: word, perPage: '50' });
const mailsTo = (to: string) => app.db.selectFrom('mail_outbox').selectAll().where('recipient', '=', to).orderBy('id').execute();
/** Gleisbauer/in (KldB 32232). */
const OCCUPATION = '32232';
const matchIds = async () => {
  const response = await mentor.agent.get(`/mentor/mentees/${menteeId}/matches`).set('accept', 'application/json');
  expect(response.status).toBe(200);
  const body = response.body as { matches: { vacancy: { id: string } }[]; stretch: { vacancy: { id: string } }[] };
  return [...body.matches, ...body.stretch].map((m) => m.vacancy.id);
};
const proposeAsMentor = async () => {
  const form = await mentor.agent.get(`/mentor/mentees/${menteeId}/introductions/new?vacancyId=${vacancyId}`);
  return mentor.agent
    .post(`/mentor/mentees/${menteeId}/introductions`)
    .type('form')
    .send(encodeForm({ _csrf: csrfFrom(form.text), vacancyId, message: '' }));
};

beforeAll(async () => {
  const adminAccount = await createAdmin(app);
  admin = { email: adminAccount.email, agent: await loginAs(app, adminAccount.email) };
  mentor = await mentorOf(
    app,
    (await app.db.selectFrom('projects').select('id').where('slug', '=', 'aul-dresden').executeTakeFirstOrThrow()).id,
  );
  // A mentee the vacancy fits exactly (same occupation and town), so it would be on top of the matches if it were public.
  // The occupation is one no other test posts: the factory's default one fills a match list with the suite's vacancies.
  menteeId = (await createTestMentee(app, mentor, { desiredOccupations: [OCCUPATION], homeTown: 'Dresden', germanLevel: 'B1' })).id;
  const registered = await createEmployer(app, { organisation, town: 'Dresden', approved: false });
  employer = { ...registered, agent: await loginAs(app, registered.email) };
  vacancyId = await postVacancy(employer.agent, { title: `Gleisbauer ${word}`, occupation: OCCUPATION });
  const approved = await createEmployer(app, { organisation: `Spedition ${word}`, town: 'Dresden' });
  controlId = await postVacancy(await loginAs(app, approved.email), { title: `Gleisbauerin ${word}`, occupation: OCCUPATION });
  await flushOutbox(app);
});

describe('a newly registered organisation', () => {
  it('is pending, and its vacancy is published (the employer may publish) but not public', async () => {
    const row = await app.db
      .selectFrom('employers')
      .select(['status', 'name'])
      .where('id', '=', employer.employerId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'pending', name: organisation });
    expect((await app.db.selectFrom('vacancies').select('status').where('id', '=', vacancyId).executeTakeFirstOrThrow()).status).toBe(
      'published',
    );
  });

  it('is told what happens next on its start page, and each published vacancy says it is not public yet', async () => {
    const page = await employer.agent.get('/employer/vacancies');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Ihre Organisation wird von der Koordinierungsstelle geprüft');
    expect(page.text).toContain('meist innerhalb eines Arbeitstages');
    expect(page.text).toContain('Wartet auf Freigabe – noch nicht öffentlich');
    const json = await employer.agent.get('/employer/vacancies').set('accept', 'application/json');
    expect(json.body.employer).toEqual({ status: 'pending' });
    expect(json.body.vacancies).toEqual([expect.objectContaining({ id: vacancyId, status: 'published', awaitingApproval: true })]);
    // After publishing, the confirmation does not promise the search.
    const published = await employer.agent.get(`/employer/vacancies/${vacancyId}?saved=published`);
    expect(published.text).toContain('Öffentlich sichtbar wird sie, sobald die Koordinierungsstelle Ihre Organisation freigegeben hat');
    expect(published.text).not.toContain('in wenigen Sekunden in der Suche');
    const english = await employer.agent.get('/employer/vacancies?lang=en');
    expect(english.text).toContain(
      'Your organisation is being checked by the programme office. You can prepare and publish vacancies now; they become visible once approved (usually within one working day).',
    );
    expect(english.text).toContain('Waiting for approval — not yet public');
    await employer.agent.get('/employer/vacancies?lang=de');
  });

  it('has its vacancy neither in the index nor in the search (API and page) nor at its address', async () => {
    expect(await inIndex(vacancyId)).toBe(false);
    expect(await inIndex(controlId)).toBe(true);
    const api = await apiSearch();
    expect(api.status).toBe(200);
    expect(api.body.degraded).toBe(false);
    expect(api.body.hits.map((h: { id: string }) => h.id)).toEqual([controlId]);
    const page = await request(app.server).get('/vacancies').query({ q: word });
    expect(page.status).toBe(200);
    expect(page.text).toContain(`Gleisbauerin ${word}`);
    expect(page.text).not.toContain(`Gleisbauer ${word}`);
    expect((await request(app.server).get(`/vacancies/${vacancyId}`)).status).toBe(404);
    expect((await request(app.server).get(`/api/v1/vacancies/${vacancyId}`)).status).toBe(404);
  });

  it("is not among the mentee's matches, and the vacancy has no candidates", async () => {
    const matches = await matchIds();
    expect(matches).toContain(controlId);
    expect(matches).not.toContain(vacancyId);
    const candidates = await mentor.agent.get(`/mentor/vacancies/${vacancyId}/candidates`).set('accept', 'application/json');
    expect(candidates.status).toBe(404);
  });

  it('cannot be proposed to: the mentor is told why (409), no introduction and no e-mail', async () => {
    const response = await proposeAsMentor();
    expect(response.status).toBe(409);
    expect(response.text).toContain('Die Koordinierungsstelle prüft den Arbeitgeber noch');
    const json = await mentor.agent
      .post(`/mentor/mentees/${menteeId}/introductions`)
      .set('accept', 'application/json')
      .set('x-csrf-token', csrfFrom((await mentor.agent.get(`/mentor/mentees/${menteeId}/introductions/new`)).text))
      .send({ vacancyId, message: '' });
    expect(json.status).toBe(409);
    expect(json.body.error.message).toContain('prüft den Arbeitgeber noch');
    expect(await app.db.selectFrom('introductions').select('id').where('vacancy_id', '=', vacancyId).execute()).toEqual([]);
    expect((await mailsTo(employer.email)).filter((m) => m.kind === 'introduction_new')).toEqual([]);
  });

  it("cannot open a mentee's card, even from an introduction made before approval was required", async () => {
    // The state the old rule allowed: a proposal that reached a pending organisation.
    const id = await insertIntroduction(app.db, {
      mentee_id: menteeId,
      vacancy_id: vacancyId,
      employer_id: employer.employerId,
      project_id: mentor.projectId,
      mentor_id: mentor.accountId,
      message: '',
    });
    await insertEvent(app.db, { introductionId: id!, from: null, to: 'proposed', actorId: mentor.accountId, actorRole: 'mentor' });
    expect((await employer.agent.get(`/employer/introductions/${id}`)).status).toBe(404);
    expect((await employer.agent.get(`/employer/introductions/${id}`).set('accept', 'application/json')).status).toBe(404);
    const views = await app.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'profile_card.viewed')
      .where('subject_id', '=', menteeId)
      .execute();
    expect(views).toEqual([]);
    await app.db.deleteFrom('introductions').where('id', '=', id!).execute();
  });
});

describe('the programme office', () => {
  it('gets an e-mail naming the organisation and the way to the queue', async () => {
    const [mail] = (await mailsTo(admin.email)).filter((m) => m.kind === 'employer_pending' && m.subject.includes(word));
    expect(mail).toBeDefined();
    expect(mail!.subject).toBe(`Neuer Arbeitgeber wartet auf Freigabe: ${organisation}`);
    expect(mail!.body_text).toContain(`„${organisation}“ aus Dresden`);
    expect(mail!.body_text).toContain('/admin');
  });

  it('sees the organisation in the queue on its start page, with town, registration day, an approve button and the count', async () => {
    const page = await admin.agent.get('/admin');
    expect(page.status).toBe(200);
    const pending = Number(
      (
        await app.db
          .selectFrom('employers')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('status', '=', 'pending')
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(pending).toBeGreaterThan(0);
    expect(page.text).toContain(`Warten auf Freigabe (${pending})`);
    const card = page.text.slice(page.text.indexOf(`<h3 class="card__title">${organisation}</h3>`));
    expect(card).toMatch(/^<h3 class="card__title">[^<]+<\/h3>\s*<p class="card__meta">Dresden · registriert am \d{2}\.\d{2}\.\d{4}<\/p>/);
    expect(card).toContain(`action="/admin/employers/${employer.employerId}/approve"`);
    const json = await admin.agent.get('/admin').set('accept', 'application/json');
    expect(json.body.pendingEmployers).toBe(pending);
    expect(json.body.queue[0]).toEqual(expect.objectContaining({ id: employer.employerId, name: organisation, town: 'Dresden' }));
  });

  it('approves from the queue: the vacancy reaches the index, the search, its page, the matches and proposals; the employer gets an e-mail', async () => {
    const page = await admin.agent.get('/admin');
    const response = await admin.agent
      .post(`/admin/employers/${employer.employerId}/approve`)
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), from: 'start' }));
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/admin?done=approved');
    const after = await admin.agent.get('/admin?done=approved');
    expect(after.text).toContain('Die Organisation ist freigegeben');
    expect(after.text).not.toContain(`<h3 class="card__title">${organisation}</h3>`);
    expect(
      (await app.db.selectFrom('employers').select('status').where('id', '=', employer.employerId).executeTakeFirstOrThrow()).status,
    ).toBe('approved');

    await flushOutbox(app);
    // The new-match worker tells the stored match lists (server/matches/README.md) that the vacancy now fits.
    await flushNewMatches(app);
    expect(await inIndex(vacancyId)).toBe(true);
    expect((await apiSearch()).body.hits.map((h: { id: string }) => h.id)).toContain(vacancyId);
    expect((await request(app.server).get(`/vacancies/${vacancyId}`)).status).toBe(200);
    expect(await matchIds()).toContain(vacancyId);

    const [mail] = (await mailsTo(employer.email)).filter((m) => m.kind === 'employer_approved');
    expect(mail).toBeDefined();
    expect(mail!.subject).toBe('Ihre Organisation ist freigegeben');
    expect(mail!.body_text).toContain(`„${organisation}“`);
    expect(mail!.body_text).toContain('/employer/vacancies');
    await flushMail(app);
    expect((await mailsTo(employer.email)).find((m) => m.kind === 'employer_approved')!.sent_at).not.toBeNull();

    const home = await employer.agent.get('/employer/vacancies');
    expect(home.text).not.toContain('Ihre Organisation wird von der Koordinierungsstelle geprüft');
    expect(home.text).not.toContain('Wartet auf Freigabe');
    expect((await proposeAsMentor()).status).toBe(303);
  });
});

describe('the PostgreSQL search (when Meilisearch is down)', () => {
  it("applies the same rule: a pending organisation's published vacancy is not found, an approved one is", async () => {
    const other = await createEmployer(app, { organisation: `Bäckerei ${word}`, approved: false });
    const otherVacancy = await postVacancy(await loginAs(app, other.email), { title: `Verkäufer ${word}` });
    const search = { q: word, page: 1, perPage: 50, today: new Date().toISOString().slice(0, 10) };
    const direct = await app.searchEngine.fallback.search(search);
    // The pending organisation's vacancy matches the words too, and is left out.
    expect(direct.hits.map((h) => h.id)).not.toContain(otherVacancy);
    expect(direct.hits.map((h) => h.id).sort()).toEqual([controlId, vacancyId].sort());

    app.searchEngine.markDown();
    const degraded = await apiSearch();
    expect(degraded.body.degraded).toBe(true);
    expect(degraded.body.hits.map((h: { id: string }) => h.id).sort()).toEqual([controlId, vacancyId].sort());
  });
});
