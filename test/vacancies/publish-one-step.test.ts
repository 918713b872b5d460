import type { Agent } from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, csrfFrom, encodeForm, flushOutbox, unique } from '../helpers/app.ts';
import { createEmployer, loginAs, vacancyForm } from '../helpers/factories.ts';

/*
 * Issue 12: one form, two buttons. "Veröffentlichen" publishes what is on the
 * screen (the old separate publish form published the stored text and lost the
 * edit); "Als Entwurf speichern" saves without publishing; a published vacancy
 * is edited in the same form and stays published, its change in search once
 * the outbox has run.
 */

const app = useTestApp();
let agent: Agent;

beforeAll(async () => {
  const employer = await createEmployer(app);
  agent = await loginAs(app, employer.email);
});

/** A word no other test uses, letters only (Meilisearch may split letters from digits). */
const uniqueWord = (prefix: string) => prefix + unique('').replace(/\d/g, (d) => 'bcdfghjklm'[Number(d)]!);

/** The form page's buttons: their action values in page order, and the class of each. */
function submitButtons(html: string) {
  const form = /<form method="post" action="\/employer\/vacancies[^"]*"[\s\S]*?<\/form>/.exec(html)?.[0] ?? '';
  return [...form.matchAll(/<button class="([^"]*)" type="submit" name="action" value="(\w+)">/g)].map((m) => ({
    value: m[2],
    primary: !m[1]!.includes('secondary'),
  }));
}

async function submit(path: string, fields: Record<string, string | string[]>, action: 'draft' | 'publish') {
  const form = await agent.get(path === '/employer/vacancies' ? '/employer/vacancies/new' : path);
  return agent
    .post(path)
    .type('form')
    .send(encodeForm({ _csrf: csrfFrom(form.text), ...vacancyForm(fields), action }));
}

const idFrom = (location: string) => /\/employer\/vacancies\/([0-9a-f-]{36})/.exec(location)![1]!;
const statusOf = async (id: string) =>
  await app.db.selectFrom('vacancies').select(['status', 'title', 'published_at']).where('id', '=', id).executeTakeFirstOrThrow();

describe('publishing in one step', () => {
  it('the new-vacancy form has Publish (primary) and Save draft as buttons of the same form, at its end, and no separate publish form', async () => {
    const page = await agent.get('/employer/vacancies/new');
    expect(page.status).toBe(200);
    expect(submitButtons(page.text)).toEqual([
      { value: 'publish', primary: true },
      { value: 'draft', primary: false },
    ]);
    expect(page.text).not.toContain('/publish"');
    // Both buttons come after the last field.
    expect(page.text.indexOf('name="action"')).toBeGreaterThan(page.text.indexOf('name="expiresAt"'));
  });

  it('Publish on a new vacancy publishes it at once and the notice links to the public page', async () => {
    const word = uniqueWord('Sofort');
    const created = await submit('/employer/vacancies', { title: `Lager ${word}` }, 'publish');
    expect(created.status).toBe(303);
    const id = idFrom(created.headers.location as string);
    expect(created.headers.location).toBe(`/employer/vacancies/${id}?saved=published`);
    expect((await statusOf(id)).status).toBe('published');
    const page = await agent.get(created.headers.location as string);
    // The absolute address (app.publicUrl: PUBLIC_URL, or where the server listens), to copy into an e-mail.
    expect(page.text).toMatch(
      new RegExp(
        `öffentliche Seite der Stelle: <a class="long-words" href="https?://[^"/]+/vacancies/${id}">https?://[^<]+/vacancies/${id}</a>`,
      ),
    );
    await flushOutbox(app);
    const hits = await agent.get('/api/v1/vacancies').query({ q: word });
    expect(hits.body.hits.map((h: { id: string }) => h.id)).toEqual([id]);
  });

  it('Save draft keeps it a draft, not public', async () => {
    const created = await submit('/employer/vacancies', {}, 'draft');
    const id = idFrom(created.headers.location as string);
    expect(created.headers.location).toBe(`/employer/vacancies/${id}?saved=created`);
    expect((await statusOf(id)).status).toBe('draft');
    expect((await agent.get(`/vacancies/${id}`)).status).toBe(404);
  });

  it('regression: editing a draft and pressing Publish publishes the edited text (page, API and index)', async () => {
    const oldWord = uniqueWord('Alt');
    const newWord = uniqueWord('Neu');
    const id = idFrom((await submit('/employer/vacancies', { title: `Lager ${oldWord}` }, 'draft')).headers.location as string);
    const published = await submit(`/employer/vacancies/${id}`, { title: `Lager ${newWord}` }, 'publish');
    expect(published.status).toBe(303);
    expect(published.headers.location).toBe(`/employer/vacancies/${id}?saved=published`);
    expect(await statusOf(id)).toMatchObject({ status: 'published', title: `Lager ${newWord}` });
    await flushOutbox(app);
    const page = await agent.get(`/vacancies/${id}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`Lager ${newWord}`);
    expect(page.text).not.toContain(oldWord);
    expect((await app.searchEngine.admin.index('vacancies').getDocument(id)).title).toBe(`Lager ${newWord}`);
    expect((await agent.get('/api/v1/vacancies').query({ q: newWord })).body.hits.map((h: { id: string }) => h.id)).toEqual([id]);
    expect((await agent.get('/api/v1/vacancies').query({ q: oldWord })).body.total).toBe(0);
  });

  it('a published vacancy is edited in the same form, stays published, keeps its publication date, and search sees the change', async () => {
    const word = uniqueWord('Live');
    const later = uniqueWord('Spaeter');
    const id = idFrom((await submit('/employer/vacancies', { title: `Lager ${word}` }, 'publish')).headers.location as string);
    const first = await statusOf(id);
    const form = await agent.get(`/employer/vacancies/${id}`);
    expect(submitButtons(form.text)).toEqual([{ value: 'publish', primary: true }]);
    const saved = await submit(`/employer/vacancies/${id}`, { title: `Lager ${later}` }, 'publish');
    expect(saved.headers.location).toBe(`/employer/vacancies/${id}?saved=updated`);
    const after = await statusOf(id);
    expect(after).toMatchObject({ status: 'published', title: `Lager ${later}` });
    expect(after.published_at).toEqual(first.published_at);
    await flushOutbox(app);
    expect((await agent.get('/api/v1/vacancies').query({ q: later })).body.hits.map((h: { id: string }) => h.id)).toEqual([id]);
  });

  it('an invalid form with Publish publishes nothing and keeps the values', async () => {
    const word = uniqueWord('Fehler');
    const id = idFrom((await submit('/employer/vacancies', { title: `Lager ${word}` }, 'draft')).headers.location as string);
    const response = await submit(`/employer/vacancies/${id}`, { title: `Lager ${word} neu`, payMin: '' }, 'publish');
    expect(response.status).toBe(422);
    expect(response.text).toContain(`value="Lager ${word} neu"`);
    expect(await statusOf(id)).toMatchObject({ status: 'draft', title: `Lager ${word}` });
  });

  it('POST /employer/vacancies/:id/publish still works for JSON clients', async () => {
    const id = idFrom((await submit('/employer/vacancies', {}, 'draft')).headers.location as string);
    const page = await agent.get('/employer/vacancies').set('Accept', 'application/json');
    const response = await agent
      .post(`/employer/vacancies/${id}/publish`)
      .set('Accept', 'application/json')
      .set('x-csrf-token', page.body.csrfToken as string)
      .send({});
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ id, status: 'published' });
  });
});
