import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, flushOutbox, unique } from '../helpers/app.ts';
import { launchBrowser, listenForBrowser, sessionCookies } from '../helpers/browser.ts';
import { PASSWORD } from '../helpers/factories.ts';
import { shareLinkQrCode } from '../../server/shortlists/qr-code.ts';
import { employerOf, publishVacancy } from '../matching/support.ts';
import { createTestMentee, csrfOf, mentorOf, postForm, twoProjects } from './support.ts';

/*
 * Issue 13's mentor task, walked in Chromium and counted: "create a profile (A2, wants an apprenticeship as
 * Pflegefachfrau near Leipzig, part-time), read the matches, shortlist two, share them to the mentee's
 * phone, propose one". A click is every press of a link, button, box or radio and every choice in a select;
 * typing text is not one; a select left at its shown value is not one either. The walk records each click
 * and checks the exact path (at most 12, issue 13's bar) and that the task's results landed in the database.
 * Sharing is by the QR code (the mentee scans it from the mentor's screen); copying the link, the way to
 * share from afar, is checked on its own and not counted.
 */

const app = useTestApp();
let browser: Browser;
let base: string;
let mentor: Awaited<ReturnType<typeof mentorOf>>;
const titles: string[] = [];

beforeAll(async () => {
  const [projectId] = await twoProjects(app);
  mentor = await mentorOf(app, projectId);
  const { employerId } = await employerOf(app);
  for (const town of ['Leipzig', 'Markkleeberg', 'Taucha']) {
    const title = `Ausbildung Pflegefachfrau/-mann ${town} ${unique()}`;
    titles.push(title);
    await publishVacancy(app, employerId, {
      kind: 'apprenticeship',
      occupation: '81302',
      durationMonths: '36',
      title,
      town,
      germanLevel: 'A2',
      workingTime: 'either',
    });
  }
  await flushOutbox(app);
  base = await listenForBrowser(app);
  browser = await launchBrowser();
});

/** The id of one of the walk's vacancies, by its title. */
async function vacancyIdOf(title: string): Promise<string> {
  const row = await app.db.selectFrom('vacancies').select('id').where('title', '=', title).executeTakeFirstOrThrow();
  return row.id;
}

/** A mentee of the mentor with the first walk vacancy shortlisted (through the shortlist's form route). */
async function menteeWithShortlist(): Promise<string> {
  const mentee = await createTestMentee(app, mentor, { desiredOccupations: ['81302'], homeTown: 'Leipzig', germanLevel: 'A2' });
  const added = await postForm(mentor.agent, `/mentor/mentees/${mentee.id}/shortlist`, {
    _csrf: await csrfOf(mentor.agent),
    vacancyId: await vacancyIdOf(titles[0]!),
  });
  expect(added.status).toBe(303);
  return mentee.id;
}

afterAll(async () => {
  await browser?.close();
});

