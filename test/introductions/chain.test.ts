import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import type { Agent } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import { buildTestApp, csrfFrom, encodeForm, flushOutbox, masterClient, unique } from '../helpers/app.ts';
import { postVacancy } from '../helpers/factories.ts';
import { employerOf, mentorOf, twoProjects } from '../matching/support.ts';
import { createThroughForm, submitEdit } from '../mentees/support.ts';

const NOTE = 'Kurs 2019-2021, 3 Kinder';

async function auditRows(app: FastifyInstance, introductionId: string) {
  const rows = await app.db.selectFrom('audit_log').selectAll().where('action', '=', 'profile_card.viewed').orderBy('id').execute();
  return rows.filter((r) => (r.detail as Record<string, unknown>).introductionId === introductionId);
}

async function mailsTo(app: FastifyInstance, recipient: string) {
  return app.db.selectFrom('mail_outbox').selectAll().where('recipient', '=', recipient).orderBy('id').execute();
}

async function propose(mentor: Agent, menteeId: string, vacancyId: string, message = '') {
  const form = await mentor.get(`/mentor/mentees/${menteeId}/introductions/new?vacancyId=${vacancyId}`);
  return {
    form,
    response: await mentor
      .post(`/mentor/mentees/${menteeId}/introductions`)
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(form.text), vacancyId, message })),
  };
}

async function answerAs(employer: Agent, id: string, values: Record<string, string>) {
  const page = await employer.get(`/employer/introductions/${id}`);
  return employer
    .post(`/employer/introductions/${id}/answer`)
    .type('form')
    .send(encodeForm({ _csrf: csrfFrom(page.text), ...values }));
}

