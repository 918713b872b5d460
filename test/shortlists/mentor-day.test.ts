import type { Agent } from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { returnTarget } from '../../server/matches/return-to.ts';
import { useTestApp, flushOutbox, unique } from '../helpers/app.ts';
import { employerOf, publishVacancy } from '../matching/support.ts';
import { flushNewMatches } from '../new-matches/support.ts';
import { createTestMentee, csrfOf, mentorOf, postForm, twoProjects } from './support.ts';

/*
 * A mentor's day in fewer clicks (issue 13): shortlist and propose straight from the match list and come back
 * to the same card; propose from the shortlist; the return target is one of the mentee's own pages and
 * nothing else; the share link shown whole with its QR code and copy button, the active links with their
 * expiry. Against the real PostgreSQL and Meilisearch.
 */

const PUBLIC_URL = 'http://portal.test';
// Florist: an occupation no other test posts, so the suite's other vacancies stay off this mentee's list.
const OCCUPATION = '12202';
const app = useTestApp({ config: { publicUrl: PUBLIC_URL } });
let mine: Awaited<ReturnType<typeof mentorOf>>;
let other: Awaited<ReturnType<typeof mentorOf>>;
let employerId: string;
let menteeId: string;
const word = unique('floristik');

beforeAll(async () => {
  const [projectA, projectB] = await twoProjects(app);
  mine = await mentorOf(app, projectA);
  other = await mentorOf(app, projectB);
  employerId = (await employerOf(app)).employerId;
  menteeId = (
    await createTestMentee(app, mine, { desiredOccupations: [OCCUPATION], homeTown: 'Dresden', germanLevel: 'B1', workingTime: 'full' })
  ).id;
});

/** A published apprenticeship as a florist in Dresden that fits the mentee; the index has caught up when this returns. */
async function fittingVacancy(): Promise<string> {
  const id = await publishVacancy(app, employerId, {
    kind: 'apprenticeship',
    occupation: OCCUPATION,
    durationMonths: '36',
    title: `Ausbildung Floristik ${word} ${unique()}`,
    town: 'Dresden',
    germanLevel: 'A2',
    workingTime: 'full',
  });
  await flushOutbox(app);
  // The new-match worker tells the stored match list (server/matches/README.md) that the vacancy now fits.
  await flushNewMatches(app);
  return id;
}

/** Handlebars writes `=` in attribute values as &#x3D;. */
const decoded = (html: string) => html.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&').replaceAll('&#x27;', "'");

/** One card of a page, from its anchor to the next card or the end of its list. */
function card(html: string, anchor: string): string {
  const start = html.indexOf(`id="${anchor}"`);
  expect(start, `card ${anchor}`).toBeGreaterThan(-1);
  const rest = html.slice(start);
  const ends = [rest.indexOf('<li class="card"', 1), rest.indexOf('</ol>')].filter((i) => i > 0);
  return decoded(rest.slice(0, Math.min(...ends)));
}

const matchesPath = () => `/mentor/mentees/${menteeId}/matches`;
const shortlistPath = () => `/mentor/mentees/${menteeId}/shortlist`;
const shortlistRow = (vacancyId: string) =>
  app.db.selectFrom('shortlist_items').selectAll().where('mentee_id', '=', menteeId).where('vacancy_id', '=', vacancyId).executeTakeFirst();
const introductionRows = (vacancyId: string) =>
  app.db
    .selectFrom('introductions')
    .select(['id', 'status'])
    .where('mentee_id', '=', menteeId)
    .where('vacancy_id', '=', vacancyId)
    .execute();

/** Sends a card's form as the browser would: its action and its hidden fields. */
async function sendCardForm(agent: Agent, cardHtml: string): Promise<{ status: number; location: string }> {
  const action = /<form method="post" action="([^"]+)"/.exec(cardHtml)?.[1];
  expect(action, 'form in the card').toBeDefined();
  const form = cardHtml.slice(cardHtml.indexOf(`action="${action}"`));
  const fields = Object.fromEntries(
    [...form.slice(0, form.indexOf('</form>')).matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [
      m[1]!,
      m[2]!,
    ]),
  );
  const response = await postForm(agent, action!, fields);
  return { status: response.status, location: String(response.headers.location) };
}

