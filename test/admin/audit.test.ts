import type { Agent } from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../server/audit/service.ts';
import { useTestApp, unique } from '../helpers/app.ts';
import { loginAs } from '../helpers/factories.ts';
import { createAdmin, elementText, inputTag, mainOf, pageTitle, projectIdOf, staffAccount, submitFrom } from './support.ts';

const app = useTestApp();
let admin: Agent;
let adminId: string;

beforeAll(async () => {
  const account = await createAdmin(app);
  adminId = account.accountId;
  admin = await loginAs(app, account.email);
});

interface EntryJson {
  id: string;
  at: string;
  actor: { id: string | null; email: string | null; role: string };
  action: string;
  subject: { type: string; id: string };
  detail: Record<string, unknown>;
}

const entries = (body: { entries: EntryJson[] }) => body.entries;

/** Audit rows at chosen moments, about a subject no other test uses. */
async function seed(subject: string, rows: { at: string; action: string; role?: string }[]) {
  for (const row of rows) {
    await app.db
      .insertInto('audit_log')
      .values({
        at: row.at,
        actor_id: adminId,
        actor_role: row.role ?? 'admin',
        action: row.action,
        subject_type: 'test',
        subject_id: subject,
        detail: JSON.stringify({ at: row.at }),
      })
      .execute();
  }
}

