import type { FastifyInstance } from 'fastify';
import request from 'supertest';
import type { Agent } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slugFor } from '../../server/admin/service.ts';
import { upsertProjects } from '../../server/projects/queries.ts';
import { buildTestApp, csrfFrom, encodeForm, unique } from '../helpers/app.ts';
import { loginAs } from '../helpers/factories.ts';
import { auditRowsFor, createAdmin, elementText, inputTag, mainOf, pageTitle, removeProjects, submitFrom } from './support.ts';

let app: FastifyInstance;
let admin: Agent;
let adminId: string;
const made: number[] = [];

beforeAll(async () => {
  app = await buildTestApp();
  const account = await createAdmin(app);
  adminId = account.accountId;
  admin = await loginAs(app, account.email);
});

afterAll(async () => {
  if (app) {
    await removeProjects(app, made);
    await app.close();
  }
});

function projectRow(id: number) {
  return app.db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

const validForm = (name: string) => ({
  name,
  carrier: 'Oberlausitzer Bildungswerk (Test)',
  districts: 'Görlitz',
  towns: 'großschönau\nBernstadt\n\nEibau',
  contactEmail: 'mentoring@example.org',
  contactPhone: '03583 123456',
  contactUrl: 'https://www.example.org/mentoring',
});

function idFrom(location: unknown): number {
  const match = /^\/admin\/projects\/(\d+)\?done=created$/.exec(String(location));
  if (!match) throw new Error(`Unexpected redirect ${String(location)}`);
  made.push(Number(match[1]));
  return Number(match[1]);
}

describe('creating a project', () => {
  it('lists the shipped projects with a link to each and to a new one', async () => {
    const response = await admin.get('/admin/projects');
    expect(response.status).toBe(200);
    const main = mainOf(response.text);
    expect(main).toContain('Arbeitsmarktmentoren Dresden');
    expect(main).toContain('href="/admin/projects/new"');
    const json = await admin.get('/admin/projects').set('accept', 'application/json');
    const dresden = (json.body.projects as { slug: string; id: number }[]).find((p) => p.slug === 'aul-dresden')!;
    expect(main).toContain(`href="/admin/projects/${dresden.id}"`);
    expect(json.body.projects.length).toBeGreaterThanOrEqual(14);
  });

  it('refuses bad input with 422, a message at each field and the values kept', async () => {
    const response = await submitFrom(admin, '/admin/projects/new', '/admin/projects/new', {
      name: '  ',
      carrier: 'Träger <b>X</b>',
      districts: '',
      towns: 'Großschönau\nAtlantis',
      contactEmail: 'kein-at',
      contactPhone: 'ruf an',
      contactUrl: 'javascript:alert(1)',
    });
    expect(response.status).toBe(422);
    expect(pageTitle(response.text)).toMatch(/^Fehler:/);
    expect(response.text).toContain('Es gibt ein Problem');
    for (const field of ['name', 'districts', 'towns', 'contactEmail', 'contactPhone', 'contactUrl'])
      expect(response.text).toContain(`href="#${field}"`);
    expect(elementText(response.text, 'name-error')).toContain('Geben Sie den Namen des Projekts ein');
    expect(elementText(response.text, 'districts-error')).toContain('mindestens eine Region');
    expect(elementText(response.text, 'contactUrl-error')).toContain('https://');
    expect(elementText(response.text, 'contactPhone-error')).toContain('Telefonnummer');
    // The unknown town is named together with the other problems.
    expect(elementText(response.text, 'towns-error')).toContain('Diese Orte kennen wir nicht: Atlantis');
    // Values kept, escaped.
    expect(inputTag(response.text, 'carrier')).toContain('value="Träger &lt;b&gt;X&lt;/b&gt;"');
    expect(inputTag(response.text, 'contactUrl')).toContain('value="javascript:alert(1)"');
    expect(response.text).toMatch(/<textarea[^>]*name="towns"[^>]*>Großschönau\nAtlantis<\/textarea>/);

    // Unknown towns are named once the rest is right.
    const towns = await submitFrom(admin, '/admin/projects/new', '/admin/projects/new', {
      ...validForm(`Projekt ${unique()}`),
      towns: 'Großschönau\nAtlantis\nNarnia',
    });
    expect(towns.status).toBe(422);
    expect(elementText(towns.text, 'towns-error')).toContain('Diese Orte kennen wir nicht: Atlantis, Narnia');
  });

  it('answers JSON clients with 422 and the messages by field', async () => {
    const page = await admin.get('/admin/projects/new');
    const response = await admin
      .post('/admin/projects/new')
      .set('accept', 'application/json')
      .set('x-csrf-token', csrfFrom(page.text))
      .send({ name: 'X', carrier: '', districts: ['Görlitz'], towns: [] });
    expect(response.status).toBe(422);
    expect(response.body.error.code).toBe('validation');
    expect(Object.keys(response.body.error.fields).sort()).toEqual(['carrier', 'towns']);
  });

  it('creates the project with a slug from its name, audits it, and the public page shows it', async () => {
    const name = `Arbeitsmarktmentoren Oberlausitz Süd ${unique()}`;
    const response = await submitFrom(admin, '/admin/projects/new', '/admin/projects/new', validForm(name));
    expect(response.status).toBe(303);
    const id = idFrom(response.headers.location);
    const row = await projectRow(id);
    expect(row).toMatchObject({
      slug: slugFor(name),
      name,
      carrier: 'Oberlausitzer Bildungswerk (Test)',
      districts: ['Görlitz'],
      towns: ['Großschönau', 'Bernstadt', 'Eibau'],
      contact_email: 'mentoring@example.org',
      contact_phone: '03583 123456',
      contact_url: 'https://www.example.org/mentoring',
    });
    expect(row.slug).toMatch(/^arbeitsmarktmentoren-oberlausitz-sued-[a-z0-9]+$/);
    expect(row.updated_at).not.toBeNull();

    const saved = await admin.get(String(response.headers.location));
    expect(saved.text).toContain('Das Projekt ist angelegt');

    const [audit] = await auditRowsFor(app, String(id));
    expect(audit).toMatchObject({ action: 'project.created', actor_id: adminId, actor_role: 'admin', subject_type: 'project' });
    expect(audit!.detail).toMatchObject({ slug: row.slug, name });

    const mentoring = await request(app.server).get('/mentoring').query({ town: 'Großschönau' }).set('accept', 'application/json');
    expect(mentoring.body.served).toBe(true);
    expect(mentoring.body.projects.map((p: { slug: string }) => p.slug)).toContain(row.slug);
    const page = await request(app.server).get('/mentoring?town=Eibau');
    expect(mainOf(page.text)).toContain(`<h3 class="card__title" lang="de" dir="auto">${name}</h3>`);
  });

  it('numbers the slug when the name is taken, and answers JSON clients with 201', async () => {
    const name = `Projekt Doppelt ${unique()}`;
    const page = await admin.get('/admin/projects/new');
    const post = () =>
      admin
        .post('/admin/projects/new')
        .set('accept', 'application/json')
        .set('x-csrf-token', csrfFrom(page.text))
        .send({ ...validForm(name), towns: ['Leutersdorf'], districts: ['Görlitz'] });
    const first = await post();
    const second = await post();
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    made.push(first.body.id, second.body.id);
    expect(first.body.slug).toBe(slugFor(name));
    expect(second.body.slug).toBe(`${slugFor(name)}-2`);
  });
});

describe('editing a project', () => {
  let id: number;
  let name: string;

  beforeAll(async () => {
    name = `Mentoring Elstra ${unique()}`;
    id = idFrom(
      (await submitFrom(admin, '/admin/projects/new', '/admin/projects/new', { ...validForm(name), towns: 'Elstra' })).headers.location,
    );
  });

  it('shows the form filled in, one town a line', async () => {
    const response = await admin.get(`/admin/projects/${id}`);
    expect(response.status).toBe(200);
    expect(inputTag(response.text, 'name')).toContain(`value="${name}"`);
    expect(response.text).toMatch(/<textarea[^>]*name="towns"[^>]*>Elstra<\/textarea>/);
    const json = await admin.get(`/admin/projects/${id}`).set('accept', 'application/json');
    expect(json.body.project).toMatchObject({ id, name, towns: ['Elstra'], contact: { email: 'mentoring@example.org' } });
  });

  it('refuses bad input with 422 and keeps what was typed; nothing is saved', async () => {
    const response = await submitFrom(admin, `/admin/projects/${id}`, `/admin/projects/${id}`, {
      ...validForm('Neuer Name'),
      contactEmail: 'mentoring(at)example.org',
    });
    expect(response.status).toBe(422);
    expect(elementText(response.text, 'contactEmail-error')).toContain('E-Mail-Adresse im richtigen Format');
    expect(inputTag(response.text, 'name')).toContain('value="Neuer Name"');
    expect(inputTag(response.text, 'contactEmail')).toContain('value="mentoring(at)example.org"');
    expect((await projectRow(id)).name).toBe(name);
  });

  it('saves the change, audits each changed field, and the public page shows it', async () => {
    const renamed = `${name} Nord`;
    const response = await submitFrom(admin, `/admin/projects/${id}`, `/admin/projects/${id}`, {
      ...validForm(renamed),
      towns: 'Elstra\nLohsa',
      contactPhone: '',
      contactUrl: '',
    });
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe(`/admin/projects/${id}?done=updated`);
    const row = await projectRow(id);
    expect(row).toMatchObject({ name: renamed, towns: ['Elstra', 'Lohsa'], contact_phone: null, contact_url: null });

    const audits = await auditRowsFor(app, String(id));
    const updated = audits.find((a) => a.action === 'project.updated')!;
    expect(updated).toMatchObject({ actor_id: adminId, subject_type: 'project' });
    expect(Object.keys((updated.detail as { changes: object }).changes).sort()).toEqual(['contact_phone', 'contact_url', 'name', 'towns']);
    expect((updated.detail as { changes: Record<string, unknown> }).changes.name).toEqual({ from: name, to: renamed });

    const mentoring = await request(app.server).get('/mentoring').query({ town: 'Lohsa' });
    const main = mainOf(mentoring.text);
    expect(main).toContain('Für <bdi>Lohsa</bdi> zuständig');
    expect(main).toContain(`<h3 class="card__title" lang="de" dir="auto">${renamed}</h3>`);
  });

  it('saves nothing and audits nothing when nothing changed', async () => {
    const before = (await auditRowsFor(app, String(id))).length;
    const page = await admin.get(`/admin/projects/${id}`);
    const values = {
      name: `${name} Nord`,
      carrier: 'Oberlausitzer Bildungswerk (Test)',
      districts: 'Görlitz',
      towns: 'Elstra\nLohsa',
      contactEmail: 'mentoring@example.org',
    };
    const response = await admin
      .post(`/admin/projects/${id}`)
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), ...values }));
    expect(response.headers.location).toBe(`/admin/projects/${id}?done=unchanged`);
    expect((await auditRowsFor(app, String(id))).length).toBe(before);
  });

  it('answers 404 for a project that does not exist', async () => {
    expect((await admin.get('/admin/projects/999999999')).status).toBe(404);
    expect((await admin.get('/admin/projects/abc')).status).toBe(404);
    const page = await admin.get('/admin/projects');
    const post = await admin
      .post('/admin/projects/999999999')
      .type('form')
      .send(encodeForm({ _csrf: csrfFrom(page.text), ...validForm('X') }));
    expect(post.status).toBe(404);
  });
});