describe('the mentor task of issue 13', () => {
  it('creates a profile, reads the matches, shortlists two, shares them, proposes one: every click counted', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.addCookies(await sessionCookies(base, mentor.email, PASSWORD));
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    const page: Page = await context.newPage();
    const path: string[] = [];
    /** One click; waits for the page it leads to when it is a link or a submit button. */
    const click = async (what: string, target: Locator, navigates = true) => {
      path.push(what);
      if (navigates) await Promise.all([page.waitForNavigation(), target.click()]);
      else await target.click();
    };
    const choose = async (what: string, select: string, value: string) => {
      if ((await page.locator(select).inputValue()) === value) return;
      path.push(what);
      await page.selectOption(select, value);
    };
    const tick = async (what: string, box: string) => {
      if (await page.locator(box).isChecked()) return;
      await click(what, page.locator(box), false);
    };
    try {
      await page.goto(`${base}/mentor/mentees`);
      await click('Neues Profil anlegen', page.getByRole('link', { name: 'Neues Profil anlegen' }));
      // The age band stays open ("Keine Angabe"): nothing reads it, so it is optional (issue 13).
      expect(await page.locator('#ageBand').inputValue()).toBe('');
      // No German level is chosen for the mentor: a default would be saved unnoticed for someone at B1 or A1.
      expect(await page.locator('#germanLevel').inputValue()).toBe('');
      await choose('Deutsch A2', '#germanLevel', 'A2');
      await choose('Schule', '#schooling', 'secondary');
      await choose('Berufsabschluss', '#qualification', 'none');
      await page.fill('#desiredOccupations-0', '81302');
      await tick('Ausbildung', '#desiredKinds-apprenticeship');
      await tick('Teilzeit', '#workingTime-part');
      await page.fill('#homeTown', 'Leipzig');
      await tick('Einwilligung', '#consent');
      await click('Profil speichern', page.locator('main form[action="/mentor/mentees"] button[type=submit]'));
      const menteeId = /\/mentor\/mentees\/([0-9a-f-]{36})/.exec(page.url())?.[1];
      expect(menteeId, `after saving: ${page.url()} ${path.join(' → ')}`).toBeDefined();
      const profileClicks = path.length;
      // Saving lands on the new profile's matches, saying the profile is saved: no click to get there.
      expect(new URL(page.url()).pathname).toBe(`/mentor/mentees/${menteeId}/matches`);
      expect(await page.getByRole('status').first().innerText()).toContain('Das Profil ist angelegt');

      for (const title of titles.slice(0, 2))
        await click(`Auf die Merkliste (${title.split(' ')[2]})`, page.getByRole('button', { name: `Auf die Merkliste – ${title}` }));
      // One click makes the link and shows it with its QR code: the mentee scans it from the mentor's screen, no further click.
      await click('Merkliste aufs Handy', page.getByRole('button', { name: 'Merkliste aufs Handy: Link und QR-Code erstellen' }));
      const link = (await page.locator('#new-link').innerText()).trim();
      expect(link).toMatch(/\/s\/[\w-]+$/);
      const qr = page.locator('.qr-code svg');
      expect(await qr.isVisible()).toBe(true);
      // The code on screen encodes this link: its modules are those of the link's QR code made afresh.
      const modules = /<path stroke="#000000" d="([^"]+)"/.exec(String(await shareLinkQrCode(link)))?.[1];
      expect(await qr.locator('path[stroke="#000000"]').getAttribute('d')).toBe(modules);
      // Proposing from the shortlist is one click on the vacancy's own card, and comes back to it.
      await click('Vorschlagen', page.getByRole('button', { name: `Vorschlagen – ${titles[0]}` }));
      expect(page.url()).toBe(`${base}/mentor/mentees/${menteeId}/shortlist?saved=proposed#item-${await vacancyIdOf(titles[0]!)}`);
      expect(await page.getByRole('status').first().innerText()).toContain('Der Vorschlag ist gesendet');

      // What the task leaves behind: two vacancies on the shortlist, a link, one proposal.
      expect(await app.db.selectFrom('shortlist_items').select('vacancy_id').where('mentee_id', '=', menteeId!).execute()).toHaveLength(2);
      expect(await app.db.selectFrom('share_links').select('id').where('mentee_id', '=', menteeId!).execute()).toHaveLength(1);
      expect(await app.db.selectFrom('introductions').select('status').where('mentee_id', '=', menteeId!).execute()).toEqual([
        { status: 'proposed' },
      ]);

      // After the saved profile: two shortlist clicks, the link with its QR code, one click to propose.
      expect(path.slice(profileClicks)).toEqual([
        'Auf die Merkliste (Leipzig)',
        'Auf die Merkliste (Markkleeberg)',
        'Merkliste aufs Handy',
        'Vorschlagen',
      ]);
      expect(path).toEqual([
        'Neues Profil anlegen',
        'Deutsch A2',
        'Schule',
        'Berufsabschluss',
        'Ausbildung',
        'Teilzeit',
        'Einwilligung',
        'Profil speichern',
        ...path.slice(profileClicks),
      ]);
      expect(path.length, path.join(' → ')).toBeLessThanOrEqual(12);
      // The walk, for the report: the number and the path.
      process.stdout.write(`mentor task: ${path.length} clicks (${profileClicks} for the profile): ${path.join(' → ')}\n`);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('copies the new link for sharing from afar (the alternative to the QR code, not on the counted path)', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.addCookies(await sessionCookies(base, mentor.email, PASSWORD));
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    const page: Page = await context.newPage();
    try {
      const menteeId = await menteeWithShortlist();
      await page.goto(`${base}/mentor/mentees/${menteeId}/matches`);
      await Promise.all([
        page.waitForNavigation(),
        page.getByRole('button', { name: 'Merkliste aufs Handy: Link und QR-Code erstellen' }).click(),
      ]);
      const link = (await page.locator('#new-link').innerText()).trim();
      await page.getByRole('button', { name: 'Link kopieren' }).click();
      await page.locator('[data-copy-status="new-link"]', { hasText: 'Der Link ist kopiert' }).waitFor();
      expect(
        await page.evaluate(() =>
          (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText(),
        ),
      ).toBe(link);
    } finally {
      await context.close();
    }
  }, 60_000);
});