describe('brokering through the pages: propose, answer, place, fill', () => {
  let app: FastifyInstance;
  let mentor: Awaited<ReturnType<typeof mentorOf>>;
  let employer: Awaited<ReturnType<typeof employerOf>>;
  let employerEmail: string;
  let menteeId: string;
  let vacancyId: string;
  let introductionId: string;
  let code: string;

  beforeAll(async () => {
    app = await buildTestApp();
    const [projectA] = await twoProjects(app);
    mentor = await mentorOf(app, projectA);
    employer = await employerOf(app);
    employerEmail = (
      await app.db.selectFrom('accounts').select('email').where('employer_id', '=', employer.employerId).executeTakeFirstOrThrow()
    ).email;
    // A town pair few other tests use, so this vacancy ranks first among the mentee's matches.
    menteeId = await createThroughForm(mentor.agent, { homeTown: 'Radebeul', notes: NOTE, desiredOccupations: ['34212', '', ''] });
    code = (await app.db.selectFrom('mentees').select('code').where('id', '=', menteeId).executeTakeFirstOrThrow()).code;
    vacancyId = await postVacancy(employer.agent, { title: `Anlagenmechaniker ${unique('v')}`, occupation: '34212', town: 'Meißen' });
    await flushOutbox(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('offers the proposal from the match list and sends it with a message', async () => {
    const matches = await mentor.agent.get(`/mentor/mentees/${menteeId}/matches`);
    expect(matches.status).toBe(200);
    // The card proposes in one click (issue 13): its own form with the vacancy, the proposal page stays for a message sent alone.
    expect(matches.text).toContain(`<form method="post" action="/mentor/mentees/${menteeId}/introductions"`);
    expect(matches.text).toContain(`<input type="hidden" name="vacancyId" value="${vacancyId}">`);

    const { form, response } = await propose(mentor.agent, menteeId, vacancyId, 'Sehr zuverlässig, hat Staplerschein.');
    expect(form.status).toBe(200);
    expect(form.text).toContain('Einwilligung erteilt');
    expect(response.status).toBe(303);
    introductionId = /\/mentor\/introductions\/([0-9a-f-]{36})/.exec(String(response.headers.location))![1]!;

    const detail = await mentor.agent.get(`/mentor/introductions/${introductionId}?saved=proposed`);
    expect(detail.text).toContain('Der Vorschlag ist gesendet');
    expect(detail.text).toContain('Vorgeschlagen');
    const row = await app.db.selectFrom('introductions').selectAll().where('id', '=', introductionId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      status: 'proposed',
      mentee_id: menteeId,
      vacancy_id: vacancyId,
      employer_id: employer.employerId,
      message: 'Sehr zuverlässig, hat Staplerschein.',
    });
  });

  it('notifies the employer with the pseudonym and a link, and nothing else about the person', async () => {
    const [mail] = await mailsTo(app, employerEmail);
    expect(mail).toBeDefined();
    expect(mail!.kind).toBe('introduction_new');
    expect(mail!.body_text).toContain(code);
    expect(mail!.body_text).toContain(`/employer/introductions/${introductionId}`);
    for (const secret of [NOTE, 'Radebeul', 'Staplerschein', 'Arabisch']) expect(mail!.body_text).not.toContain(secret);
  });

  it('refuses a second open proposal of the same person for the same vacancy', async () => {
    const { response } = await propose(mentor.agent, menteeId, vacancyId);
    expect(response.status).toBe(409);
    expect(response.text).toContain('schon vorgeschlagen');
  });

  it('lists the introduction first in the employer inbox as new, and shows the anonymised card, auditing each view', async () => {
    const inbox = await employer.agent.get('/employer/introductions');
    expect(inbox.status).toBe(200);
    expect(inbox.text).toContain(code);
    expect(inbox.text).toContain('neu');

    const before = (await auditRows(app, introductionId)).length;
    const card = await employer.agent.get(`/employer/introductions/${introductionId}`);
    expect(card.status).toBe(200);
    expect(card.text).toContain(code);
    expect(card.text).toContain('B1');
    expect(card.text).toContain('10 bis 25 km'); // Radebeul to Meißen, as a band
    for (const secret of [NOTE, 'Radebeul', menteeId]) expect(card.text).not.toContain(secret);
    await employer.agent.get(`/employer/introductions/${introductionId}`).set('accept', 'application/json');
    const rows = await auditRows(app, introductionId);
    expect(rows.length).toBe(before + 2);
    expect(rows.at(-1)).toMatchObject({ actor_role: 'employer', subject_type: 'mentee', subject_id: menteeId });

    const json = await employer.agent.get(`/employer/introductions/${introductionId}`).set('accept', 'application/json');
    expect(Object.keys(json.body.card).sort()).toEqual(
      [
        'academic',
        'code',
        'distanceBand',
        'drivingLicence',
        'experience',
        'germanLevel',
        'otherLanguages',
        'qualification',
        'schooling',
        'workPermit',
        'workingTime',
      ].sort(),
    );
  });

  it('keeps what was typed and names the field when an answer is incomplete', async () => {
    const response = await answerAs(employer.agent, introductionId, {
      answer: 'interview',
      date: 'morgen',
      message: 'Bitte mit Lebenslauf',
    });
    expect(response.status).toBe(422);
    expect(response.text).toContain('Geben Sie das Datum des Gesprächs an');
    expect(response.text).toContain('Geben Sie die Uhrzeit des Gesprächs an');
    expect(response.text).toMatch(/id="time-error"/);
    expect(response.text).toMatch(/id="date-error"/);
    expect(response.text).toContain('value="morgen"');
    expect(response.text).toContain('Bitte mit Lebenslauf');
    const row = await app.db.selectFrom('introductions').select('status').where('id', '=', introductionId).executeTakeFirstOrThrow();
    expect(row.status).toBe('proposed');
  });

  it('moves through interested, interview and trial work, each step in the history and a notice to the mentor', async () => {
    expect((await answerAs(employer.agent, introductionId, { answer: 'interested' })).status).toBe(303);
    expect((await answerAs(employer.agent, introductionId, { answer: 'interview', date: '2099-01-15', time: '10:00' })).status).toBe(303);
    expect((await answerAs(employer.agent, introductionId, { answer: 'trial', date: '2099-01-20' })).status).toBe(303);

    const events = await app.db
      .selectFrom('introduction_events')
      .selectAll()
      .where('introduction_id', '=', introductionId)
      .orderBy('id')
      .execute();
    expect(events.map((e) => [e.from_status, e.to_status, e.actor_role])).toEqual([
      [null, 'proposed', 'mentor'],
      ['proposed', 'interested', 'employer'],
      ['interested', 'interview', 'employer'],
      ['interview', 'trial', 'employer'],
    ]);
    const intro = await app.db.selectFrom('introductions').selectAll().where('id', '=', introductionId).executeTakeFirstOrThrow();
    expect(intro.status).toBe('trial');
    expect(intro.trial_on).toBe('2099-01-20');
    expect(intro.interview_at?.toISOString()).toBe('2099-01-15T09:00:00.000Z'); // 10:00 in Berlin, winter time

    const mentorMails = (await mailsTo(app, mentor.email)).filter((m) => m.kind === 'introduction_answer');
    expect(mentorMails).toHaveLength(3);
    expect(mentorMails[1]!.body_text).toContain('Einladung zum Vorstellungsgespräch');
    expect(mentorMails[1]!.body_text).toContain(code);

    const detail = await mentor.agent.get(`/mentor/introductions/${introductionId}`);
    expect(detail.text).toContain('Probearbeit');
    expect(detail.text).toContain('Vermittlung speichern');
  });

  it('records the placement: the mentee is placed, and the employer can mark the vacancy filled, which takes it out of search', async () => {
    const page = await mentor.agent.get(`/mentor/introductions/${introductionId}`);
    const bad = await mentor.agent
      .post(`/mentor/introductions/${introductionId}/outcome`)
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), outcome: 'job', startDate: '31.02.2027' }));
    expect(bad.status).toBe(422);
    expect(bad.text).toContain('value="31.02.2027"');

    const placed = await mentor.agent
      .post(`/mentor/introductions/${introductionId}/outcome`)
      .type('form')
      .send(
        encodeForm({
          _csrf: csrfFrom(page.text),
          outcome: 'job',
          startDate: '2099-02-01',
          sociallyInsured: 'on',
          qualificationAdequate: 'on',
        }),
      );
    expect(placed.status).toBe(303);
    const placement = await app.db
      .selectFrom('placements')
      .selectAll()
      .where('introduction_id', '=', introductionId)
      .executeTakeFirstOrThrow();
    expect(placement).toMatchObject({
      kind: 'job',
      start_date: '2099-02-01',
      socially_insured: true,
      qualification_adequate: true,
      mentee_id: menteeId,
    });
    const mentee = await app.db.selectFrom('mentees').select('status').where('id', '=', menteeId).executeTakeFirstOrThrow();
    expect(mentee.status).toBe('placed');

    await flushOutbox(app);
    const indexed = await masterClient()
      .index(VACANCY_INDEX)
      .getDocument(vacancyId)
      .catch(() => null);
    expect(indexed).not.toBeNull();
    const card = await employer.agent.get(`/employer/introductions/${introductionId}`);
    expect(card.text).toContain('Stelle als besetzt markieren');
    const filled = await employer.agent
      .post(`/employer/vacancies/${vacancyId}/fill`)
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(card.text), introductionId }));
    expect(filled.status).toBe(303);
    const vacancy = await app.db
      .selectFrom('vacancies')
      .select(['status', 'filled_at'])
      .where('id', '=', vacancyId)
      .executeTakeFirstOrThrow();
    expect(vacancy.status).toBe('closed');
    expect(vacancy.filled_at).not.toBeNull();
    await flushOutbox(app);
    expect(
      await masterClient()
        .index(VACANCY_INDEX)
        .getDocument(vacancyId)
        .catch(() => null),
    ).toBeNull();
    const json = await employer.agent.get(`/employer/introductions/${introductionId}`).set('accept', 'application/json');
    expect(json.body.introduction.placementId).toBeUndefined();
    const placedStep = json.body.history.find((h: { to: string }) => h.to === 'placed');
    expect(placedStep.detail).toEqual({}); // what the mentor recorded (insured, adequate) stays with the mentor
    const again = await employer.agent
      .post(`/employer/vacancies/${vacancyId}/fill`)
      .set('accept', 'application/json')
      .set('x-csrf-token', csrfFrom(card.text))
      .send({});
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('schon als besetzt');
  });

  it('refuses steps that do not fit the status, with 409 and a message in JSON', async () => {
    const token = csrfFrom((await employer.agent.get(`/employer/introductions/${introductionId}`)).text);
    const late = await employer.agent
      .post(`/employer/introductions/${introductionId}/answer`)
      .set('accept', 'application/json')
      .set('x-csrf-token', token)
      .send({ answer: 'decline', reason: 'other' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('conflict');
    expect(late.body.error.message).toContain('abgeschlossen');

    const mentorToken = csrfFrom((await mentor.agent.get(`/mentor/introductions/${introductionId}`)).text);
    const withdraw = await mentor.agent
      .post(`/mentor/introductions/${introductionId}/withdraw`)
      .set('accept', 'application/json')
      .set('x-csrf-token', mentorToken)
      .send({});
    expect(withdraw.status).toBe(409);
  });
});

