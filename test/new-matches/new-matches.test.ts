import type { FastifyInstance } from 'fastify';
import type { Agent } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../server/follow-ups/schedule.ts';
import { todayInBerlin } from '../../server/time/berlin.ts';
import { enqueueIndexing } from '../../server/indexing/write.ts';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import { DIGEST_MAX_MENTEES, NEW_MATCH_DIGEST_JOB, newMatchDigestText } from '../../server/new-matches/digest.ts';
import { queueMatchChecks, unseenMatchCounts, unseenVacancyIds } from '../../server/new-matches/queries.ts';
import { buildTestApp, csrfFrom, discardEarlierMail, encodeForm, flushMail, flushOutbox, unique } from '../helpers/app.ts';
import { createEmployer, createTestMentee, loginAs, postVacancy } from '../helpers/factories.ts';
import { SmtpSink, type ReceivedMail } from '../mail/support.ts';
import { mentorOf, projectIdOf } from '../mentees/support.ts';
import { flushNewMatches, newMatchesOf } from './support.ts';

/*
 * New matches find the mentor (issue 13). A vacancy published through the employer's pages is
 * matched, off the request path, against the private mentees index; the mentee's mentor sees
 * it marked and gets one e-mail a day, received here by a real SMTP server.
 */

const PUBLIC_URL = 'https://jobbruecke.example';
/** Tile layer: an occupation no other test posts, so the suite's vacancies never count here. */
const TILER = '33112';
const today = todayInBerlin();

let sink: SmtpSink;
let app: FastifyInstance;
let mentorA: { agent: Agent; accountId: string; email: string };
let mentorB: { agent: Agent; accountId: string; email: string };
let employer: Agent;
const m: Record<string, { id: string; code: string }> = {};
let vacancyId: string;

const tiler = (overrides: Record<string, string | string[]> = {}) => ({
  occupation: TILER,
  title: `Fliesenleger ${unique('v')} (m/w/d)`,
  town: 'Dresden',
  germanLevel: 'A2',
  ...overrides,
});

/** What the employer does, then what the workers do after it: index, then match. */
async function publish(agent: Agent, overrides: Record<string, string | string[]> = {}): Promise<string> {
  const id = await postVacancy(agent, tiler(overrides));
  await flushOutbox(app);
  await flushNewMatches(app);
  return id;
}

const digestsTo = (email: string): ReceivedMail[] => sink.to(email).filter((mail) => mail.subject.startsWith('Neue passende Stellen'));

async function runDigest(day: string): Promise<void> {
  await app.db.deleteFrom('daily_job_runs').where('job', '=', NEW_MATCH_DIGEST_JOB).where('day', '=', day).execute();
  expect(await app.jobs.runNow(NEW_MATCH_DIGEST_JOB, day)).toBe(true);
  await flushMail(app);
}

beforeAll(async () => {
  sink = await SmtpSink.start();
  app = await buildTestApp({ config: { smtpUrl: sink.url, publicUrl: `${PUBLIC_URL}/` } });
  await discardEarlierMail(app);
  const [dresden, leipzig] = await Promise.all([projectIdOf(app, 'aul-dresden'), projectIdOf(app, 'aul-leipzig')]);
  [mentorA, mentorB] = await Promise.all([mentorOf(app, dresden), mentorOf(app, leipzig)]);
  const mentee = async (key: string, mentor: { accountId: string }, projectId: number, overrides: Record<string, unknown> = {}) => {
    m[key] = await createTestMentee(app, { accountId: mentor.accountId, projectId }, { desiredOccupations: [TILER], ...overrides });
  };
  // Fits a tiler's job in Dresden needing A2.
  await mentee('fits', mentorA, dresden);
  // German A1: A2 would be a stretch, B1 and more do not fit at all.
  await mentee('german', mentorA, dresden, { germanLevel: 'A1' });
  // Görlitz, 25 km: Dresden is about 90 km away (Leipzig, where one vacancy is, about 190).
  await mentee('far', mentorA, dresden, { homeTown: 'Görlitz' });
  // Another project's mentee the vacancy fits as well: her own mentor hears of it, mentor A does not.
  await mentee('other', mentorB, leipzig, { homeTown: 'Dresden' });
  await flushOutbox(app);
  employer = await loginAs(app, (await createEmployer(app)).email);
});

afterAll(async () => {
  await app?.close();
  await sink?.close();
});