/**
 * A card's one-click proposal form (issue 13) sent as the browser would: its action, its hidden fields and the
 * optional message folded away in it.
 */
async function proposeFrom(agent: Agent, cardHtml: string, message = '') {
  const at = cardHtml.search(/<form method="post" action="[^"]*\/introductions"/);
  expect(at, 'proposal form in the card').toBeGreaterThan(-1);
  const form = cardHtml.slice(at, cardHtml.indexOf('</form>', at));
  const action = /action="([^"]+)"/.exec(form)![1]!;
  const fields = Object.fromEntries([...form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]));
  expect(form).toMatch(/<textarea [^>]*name="message"/);
  expect(form).toMatch(/<button type="submit" class="button">(Vorschlagen|Erneut vorschlagen)</);
  const response = await postForm(agent, action, { ...fields, message });
  return { action, fields, html: response.text, status: response.status, location: response.headers.location as string };
}

describe('the match list', () => {
  it('shortlists from the card and comes back to it, showing the state; removing works the same way', async () => {
    const vacancyId = await fittingVacancy();
    const before = card((await mine.agent.get(matchesPath())).text, `match-${vacancyId}`);
    expect(before).toContain('Auf die Merkliste');
    expect(before).not.toContain('Auf der Merkliste ✓');

    const added = await sendCardForm(mine.agent, before);
    expect(added).toEqual({ status: 303, location: `${matchesPath()}#match-${vacancyId}` });
    expect(await shortlistRow(vacancyId)).toBeDefined();

    const after = card((await mine.agent.get(matchesPath())).text, `match-${vacancyId}`);
    expect(after).toContain('Auf der Merkliste ✓');
    expect(after).toContain('Von der Merkliste nehmen');
    expect(after).toContain(`action="/mentor/mentees/${menteeId}/shortlist/${vacancyId}/remove"`);

    const removed = await sendCardForm(mine.agent, after);
    expect(removed).toEqual({ status: 303, location: `${matchesPath()}#match-${vacancyId}` });
    expect(await shortlistRow(vacancyId)).toBeUndefined();
    expect(card((await mine.agent.get(matchesPath())).text, `match-${vacancyId}`)).not.toContain('Auf der Merkliste ✓');
  });

  it('proposes from the card in one click and comes back to it with a notice; the card then shows the proposal, not a second button', async () => {
    const vacancyId = await fittingVacancy();
    const proposal = await proposeFrom(mine.agent, card((await mine.agent.get(matchesPath())).text, `match-${vacancyId}`));
    expect(proposal.action).toBe(`/mentor/mentees/${menteeId}/introductions`);
    expect(proposal.fields).toMatchObject({ vacancyId, returnTo: `${matchesPath()}#match-${vacancyId}` });
    expect(proposal.status).toBe(303);
    expect(proposal.location).toBe(`${matchesPath()}?saved=proposed#match-${vacancyId}`);
    expect(await introductionRows(vacancyId)).toEqual([expect.objectContaining({ status: 'proposed' })]);

    const page = await mine.agent.get(`${matchesPath()}?saved=proposed`);
    expect(page.text).toContain('Der Vorschlag ist gesendet.');
    const after = card(page.text, `match-${vacancyId}`);
    expect(after).toContain('Vorschlag: Vorgeschlagen');
    expect(after).not.toContain(`action="/mentor/mentees/${menteeId}/introductions"`);
    expect(after).not.toContain('/introductions/new?');
  });

  it('sends the message written on the card to the employer with the proposal', async () => {
    const vacancyId = await fittingVacancy();
    const message = 'Sie ist zuverlässig und freut sich auf die Ausbildung.';
    const proposal = await proposeFrom(mine.agent, card((await mine.agent.get(matchesPath())).text, `match-${vacancyId}`), message);
    expect(proposal.status).toBe(303);
    const row = await app.db
      .selectFrom('introductions')
      .select(['status', 'message'])
      .where('mentee_id', '=', menteeId)
      .where('vacancy_id', '=', vacancyId)
      .executeTakeFirst();
    expect(row).toEqual({ status: 'proposed', message });
  });

  it('refuses a card message with contact data on the proposal page, next to the field, message kept, nothing sent', async () => {
    const vacancyId = await fittingVacancy();
    const message = 'Rufen Sie sie an: 0341 1234567';
    const proposal = await proposeFrom(mine.agent, card((await mine.agent.get(matchesPath())).text, `match-${vacancyId}`), message);
    expect(proposal.status).toBe(422);
    const html = decoded(proposal.html);
    expect(html).toContain('<title>Fehler:');
    expect(html).toMatch(/id="message-error"/);
    expect(html).toContain(message);
    // The corrected form still comes back to the card it was sent from.
    expect(html).toContain(`<input type="hidden" name="returnTo" value="${matchesPath()}#match-${vacancyId}">`);
    expect(await introductionRows(vacancyId)).toHaveLength(0);
  });

  it('without recorded consent, leads to the proposal page that says what is missing instead of proposing', async () => {
    const vacancyId = await fittingVacancy();
    const unconsented = await createTestMentee(app, mine, {
      desiredOccupations: [OCCUPATION],
      homeTown: 'Dresden',
      germanLevel: 'B1',
      workingTime: 'full',
      consent: undefined,
    });
    const list = `/mentor/mentees/${unconsented.id}/matches`;
    const entry = card((await mine.agent.get(list)).text, `match-${vacancyId}`);
    expect(entry).not.toContain(`action="/mentor/mentees/${unconsented.id}/introductions"`);
    const href = /<a class="button" href="([^"]*\/introductions\/new\?[^"]+)"/.exec(entry)?.[1];
    expect(href).toBe(
      `/mentor/mentees/${unconsented.id}/introductions/new?vacancy=${vacancyId}&returnTo=${encodeURIComponent(`${list}#match-${vacancyId}`)}`,
    );
    const page = await mine.agent.get(href!);
    expect(page.status).toBe(200);
    expect(page.text).toContain('Keine Einwilligung erfasst');
    expect(page.text).not.toContain('Vorschlag senden');
  });
});

