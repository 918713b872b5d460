import type { FastifyInstance } from 'fastify';
import type { Agent } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, csrfFrom, discardEarlierMail, flushMail, unique } from '../helpers/app.ts';
import { postVacancy } from '../helpers/factories.ts';
import { SmtpSink } from '../mail/support.ts';
import { employerOf, mentorOf, twoProjects } from '../matching/support.ts';
import { createThroughForm } from '../mentees/support.ts';

const NOTE = 'Wohnt bei der Schwester, Kinder 3 und 5';

/** The notices of brokering, received by a real SMTP server: the right people, the right words, the pseudonym only. */
describe('e-mail notices of introductions through SMTP', () => {
  let sink: SmtpSink;
  let app: FastifyInstance;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    app = await buildTestApp({ config: { smtpUrl: sink.url, publicUrl: 'https://jobbruecke.example' } });
    await discardEarlierMail(app);
  });
  afterAll(async () => {
    await app?.close();
    await sink?.close();
  });

  it('tells the employer of a new introduction and the mentor of the answer', async () => {
    const [projectId] = await twoProjects(app);
    const mentor = await mentorOf(app, projectId);
    const employer = await employerOf(app);
    const employerEmail = (
      await app.db.selectFrom('accounts').select('email').where('employer_id', '=', employer.employerId).executeTakeFirstOrThrow()
    ).email;
    const title = `Lagerhelfer ${unique('n')}`;
    const vacancyId = await postVacancy(employer.agent, { title });
    const menteeId = await createThroughForm(mentor.agent, { notes: NOTE, homeTown: 'Pirna' });
    const code = (await app.db.selectFrom('mentees').select('code').where('id', '=', menteeId).executeTakeFirstOrThrow()).code;
    const post = (agent: Agent, token: string, path: string, body: object) =>
      agent.post(path).set('accept', 'application/json').set('x-csrf-token', token).send(body);

    const proposed = await post(
      mentor.agent,
      csrfFrom((await mentor.agent.get('/mentor/pipeline')).text),
      `/mentor/mentees/${menteeId}/introductions`,
      { vacancyId, message: 'Sehr motiviert' },
    );
    expect(proposed.status).toBe(201);
    await flushMail(app);
    const [notice] = sink.to(employerEmail);
    expect(notice).toBeDefined();
    expect(notice!.subject).toContain(title);
    expect(notice!.text).toContain(code);
    expect(notice!.text).toContain(`https://jobbruecke.example/employer/introductions/${proposed.body.id}`);
    for (const secret of [NOTE, 'Pirna', 'Sehr motiviert', menteeId]) expect(notice!.text).not.toContain(secret);

    const answered = await post(
      employer.agent,
      csrfFrom((await employer.agent.get('/employer/introductions')).text),
      `/employer/introductions/${proposed.body.id}/answer`,
      { answer: 'interested' },
    );
    expect(answered.status).toBe(200);
    await flushMail(app);
    const [answer] = sink.to(mentor.email);
    expect(answer).toBeDefined();
    expect(answer!.subject).toContain(code);
    expect(answer!.text).toContain('Interesse');
    expect(answer!.text).toContain(`https://jobbruecke.example/mentor/introductions/${proposed.body.id}`);
    expect(answer!.text).not.toContain(NOTE);
  });
});