describe('finding new matches', () => {
  it('records a published vacancy as new for each active mentee it matches, in her own project, and for nobody else', async () => {
    vacancyId = await publish(employer);
    expect((await newMatchesOf(app, m.fits!.id)).map((r) => r.vacancy_id)).toEqual([vacancyId]);
    expect((await newMatchesOf(app, m.other!.id)).map((r) => r.vacancy_id)).toEqual([vacancyId]);
    // A2 for an A1 speaker is a stretch, not a match; Dresden is out of reach from Görlitz.
    expect(await newMatchesOf(app, m.german!.id)).toEqual([]);
    expect(await newMatchesOf(app, m.far!.id)).toEqual([]);
    expect(await app.db.selectFrom('new_match_checks').selectAll().where('vacancy_id', '=', vacancyId).execute()).toEqual([]);
  });

  it('finds a pair once: matching the vacancy again (an edit, re-publishing) changes nothing, and adds no later profile', async () => {
    const [before] = await newMatchesOf(app, m.fits!.id);
    // A profile made after the vacancy was published had it on her first match list: no news to her.
    const late = await createTestMentee(
      app,
      { accountId: mentorA.accountId, projectId: await projectIdOf(app, 'aul-dresden') },
      {
        desiredOccupations: [TILER],
      },
    );
    await flushOutbox(app);
    await queueMatchChecks(app.db, [vacancyId]);
    await flushNewMatches(app);
    expect(await newMatchesOf(app, m.fits!.id)).toEqual([before]);
    expect(await newMatchesOf(app, late.id)).toEqual([]);
  });

  it('does not count vacancies that break a hard constraint or sit too far away', async () => {
    await publish(employer, { germanLevel: 'C1' });
    await publish(employer, { town: 'Leipzig' });
    await publish(employer, { occupation: '51312', title: `Lagerhelfer ${unique('v')}` });
    expect((await newMatchesOf(app, m.fits!.id)).map((r) => r.vacancy_id)).toEqual([vacancyId]);
  });

  it('does not count a vacancy of an employer still waiting for approval (it is not public)', async () => {
    const pending = await loginAs(app, (await createEmployer(app, { approved: false })).email);
    const hidden = await publish(pending);
    expect(await app.db.selectFrom('mentee_new_matches').selectAll().where('vacancy_id', '=', hidden).execute()).toEqual([]);
  });

  it('queues nothing for a vacancy that is gone (its index entry is removed by the same call), and deleting a vacancy still works', async () => {
    const gone = await publish(employer);
    await app.db.deleteFrom('vacancies').where('id', '=', gone).execute();
    await app.db.transaction().execute((trx) => queueMatchChecks(trx, [gone, '00000000-0000-4000-8000-000000000000']));
    expect(await app.db.selectFrom('new_match_checks').select('vacancy_id').where('vacancy_id', '=', gone).execute()).toEqual([]);
    // The row went by hand, so its index entry goes as the app's own deletion sends it: left behind, it tied with
    // the later tests' vacancies for the overview's top three and pushed one of them out at random.
    await app.db.transaction().execute((trx) => enqueueIndexing(trx, VACANCY_INDEX, [gone]));
    await flushOutbox(app);
  });

  it('gives the mentee list and the match list their marks', async () => {
    const counts = await unseenMatchCounts(app.db, [m.fits!.id, m.german!.id, m.other!.id]);
    expect(counts.get(m.fits!.id)).toBe(1);
    expect(counts.has(m.german!.id)).toBe(false);
    expect([...(await unseenVacancyIds(app.db, m.fits!.id))]).toEqual([vacancyId]);
  });
});

describe('the daily e-mail of new matches, through SMTP', () => {
  it('sends each mentor one message: code, count and match-list link per mentee with news, nothing else', async () => {
    await runDigest(today);
    const [toA] = [digestsTo(mentorA.email)];
    expect(toA).toHaveLength(1);
    const mail = toA[0]!;
    expect(mail.to).toEqual([mentorA.email]);
    expect(mail.subject).toBe('Neue passende Stellen für 1 Person');
    expect(mail.text).toContain(`- ${m.fits!.code}: 1 neuer Treffer\n  ${PUBLIC_URL}/mentor/mentees/${m.fits!.id}/matches\n`);
    expect(mail.text).toContain(`${PUBLIC_URL}/account#new-match-digest`);
    // Mentees without news, another project's mentee, and anything about the vacancy stay out.
    for (const other of [m.german!, m.far!, m.other!]) expect(mail.text).not.toContain(other.code);
    expect(mail.text).not.toContain('Fliesenleger');
    expect(mail.text).not.toContain(vacancyId);

    const [toB] = [digestsTo(mentorB.email)];
    expect(toB).toHaveLength(1);
    expect(toB[0]!.text).toContain(`- ${m.other!.code}: 1 neuer Treffer`);
    expect(toB[0]!.text).not.toContain(m.fits!.code);
  });

  it('names a match once: the next day without news sends nothing', async () => {
    await runDigest(addDays(today, 1));
    expect(digestsTo(mentorA.email)).toHaveLength(1);
    expect(digestsTo(mentorB.email)).toHaveLength(1);
  });

  it('stops for a mentor who switches it off on her account page, and the page says so', async () => {
    const page = await mentorB.agent.get('/account');
    expect(page.status).toBe(200);
    expect(page.text).toContain('Tägliche E-Mail mit neuen Treffern schicken');
    expect(page.text).toMatch(/id="newMatchDigest"[^>]*checked/);
    const saved = await mentorB.agent
      .post('/account/new-match-digest')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text) }));
    expect(saved.status).toBe(303);
    const after = await mentorB.agent.get(String(saved.headers.location));
    expect(after.text).toContain('Sie bekommen keine E-Mail mit neuen Treffern mehr');
    expect(after.text).not.toMatch(/id="newMatchDigest"[^>]*checked/);
    // The query names the notice, never its text: an unknown name shows no confirmation.
    const unknown = await mentorB.agent.get('/account?saved=digest-maybe');
    expect(unknown.text).not.toContain('Gespeichert: Sie bekommen');

    const second = await publish(employer);
    expect((await newMatchesOf(app, m.other!.id)).map((r) => r.vacancy_id)).toContain(second);
    await runDigest(addDays(today, 2));
    expect(digestsTo(mentorB.email)).toHaveLength(1);
    // Mentor A still has hers.
    const toA = digestsTo(mentorA.email);
    expect(toA).toHaveLength(2);
    expect(toA[1]!.text).toContain(`- ${m.fits!.code}: 1 neuer Treffer`);
  });

  it('refuses the setting to other roles', async () => {
    const page = await employer.get('/account');
    expect(page.text).not.toContain('newMatchDigest');
    const refused = await employer
      .post('/account/new-match-digest')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), newMatchDigest: 'on' }));
    expect(refused.status).toBe(404);
  });
});