describe('the reference data sync at start leaves admin edits alone', () => {
  it('updates a project nobody edited from the file, and leaves an edited one as the admin saved it', async () => {
    const slug = `sync-test-${unique()}`;
    const shipped = {
      slug,
      name: 'Aus der Datei',
      carrier: 'Träger',
      districts: ['Görlitz'],
      towns: ['Bernstadt'],
      contact: { email: null, phone: null, url: null },
    };
    await upsertProjects(app.db, [shipped]);
    const row = await app.db.selectFrom('projects').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow();
    made.push(row.id);
    expect(row.updated_at).toBeNull();

    await upsertProjects(app.db, [{ ...shipped, name: 'Neu aus der Datei' }]);
    expect((await projectRow(row.id)).name).toBe('Neu aus der Datei');

    const edited = await submitFrom(admin, `/admin/projects/${row.id}`, `/admin/projects/${row.id}`, {
      ...validForm('Von der Verwaltung'),
      towns: 'Bernstadt',
    });
    expect(edited.status).toBe(303);
    await upsertProjects(app.db, [{ ...shipped, name: 'Noch neuer aus der Datei' }]);
    const after = await projectRow(row.id);
    expect(after.name).toBe('Von der Verwaltung');
    expect(after.updated_at).not.toBeNull();
  });
});