describe('the audit page', () => {
  it('shows an admin action with who did it, newest first, as a page and as JSON', async () => {
    const mentor = await staffAccount(app, 'mentor', await projectIdOf(app, 'aul-leipzig'));
    await submitFrom(admin, '/admin/accounts', `/admin/accounts/${mentor.accountId}/disable`);
    await submitFrom(admin, '/admin/accounts', `/admin/accounts/${mentor.accountId}/enable`);

    const json = await admin.get('/admin/audit').query({ subject: mentor.accountId }).set('accept', 'application/json');
    expect(json.status).toBe(200);
    expect(entries(json.body).map((e) => e.action)).toEqual(['account.enabled', 'account.disabled']);
    expect(entries(json.body)[1]).toMatchObject({
      actor: { id: adminId, role: 'admin' },
      subject: { type: 'account', id: mentor.accountId },
      detail: { email: mentor.email },
    });
    expect(json.body).toMatchObject({ total: 2, page: 1, perPage: 50 });

    const page = await admin.get('/admin/audit').query({ subject: mentor.accountId });
    expect(page.status).toBe(200);
    const main = mainOf(page.text).slice(mainOf(page.text).indexOf('<table'));
    expect(main.indexOf('account.enabled')).toBeLessThan(main.indexOf('account.disabled'));
    expect(main).toContain(mentor.accountId);
    expect(inputTag(page.text, 'subject')).toContain(`value="${mentor.accountId}"`);
  });

  it('filters by action and by actor role', async () => {
    const subject = unique('subject');
    await seed(subject, [
      { at: '2024-05-02T10:00:00Z', action: 'project.updated' },
      { at: '2024-05-03T10:00:00Z', action: 'employer.suspended' },
      { at: '2024-05-04T10:00:00Z', action: 'profile_card.viewed', role: 'employer' },
    ]);
    const byAction = await admin.get('/admin/audit').query({ subject, action: 'employer.suspended' }).set('accept', 'application/json');
    expect(entries(byAction.body).map((e) => e.action)).toEqual(['employer.suspended']);
    const byRole = await admin.get('/admin/audit').query({ subject, actorRole: 'employer' }).set('accept', 'application/json');
    expect(entries(byRole.body).map((e) => e.action)).toEqual(['profile_card.viewed']);
    const none = await admin.get('/admin/audit').query({ subject, action: 'account.disabled' });
    expect(mainOf(none.text)).toContain('Keine Einträge passen zu diesem Filter');
  });

  it('filters by Berlin days, both ends included', async () => {
    const subject = unique('subject');
    await seed(subject, [
      { at: '2025-03-09T22:30:00Z', action: 'a.before' }, // 9 March, 23:30 in Berlin
      { at: '2025-03-09T23:30:00Z', action: 'a.first' }, // 10 March, 00:30 in Berlin
      { at: '2025-03-11T12:00:00Z', action: 'a.middle' },
      { at: '2025-03-12T22:30:00Z', action: 'a.last' }, // 12 March, 23:30 in Berlin
      { at: '2025-03-12T23:30:00Z', action: 'a.after' }, // 13 March in Berlin
    ]);
    const json = await admin.get('/admin/audit').query({ subject, from: '2025-03-10', to: '2025-03-12' }).set('accept', 'application/json');
    expect(entries(json.body).map((e) => e.action)).toEqual(['a.last', 'a.middle', 'a.first']);
    const fromOnly = await admin.get('/admin/audit').query({ subject, from: '2025-03-12' }).set('accept', 'application/json');
    expect(entries(fromOnly.body).map((e) => e.action)).toEqual(['a.after', 'a.last']);
    const toOnly = await admin.get('/admin/audit').query({ subject, to: '2025-03-09' }).set('accept', 'application/json');
    expect(entries(toOnly.body).map((e) => e.action)).toEqual(['a.before']);
  });

  it('puts a message at a date field it cannot read, with status 400 and the value kept', async () => {
    const response = await admin.get('/admin/audit').query({ from: '1.3.2025', to: '2025-02-30' });
    expect(response.status).toBe(400);
    expect(pageTitle(response.text)).toMatch(/^Fehler:/);
    expect(response.text).toContain('href="#from"');
    expect(elementText(response.text, 'from-error')).toContain('Geben Sie den ersten Tag als Jahr-Monat-Tag ein');
    expect(elementText(response.text, 'to-error')).toContain('Geben Sie den letzten Tag');
    expect(inputTag(response.text, 'from')).toContain('value="1.3.2025"');

    const reversed = await admin.get('/admin/audit').query({ from: '2025-03-12', to: '2025-03-10' }).set('accept', 'application/json');
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.fields.to).toContain('nicht vor dem ersten Tag');
  });

  it('shows 50 entries a page, with links that keep the filters', async () => {
    const subject = unique('subject');
    await app.db.transaction().execute(async (trx) => {
      for (let i = 0; i < 55; i += 1)
        await audit(trx, { id: adminId, role: 'admin' }, `paging.${String(i).padStart(2, '0')}`, { type: 'test', id: subject });
    });
    const first = await admin.get('/admin/audit').query({ subject }).set('accept', 'application/json');
    expect(first.body.total).toBe(55);
    expect(entries(first.body)).toHaveLength(50);
    expect(entries(first.body)[0]!.action).toBe('paging.54');
    const second = await admin.get('/admin/audit').query({ subject, page: '2' }).set('accept', 'application/json');
    expect(entries(second.body).map((e) => e.action)).toEqual(['paging.04', 'paging.03', 'paging.02', 'paging.01', 'paging.00']);

    const page = await admin.get('/admin/audit').query({ subject });
    const links = page.text.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&');
    expect(links).toContain(`<a rel="next" href="/admin/audit?subject=${subject}&page=2">`);
    expect(page.text).toContain('Seite 1 von 2');
  });
});

describe('actions without a logged-in actor', () => {
  it('names the actor "not logged in" (a lock after failed logins, a reset request), never a raw key', async () => {
    const subject = unique('locked');
    await audit(app.db, { id: null, role: 'anonymous' }, 'login.locked', { type: 'test', id: subject }, { step: 'password' });
    const page = await admin.get(`/admin/audit?subject=${subject}`);
    expect(page.status).toBe(200);
    expect(mainOf(page.text)).toContain('(ohne Anmeldung)');
    expect(mainOf(page.text)).not.toMatch(/administration\.[a-z]/);
  });
});
