import { beforeAll, describe, expect, it } from 'vitest';
import { PAGE_MATCHES, PAGE_STRETCH } from '../../server/matches/views.ts';
import { flushOutbox, unique, useTestApp } from '../helpers/app.ts';
import { csrfOf, postForm } from '../shortlists/support.ts';
import { createTestMentee, employerOf, mentorOf, publishVacancy, twoProjects } from './support.ts';

/*
 * The match page in pages (issue 13): PAGE_MATCHES matches and PAGE_STRETCH near misses a page, cut from the stored
 * list in PostgreSQL (or from the list just computed, alike); the cards' forms come back to their page.
 */

/** An occupation no other test publishes (surface treatment helpers), so the list holds only this file's vacancies. */
const OCCUPATION = '24301';
const TOWN = 'Riesa';
const MATCHES = 13;
const STRETCH = 4;

describe('the match page in pages', () => {
  const app = useTestApp();
  let mentor: Awaited<ReturnType<typeof mentorOf>>;
  let menteeId: string;
  /** The whole list in its order, as JSON clients get it. */
  let matches: string[];
  let stretch: string[];

  const path = (query = '') => `/mentor/mentees/${menteeId}/matches${query}`;
  const html = async (query = '') => {
    const response = await mentor.agent.get(path(query));
    expect(response.status, response.text.slice(0, 300)).toBe(200);
    // Handlebars writes `=` in attributes as `&#x3D;`.
    return response.text.replaceAll('&#x3D;', '=');
  };
  const cardIds = (text: string) => [...text.matchAll(/<li class="card" id="match-([0-9a-f-]{36})"/g)].map((m) => m[1]!);

  beforeAll(async () => {
    const [projectId] = await twoProjects(app);
    mentor = await mentorOf(app, projectId);
    const { employerId } = await employerOf(app);
    menteeId = (
      await createTestMentee(app, mentor, { desiredOccupations: [OCCUPATION], homeTown: TOWN, travelKm: '10', germanLevel: 'A2' })
    ).id;
    const title = unique('Oberflächenhelfer');
    for (let i = 0; i < MATCHES; i += 1)
      await publishVacancy(app, employerId, { occupation: OCCUPATION, town: TOWN, title, germanLevel: 'A1' });
    // German one level above the mentee's: a near miss.
    for (let i = 0; i < STRETCH; i += 1)
      await publishVacancy(app, employerId, { occupation: OCCUPATION, town: TOWN, title, germanLevel: 'B1' });
    await flushOutbox(app);
    const json = await mentor.agent.get(path()).set('accept', 'application/json');
    expect(json.status).toBe(200);
    const body = json.body as { matches: { vacancy: { id: string } }[]; stretch: { vacancy: { id: string } }[] };
    expect([body.matches.length, body.stretch.length]).toEqual([MATCHES, STRETCH]);
    matches = body.matches.map((m) => m.vacancy.id);
    stretch = body.stretch.map((m) => m.vacancy.id);
  });

  it('shows the best matches and near misses first, and leads on', async () => {
    expect([PAGE_MATCHES, PAGE_STRETCH]).toEqual([10, 5]);
    const first = await html();
    expect(cardIds(first)).toEqual([...matches.slice(0, 10), ...stretch]);
    expect(first).toContain(`Passende Stellen (${MATCHES})`);
    expect(first).toContain(`Knapp daneben (${STRETCH})`);
    expect(first).toContain('Seite 1 von 2');
    expect(first).toContain(`<a rel="next" href="${path('?page=2')}#matches">Nächste Seite</a>`);
    expect(first).not.toContain('rel="prev"');
  });

  it('shows the rest on the next page, the same from the stored list as computed', async () => {
    const rest = matches.slice(10);
    const stored = await html('?page=2');
    expect(cardIds(stored)).toEqual(rest);
    expect(stored).toContain(`<a rel="prev" href="${path()}#matches">Vorherige Seite</a>`);
    expect(stored).not.toContain('rel="next"');
    // The near misses were all on page 1: the section leads back there.
    expect(stored).toContain(
      `<a href="${path()}#stretch">Die ${STRETCH} Stellen knapp daneben stehen auf den Seiten davor, ab Seite 1.</a>`,
    );
    // No stored list: the page computes it and cuts the same window from it.
    await app.db.deleteFrom('mentee_match_lists').where('mentee_id', '=', menteeId).execute();
    expect(cardIds(await html('?page=2'))).toEqual(rest);
    expect(cardIds(await html('?page=2'))).toEqual(rest);
  });

  it('sends a page past the end to the last page, and ignores a malformed page number', async () => {
    const past = await mentor.agent.get(path('?page=9'));
    expect(past.status).toBe(303);
    expect(past.headers.location).toBe(path('?page=2'));
    const first = [...matches.slice(0, 10), ...stretch];
    expect(cardIds(await html('?page=abc'))).toEqual(first);
    expect(cardIds(await html('?page=0'))).toEqual(first);
  });

  it('brings the mentor back to the card on its page after shortlisting it', async () => {
    const vacancyId = matches[11]!;
    const card = await html('?page=2');
    const returnTo = `${path('?page=2')}#match-${vacancyId}`;
    expect(card).toContain(`<input type="hidden" name="returnTo" value="${returnTo}">`);
    const added = await postForm(mentor.agent, `/mentor/mentees/${menteeId}/shortlist`, {
      _csrf: await csrfOf(mentor.agent),
      vacancyId,
      returnTo,
    });
    expect(added.status).toBe(303);
    expect(added.headers.location).toMatch(new RegExp(`^${path('\\?page=2')}.*#match-${vacancyId}$`));
    const row = await app.db.selectFrom('shortlist_items').select('vacancy_id').where('mentee_id', '=', menteeId).execute();
    expect(row.map((r) => r.vacancy_id)).toEqual([vacancyId]);
  });

  it('the overview names the first matches of the list and how many there are', async () => {
    const overview = await mentor.agent.get(`/mentor/mentees/${menteeId}`);
    expect(overview.status).toBe(200);
    const section = overview.text.slice(overview.text.indexOf('id="matches-heading"'));
    expect(cardIds(section)).toEqual(matches.slice(0, 3));
    expect(section).toContain(`Die besten 3 von ${MATCHES} passenden Stellen:`);
  });
});