describe('brokering: consent, other employers, other projects, JSON', () => {
  let app: FastifyInstance;
  let mentor: Awaited<ReturnType<typeof mentorOf>>;
  let other: Awaited<ReturnType<typeof mentorOf>>;
  let employerA: Awaited<ReturnType<typeof employerOf>>;
  let employerB: Awaited<ReturnType<typeof employerOf>>;
  let vacancyId: string;

  beforeAll(async () => {
    app = await buildTestApp();
    const [projectA, projectB] = await twoProjects(app);
    mentor = await mentorOf(app, projectA);
    other = await mentorOf(app, projectB);
    employerA = await employerOf(app);
    employerB = await employerOf(app);
    vacancyId = await postVacancy(employerA.agent, { title: `Verkauf ${unique('v')}` });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('checks the role however the path is spelled (percent-encoded letters reach the same routes)', async () => {
    const anonymous = await request(app.server).get('/%65mployer/introductions').set('accept', 'application/json');
    expect(anonymous.status).toBe(401);
    const asMentor = await mentor.agent.get('/%65mployer/introductions').set('accept', 'application/json');
    expect(asMentor.status).toBe(403);
    const asEmployer = await employerA.agent.get('/%6Dentor/pipeline').set('accept', 'application/json');
    expect(asEmployer.status).toBe(403);
    const odd = await mentor.agent.get(
      `/mentor/mentees/${await createThroughForm(mentor.agent)}/introductions/new?vacancyId=${'a'.repeat(36)}`,
    );
    expect(odd.status).toBe(200); // not a vacancy id: the form says so instead of failing
  });

  it('proposes nobody without recorded consent', async () => {
    const menteeId = await createThroughForm(mentor.agent, { consent: undefined });
    const { form, response } = await propose(mentor.agent, menteeId, vacancyId);
    expect(form.text).toContain('Keine Einwilligung erfasst');
    expect(form.text).not.toContain('Vorschlag senden');
    expect(response.status).toBe(409);
    expect(response.text).toContain('keine Einwilligung erfasst');
    const json = await mentor.agent
      .post(`/mentor/mentees/${menteeId}/introductions`)
      .set('accept', 'application/json')
      .set('x-csrf-token', csrfFrom(form.text))
      .send({ vacancyId });
    expect(json.status).toBe(409);
    const rows = await app.db.selectFrom('introductions').select('id').where('mentee_id', '=', menteeId).execute();
    expect(rows).toHaveLength(0);
  });

  it('withdraws open introductions when the consent is revoked, and the employer no longer sees the card', async () => {
    const menteeId = await createThroughForm(mentor.agent);
    const token = csrfFrom((await mentor.agent.get('/mentor/pipeline')).text);
    const created = await mentor.agent
      .post(`/mentor/mentees/${menteeId}/introductions`)
      .set('accept', 'application/json')
      .set('x-csrf-token', token)
      .send({ vacancyId });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await employerA.agent.get(`/employer/introductions/${id}`)).status).toBe(200);

    const revoked = await submitEdit(mentor.agent, menteeId, { consent: undefined });
    expect(revoked.status).toBe(303);
    const row = await app.db.selectFrom('introductions').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('withdrawn');
    const last = await app.db
      .selectFrom('introduction_events')
      .selectAll()
      .where('introduction_id', '=', id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(last).toMatchObject({ from_status: 'proposed', to_status: 'withdrawn', actor_role: 'mentor' });
    expect((await employerA.agent.get(`/employer/introductions/${id}`)).status).toBe(404);
    const inbox = await employerA.agent.get('/employer/introductions').set('accept', 'application/json');
    expect(inbox.body.introductions.find((i: { id: string }) => i.id === id)?.status).toBe('withdrawn');
  });

  it('answers 404 to another employer and another project, and writes no audit row for them', async () => {
    const menteeId = await createThroughForm(mentor.agent);
    const token = csrfFrom((await mentor.agent.get(`/mentor/mentees/${menteeId}/introductions/new?vacancyId=${vacancyId}`)).text);
    const created = await mentor.agent
      .post(`/mentor/mentees/${menteeId}/introductions`)
      .set('accept', 'application/json')
      .set('x-csrf-token', token)
      .send({ vacancyId, message: '' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const auditBefore = await app.db.selectFrom('audit_log').select('id').execute();
    const card = await employerB.agent.get(`/employer/introductions/${id}`);
    expect(card.status).toBe(404);
    const bToken = csrfFrom((await employerB.agent.get('/employer/introductions')).text);
    const answerB = await employerB.agent
      .post(`/employer/introductions/${id}/answer`)
      .set('accept', 'application/json')
      .set('x-csrf-token', bToken)
      .send({ answer: 'interested' });
    expect(answerB.status).toBe(404);
    const fillB = await employerB.agent
      .post(`/employer/vacancies/${vacancyId}/fill`)
      .set('accept', 'application/json')
      .set('x-csrf-token', bToken)
      .send({});
    expect(fillB.status).toBe(404);
    const inboxB = await employerB.agent.get('/employer/introductions').set('accept', 'application/json');
    expect(inboxB.body.introductions).toEqual([]);
    expect((await app.db.selectFrom('audit_log').select('id').execute()).length).toBe(auditBefore.length);

    expect((await other.agent.get(`/mentor/introductions/${id}`)).status).toBe(404);
    const otherToken = csrfFrom((await other.agent.get('/mentor/pipeline')).text);
    expect(
      (
        await other.agent
          .post(`/mentor/introductions/${id}/withdraw`)
          .set('accept', 'application/json')
          .set('x-csrf-token', otherToken)
          .send({})
      ).status,
    ).toBe(404);
    expect(
      (
        await other.agent
          .post(`/mentor/mentees/${menteeId}/introductions`)
          .set('accept', 'application/json')
          .set('x-csrf-token', otherToken)
          .send({ vacancyId })
      ).status,
    ).toBe(404);

    const status = await app.db.selectFrom('introductions').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(status.status).toBe('proposed');
  });

  it('speaks JSON along the whole chain, and refuses a placement before the employer has answered', async () => {
    const menteeId = await createThroughForm(mentor.agent);
    const mentorToken = csrfFrom((await mentor.agent.get('/mentor/pipeline')).text);
    const json = (agent: Agent, token: string) => ({
      post: (path: string, body: object) => agent.post(path).set('accept', 'application/json').set('x-csrf-token', token).send(body),
    });
    const m = json(mentor.agent, mentorToken);
    const created = await m.post(`/mentor/mentees/${menteeId}/introductions`, { vacancyId, message: 'Bitte melden' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const early = await m.post(`/mentor/introductions/${id}/outcome`, {
      outcome: 'job',
      startDate: '2099-03-01',
      sociallyInsured: true,
      qualificationAdequate: false,
    });
    expect(early.status).toBe(409);
    expect(early.body.error.message).toContain('Interesse');

    const e = json(employerA.agent, csrfFrom((await employerA.agent.get('/employer/introductions')).text));
    const nul = await e.post(`/employer/introductions/${id}/answer`, { answer: 'interested', message: 'hi\u0000' });
    expect(nul.status).toBe(400); // a NUL byte cannot be stored: the client's error, and nothing half-written
    expect((await app.db.selectFrom('introductions').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe(
      'proposed',
    );
    const yearZero = await m.post(`/mentor/introductions/${id}/outcome`, {
      outcome: 'job',
      startDate: '0000-01-01',
      sociallyInsured: true,
    });
    expect(yearZero.status).toBe(422);
    const missing = await e.post(`/employer/introductions/${id}/answer`, { answer: 'decline' });
    expect(missing.status).toBe(422);
    expect(missing.body.error.fields.reason).toBeDefined();
    const noSuchDay = await e.post(`/employer/introductions/${id}/answer`, { answer: 'trial', date: '2099-13-01' });
    expect(noSuchDay.status).toBe(422);
    expect(noSuchDay.body.error.fields.date).toBeDefined();
    const past = await e.post(`/employer/introductions/${id}/answer`, { answer: 'trial', date: '2001-01-01' });
    expect(past.status).toBe(422);
    expect(past.body.error.fields.date).toBeDefined();
    expect((await e.post(`/employer/introductions/${id}/answer`, { answer: 'interested' })).body.status).toBe('interested');
    const interview = await e.post(`/employer/introductions/${id}/answer`, { answer: 'interview', date: '2099-05-04T09:30' });
    expect(interview.body.status).toBe('interview');
    const stored = await app.db.selectFrom('introductions').select('interview_at').where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored.interview_at?.toISOString()).toBe('2099-05-04T07:30:00.000Z'); // 09:30 in Berlin, summer time

    const placed = await m.post(`/mentor/introductions/${id}/outcome`, {
      outcome: 'apprenticeship',
      startDate: '2099-08-01',
      sociallyInsured: true,
      qualificationAdequate: false,
    });
    expect(placed.status).toBe(201);
    expect(placed.body.placementId).toMatch(/^[0-9a-f-]{36}$/);

    const pipeline = await mentor.agent.get('/mentor/pipeline').set('accept', 'application/json');
    const placedColumn = pipeline.body.columns.find((c: { status: string }) => c.status === 'placed');
    expect(placedColumn.introductions.map((i: { id: string }) => i.id)).toContain(id);
    const history = await mentor.agent.get(`/mentor/introductions/${id}`).set('accept', 'application/json');
    expect(history.body.history.map((h: { to: string }) => h.to)).toEqual(['proposed', 'interested', 'interview', 'placed']);
  });
});