describe('the marks on the match list', () => {
  /** One card of the match list: from its anchor to the next card's. */
  const cardOf = (html: string, id: string) => {
    const start = html.indexOf(`id="match-${id}"`);
    expect(start, `card of ${id}`).toBeGreaterThan(-1);
    const next = html.indexOf('id="match-', start + 1);
    return html.slice(start, next === -1 ? undefined : next);
  };

  it('marks the new vacancies "new" when the mentor opens the list; the mentee list count is gone after it', async () => {
    const fresh = await unseenVacancyIds(app.db, m.fits!.id);
    expect(fresh.size).toBe(2);
    const page = await mentorA.agent.get(`/mentor/mentees/${m.fits!.id}/matches`);
    expect(page.status).toBe(200);
    for (const id of fresh) expect(cardOf(page.text, id)).toContain('>Neu</strong>');
    expect((await unseenMatchCounts(app.db, [m.fits!.id])).has(m.fits!.id)).toBe(false);
    expect(await unseenVacancyIds(app.db, m.fits!.id)).toEqual(new Set());
    // Coming back within the visit (after shortlisting a card, say) keeps the marks on the list.
    const again = await mentorA.agent.get(`/mentor/mentees/${m.fits!.id}/matches`);
    for (const id of fresh) expect(cardOf(again.text, id)).toContain('>Neu</strong>');
    // A day later they are gone.
    await app.db
      .updateTable('mentee_new_matches')
      .set({ seen_at: new Date(Date.now() - 24 * 3600_000) })
      .where('mentee_id', '=', m.fits!.id)
      .execute();
    const later = await mentorA.agent.get(`/mentor/mentees/${m.fits!.id}/matches`);
    for (const id of fresh) expect(cardOf(later.text, id)).not.toContain('>Neu</strong>');
  });

  it("shows another project's mentor nothing of it", async () => {
    expect((await mentorB.agent.get(`/mentor/mentees/${m.fits!.id}/matches`)).status).toBe(404);
  });
});

describe('the marks on the overview', () => {
  it('marks a new match among the top matches when the mentor opens the profile; the mentee list count is gone after it', async () => {
    const third = await publish(employer);
    expect((await unseenMatchCounts(app.db, [m.fits!.id])).get(m.fits!.id)).toBe(1);
    const page = await mentorA.agent.get(`/mentor/mentees/${m.fits!.id}`);
    expect(page.status).toBe(200);
    const start = page.text.indexOf(`id="match-${third}"`);
    expect(start).toBeGreaterThan(-1);
    expect(page.text.slice(start, page.text.indexOf('</li>', start))).toContain('>Neu</strong>');
    expect((await unseenMatchCounts(app.db, [m.fits!.id])).has(m.fits!.id)).toBe(false);
  });
});

describe('the digest text', () => {
  it('names at most DIGEST_MAX_MENTEES people and counts the rest, so a huge caseload still fits one e-mail', () => {
    const items = Array.from({ length: DIGEST_MAX_MENTEES + 2 }, (_, i) => ({
      menteeId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      menteeCode: `MT-${String(i).padStart(5, '0')}`,
      count: 1 + (i % 3),
    }));
    const { subject, text } = newMatchDigestText(items, PUBLIC_URL);
    expect(subject).toBe(`Neue passende Stellen für ${DIGEST_MAX_MENTEES + 2} Personen`);
    expect(text).toContain('- MT-00000: 1 neuer Treffer\n');
    expect(text).toContain('- MT-00001: 2 neue Treffer\n');
    expect(text).toContain(`- MT-${String(DIGEST_MAX_MENTEES - 1).padStart(5, '0')}:`);
    expect(text).not.toContain(`MT-${String(DIGEST_MAX_MENTEES).padStart(5, '0')}`);
    expect(text).toContain('- und 2 weitere Personen mit neuen Treffern (siehe Ihre Liste)');
    expect(text).toContain(`Alle Personen: ${PUBLIC_URL}/mentor/mentees`);
  });
});
