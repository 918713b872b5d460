import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../helpers/app.ts';
import { createThroughForm, mentorOf, menteeRow, projectIdOf } from './support.ts';

/*
 * Issue 13: saving a new profile leads straight to its matches, the next step, with the notice that the
 * profile is saved (one click fewer than the overview's "Passende Stellen ansehen"). While the search is
 * away the matches cannot be read: the profile's overview then says it is saved, never an error page.
 */

describe('saving a new profile', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('lands on its matches with the notice that it is saved', async () => {
    const mentor = await mentorOf(app, await projectIdOf(app, 'aul-dresden'));
    const id = await createThroughForm(mentor.agent);
    expect((await menteeRow(app, id)).status).toBe('active');
    const page = await mentor.agent.get(`/mentor/mentees/${id}/matches?saved=created`);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(
      /<div class="notice notice--success" role="status"><p>Das Profil ist angelegt\. Hier sind die passenden Stellen\.<\/p>/,
    );
    // The notice belongs to this arrival only: the list opened later has none.
    expect((await mentor.agent.get(`/mentor/mentees/${id}/matches`)).text).not.toContain('Das Profil ist angelegt');
  });
});

describe('saving a new profile while the search is away', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    // Nothing listens on port 9: the portal starts degraded and cannot match.
    app = await buildTestApp({ services: { meiliUrl: 'http://127.0.0.1:9' }, searchStartWaitMs: 1_000 });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('lands on the overview that says the profile is saved and the matches are unavailable', async () => {
    expect(app.searchEngine.available()).toBe(false);
    const mentor = await mentorOf(app, await projectIdOf(app, 'aul-dresden'));
    const id = await createThroughForm(mentor.agent);
    const matches = await mentor.agent.get(`/mentor/mentees/${id}/matches?saved=created`);
    expect(matches.status).toBe(303);
    expect(matches.headers.location).toBe(`/mentor/mentees/${id}?saved=created`);
    const overview = await mentor.agent.get(String(matches.headers.location));
    expect(overview.status).toBe(200);
    expect(overview.text).toContain('Das Profil ist angelegt.');
    expect(overview.text).toContain('Die passenden Stellen sind gerade nicht verfügbar');
    // Without the arrival's notice the list answers as before: the search is unavailable.
    expect((await mentor.agent.get(`/mentor/mentees/${id}/matches`)).status).toBe(503);
  });
});
