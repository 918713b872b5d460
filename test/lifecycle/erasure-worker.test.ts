import { describe, expect, it } from 'vitest';
import { useTestApp, csrfFrom, encodeForm } from '../helpers/app.ts';
import { createTestMentee, mentorOf, twoProjects } from '../matching/support.ts';
import { menteeDocument } from './support.ts';

const POLL_MS = 200;
const LIMIT_MS = 60_000;

/** Polls until `check` holds, every 200 ms, for at most a minute; returns how long it took. */
async function within(check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > LIMIT_MS) throw new Error('Not within a minute');
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return Date.now() - started;
}

describe('with the outbox worker running, an erased profile leaves the index within a minute', () => {
  // Not the match-list worker: it would compute every list of the suite's database meanwhile.
  const app = useTestApp({ runOutboxWorker: true, runMatchListWorker: false });

  it('removes the document without anyone flushing the outbox', { timeout: 2 * LIMIT_MS + 10_000 }, async () => {
    const [projectId] = await twoProjects(app);
    const mentor = await mentorOf(app, projectId);
    const mentee = await createTestMentee(app, mentor);
    await within(async () => (await menteeDocument(mentee.id)) !== null);

    const page = await mentor.agent.get(`/mentor/mentees/${mentee.id}/erase`);
    const erased = await mentor.agent
      .post(`/mentor/mentees/${mentee.id}/erase`)
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), confirm: mentee.code }));
    expect(erased.status).toBe(303);
    const took = await within(async () => (await menteeDocument(mentee.id)) === null);
    expect(took).toBeLessThan(LIMIT_MS);
  });
});