describe('the shortlist', () => {
  it('proposes an entry in one click and comes back to it; the entry then shows the proposal status', async () => {
    const vacancyId = await fittingVacancy();
    await sendCardForm(mine.agent, card((await mine.agent.get(matchesPath())).text, `match-${vacancyId}`));
    const entry = card((await mine.agent.get(shortlistPath())).text, `item-${vacancyId}`);

    const proposal = await proposeFrom(mine.agent, entry);
    expect(proposal.fields).toMatchObject({ vacancyId, returnTo: `${shortlistPath()}#item-${vacancyId}` });
    expect(proposal.location).toBe(`${shortlistPath()}?saved=proposed#item-${vacancyId}`);
    expect(await introductionRows(vacancyId)).toHaveLength(1);

    const page = await mine.agent.get(`${shortlistPath()}?saved=proposed`);
    expect(page.text).toContain('Der Vorschlag ist gesendet.');
    const after = card(page.text, `item-${vacancyId}`);
    expect(after).toContain('Vorschlag: Vorgeschlagen');
    expect(after).not.toContain(`action="/mentor/mentees/${menteeId}/introductions"`);
    expect(after).not.toContain('/introductions/new?');
  });
});

describe('the return target', () => {
  it('is one of this mentee’s own pages, rebuilt from known parts', () => {
    const id = '0b9a3a52-1d7e-4f37-9d55-5d2d3b0f4a11';
    const vacancy = '7f4c3a9e-52b1-4c8e-8f0a-3a1b2c3d4e5f';
    const base = `/mentor/mentees/${id}`;
    const href = (value: unknown) => returnTarget(PUBLIC_URL, id, [value])?.href;
    expect(href(`${base}/matches#match-${vacancy}`)).toBe(`${base}/matches#match-${vacancy}`);
    expect(href(`${base}/matches?page=2#match-${vacancy}`)).toBe(`${base}/matches?page=2#match-${vacancy}`);
    expect(href(`${PUBLIC_URL}${base}/shortlist#item-${vacancy}`)).toBe(`${base}/shortlist#item-${vacancy}`);
    expect(href(`${base}/browse?q=tier&page=2&evil=1`)).toBe(`${base}/browse?q=tier&page=2`);
    expect(href(base)).toBe(base);
    // Query parameters and anchors the pages do not know are dropped, not passed along.
    expect(href(`${base}/matches?next=https://evil.example#"><script>`)).toBe(`${base}/matches`);
    expect(returnTarget(PUBLIC_URL, id, [`${base}/matches?page=2#match-${vacancy}`])?.withNotice('proposed')).toBe(
      `${base}/matches?page=2&saved=proposed#match-${vacancy}`,
    );
    for (const foreign of [
      `https://evil.example${base}/matches`,
      `//evil.example${base}/matches`,
      `/\\evil.example${base}/matches`,
      `javascript:alert(1)//${base}/matches`,
      `/mentor/mentees/${vacancy}/matches`,
      `${base}/matches/../../../../vacancies`,
      `${base}/../other`,
      `${base}x/matches`,
      '/vacancies',
      '/mentor/pipeline',
      `${base}/introductions/new`,
      `${base}/matches${'x'.repeat(1000)}`,
      '',
      ['/mentor'],
      42,
    ]) {
      expect(href(foreign), String(foreign)).toBeUndefined();
    }
  });

  it('sent from elsewhere is ignored: the proposal lands on its own page, the shortlist on the shortlist', async () => {
    const vacancyId = await fittingVacancy();
    const foreign = 'https://evil.example/phish';
    const page = await mine.agent.get(
      `/mentor/mentees/${menteeId}/introductions/new?vacancy=${vacancyId}&returnTo=${encodeURIComponent(foreign)}`,
    );
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('name="returnTo"');
    expect(decoded(page.text)).toContain(`href="${matchesPath()}"`);

    const added = await postForm(mine.agent, shortlistPath(), { _csrf: await csrfOf(mine.agent), vacancyId, returnTo: foreign });
    expect(added.headers.location).toBe(`${shortlistPath()}?saved=added`);
    const otherMentee = await createTestMentee(app, mine);
    const elsewhere = await postForm(mine.agent, `${shortlistPath()}/${vacancyId}/remove`, {
      _csrf: await csrfOf(mine.agent),
      returnTo: `/mentor/mentees/${otherMentee.id}/matches`,
    });
    expect(elsewhere.headers.location).toBe(`${shortlistPath()}?saved=removed`);

    const proposed = await postForm(mine.agent, `/mentor/mentees/${menteeId}/introductions`, {
      _csrf: await csrfOf(mine.agent),
      vacancyId,
      returnTo: `//evil.example${matchesPath()}#match-${vacancyId}`,
      message: '',
    });
    expect(proposed.status).toBe(303);
    const [row] = await introductionRows(vacancyId);
    expect(proposed.headers.location).toBe(`/mentor/introductions/${row!.id}?saved=proposed`);
  });
});

describe('another project’s mentor', () => {
  it('gets 404 for the match list, the shortlist, the proposal page and every form, and changes nothing', async () => {
    const vacancyId = await fittingVacancy();
    const csrf = await csrfOf(other.agent);
    const returnTo = `${matchesPath()}#match-${vacancyId}`;
    expect((await other.agent.get(matchesPath())).status).toBe(404);
    expect((await other.agent.get(shortlistPath())).status).toBe(404);
    expect((await other.agent.get(`/mentor/mentees/${menteeId}/introductions/new?vacancy=${vacancyId}`)).status).toBe(404);
    expect((await postForm(other.agent, shortlistPath(), { _csrf: csrf, vacancyId, returnTo })).status).toBe(404);
    expect((await postForm(other.agent, `${shortlistPath()}/${vacancyId}/remove`, { _csrf: csrf, returnTo })).status).toBe(404);
    const proposed = await postForm(other.agent, `/mentor/mentees/${menteeId}/introductions`, {
      _csrf: csrf,
      vacancyId,
      returnTo,
      message: '',
    });
    expect(proposed.status).toBe(404);
    expect(await shortlistRow(vacancyId)).toBeUndefined();
    expect(await introductionRows(vacancyId)).toHaveLength(0);
  });
});

describe('the share link', () => {
  it('is shown whole with its QR code and a copy button; the active links are listed with their expiry, and a new one can be made', async () => {
    const mentee = await createTestMentee(app, mine);
    const path = `/mentor/mentees/${mentee.id}/shortlist`;
    const empty = await mine.agent.get(path);
    expect(empty.text).toContain('Gerade gibt es keinen gültigen Link.');
    expect(empty.text).toContain('Sie können jederzeit einen neuen Link erstellen');
    expect(empty.text).toContain(`action="/mentor/mentees/${mentee.id}/share-links"`);

    const created = await postForm(mine.agent, `/mentor/mentees/${mentee.id}/share-links`, {
      _csrf: await csrfOf(mine.agent),
      days: '10',
      locale: 'uk',
    });
    expect(created.status).toBe(200);
    const html = decoded(created.text);
    const url = /<span id="new-link" dir="ltr">([^<]+)<\/span>/.exec(html)?.[1];
    expect(url).toMatch(/^http:\/\/portal\.test\/s\/[\w-]{43}$/);
    expect(html).not.toContain('readonly');
    expect(html).toMatch(/<div role="img" aria-label="QR-Code mit dem Link"><svg [^>]+>/);
    expect(html).toContain('<script src="/static/copy-link.js" defer></script>');
    expect(html).toMatch(
      /<button type="button" class="button button--secondary" data-copy-link="new-link"[^>]*hidden>Link kopieren<\/button>/,
    );
    expect(html).toContain('erstellen Sie einfach einen neuen');
    // The link opens the shortlist on the phone.
    expect((await app.inject({ url: new URL(url!).pathname })).statusCode).toBe(200);

    const expires = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeZone: 'Europe/Berlin' }).format(
      new Date(Date.now() + 10 * 86_400_000),
    );
    const listed = await mine.agent.get(path);
    expect(listed.text).toContain('Gültige Links');
    expect(listed.text).toContain(`Ukrainisch (Українська), erstellt am`);
    expect(listed.text).toContain(`gültig bis ${expires}`);
    expect(listed.text).not.toContain(url!);

    // A new link any time: the second one is listed beside the first; revoking one moves it under the past ones.
    const again = await postForm(mine.agent, `/mentor/mentees/${mentee.id}/share-links`, {
      _csrf: await csrfOf(mine.agent),
      days: '',
      locale: '',
    });
    const secondUrl = /<span id="new-link" dir="ltr">([^<]+)<\/span>/.exec(decoded(again.text))?.[1];
    expect(secondUrl).toBeDefined();
    expect(secondUrl).not.toBe(url);
    const both = await mine.agent.get(path);
    expect(both.text.match(/class="status status--active">Gültig:/g)).toHaveLength(2);
    const linkId = /action="\/mentor\/share-links\/([0-9a-f-]{36})\/revoke"/.exec(both.text)?.[1];
    expect((await postForm(mine.agent, `/mentor/share-links/${linkId}/revoke`, { _csrf: await csrfOf(mine.agent) })).status).toBe(303);
    const afterRevoke = await mine.agent.get(path);
    expect(afterRevoke.text.match(/class="status status--active">Gültig:/g)).toHaveLength(1);
    expect(afterRevoke.text).toContain('Abgelaufene und gesperrte Links (1)');
  });

  it('serves the copy script from /static as JavaScript', async () => {
    const script = await app.inject({ url: '/static/copy-link.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.body).toContain('data-copy-link');
  });
});
