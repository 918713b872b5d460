import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, flushOutbox, unique } from '../helpers/app.ts';
import { axeViolations, launchBrowser, listenForBrowser, sessionCookies } from '../helpers/browser.ts';
import { PASSWORD } from '../helpers/factories.ts';
import { employerOf, publishVacancy } from '../matching/support.ts';
import { createTestMentee, mentorOf, twoProjects } from './support.ts';

/*
 * The mentor's match list and shortlist in Chromium on a 390 px phone (issue 13): shortlisting from a card
 * comes back to that card, the copy button's script loads under the page's CSP (no console error) and puts
 * the link into the clipboard, a card proposes in one click without JavaScript, and neither page scrolls sideways.
 */

// Florist: an occupation no other test posts, so the suite's other vacancies stay off this mentee's list.
const OCCUPATION = '12202';
const app = useTestApp();
let browser: Browser;
let base: string;
let mentor: Awaited<ReturnType<typeof mentorOf>>;
let menteeId: string;
const titles: string[] = [];
const vacancyIds: string[] = [];

beforeAll(async () => {
  const [projectId] = await twoProjects(app);
  mentor = await mentorOf(app, projectId);
  const { employerId } = await employerOf(app);
  menteeId = (
    await createTestMentee(app, mentor, { desiredOccupations: [OCCUPATION], homeTown: 'Dresden', germanLevel: 'B1', workingTime: 'full' })
  ).id;
  for (const town of ['Dresden', 'Radebeul']) {
    // A long word in the title: a card must wrap it, not widen the page.
    const title = `Ausbildung Floristik und Blumenfachgeschäftsverkaufsberatung ${unique()}`;
    titles.push(title);
    vacancyIds.push(
      await publishVacancy(app, employerId, {
        kind: 'apprenticeship',
        occupation: OCCUPATION,
        durationMonths: '36',
        title,
        town,
        germanLevel: 'A2',
        workingTime: 'full',
      }),
    );
  }
  await flushOutbox(app);
  base = await listenForBrowser(app);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** A phone-sized context, logged in as the mentor, that collects console errors (a CSP refusal is one) and page errors. */
async function phone(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  await context.addCookies(await sessionCookies(base, mentor.email, PASSWORD));
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, errors };
}

const scrollWidth = (page: Page) =>
  page.evaluate(
    () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
  );

describe('the match list and the shortlist on a phone', () => {
  it('shortlist from the card, back at the card; copy the new link; no sideways scrolling, no console errors, axe clean', async () => {
    const { context, page, errors } = await phone();
    try {
      await page.goto(`${base}/mentor/mentees/${menteeId}/matches`);
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
      expect(await axeViolations(page)).toEqual([]);

      for (const [index, title] of titles.entries()) {
        await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: `Auf die Merkliste – ${title}` }).click()]);
        expect(page.url()).toBe(`${base}/mentor/mentees/${menteeId}/matches#match-${vacancyIds[index]}`);
        expect(await page.locator(`#match-${vacancyIds[index]}`).innerText()).toContain('Auf der Merkliste ✓');
      }
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390);

      await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: /Zur Merkliste \(2\)/ }).click()]);
      await Promise.all([page.waitForNavigation(), page.click('form[action$="/share-links"] button[type=submit]')]);
      const link = (await page.locator('#new-link').innerText()).trim();
      expect(link).toMatch(/\/s\/[\w-]{43}$/);
      // The script ran (under the page's CSP) and showed the button; clicking it copies the link.
      const copy = page.getByRole('button', { name: 'Link kopieren' });
      expect(await copy.isVisible()).toBe(true);
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
      await copy.click();
      await page.locator('[data-copy-status="new-link"]', { hasText: 'Der Link ist kopiert' }).waitFor();
      expect(
        await page.evaluate(() =>
          (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText(),
        ),
      ).toBe(link);
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
      expect(await axeViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);

  it('without JavaScript the copy button stays hidden and the link is plain text on the page', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    try {
      await context.addCookies(await sessionCookies(base, mentor.email, PASSWORD));
      const page = await context.newPage();
      await page.goto(`${base}/mentor/mentees/${menteeId}/shortlist`);
      await Promise.all([page.waitForNavigation(), page.click('form[action$="/share-links"] button[type=submit]')]);
      expect(await page.locator('#new-link').innerText()).toMatch(/\/s\/[\w-]{43}$/);
      expect(await page.locator('button[data-copy-link]').isVisible()).toBe(false);
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
    } finally {
      await context.close();
    }
  }, 60_000);

  it("opens a card's message field within 390 px, axe clean", async () => {
    const { context, page, errors } = await phone();
    try {
      await page.goto(`${base}/mentor/mentees/${menteeId}/matches`);
      await page.locator(`#match-${vacancyIds[1]} summary`).click();
      expect(await page.locator(`#match-${vacancyIds[1]} textarea[name=message]`).isVisible()).toBe(true);
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390);
      expect(await axeViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('proposes from the card without JavaScript, a message written in its folded field, and comes back to the card', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    try {
      await context.addCookies(await sessionCookies(base, mentor.email, PASSWORD));
      const page = await context.newPage();
      await page.goto(`${base}/mentor/mentees/${menteeId}/matches`);
      const card = page.locator(`#match-${vacancyIds[1]}`);
      const message = card.getByLabel('Nachricht an die Firma (freiwillig)');
      expect(await message.isVisible()).toBe(false);
      await card.locator('summary').click();
      await message.fill('Sie hat schon im Blumenladen ihrer Tante geholfen.');
      expect(await scrollWidth(page)).toBeLessThanOrEqual(390);

      await Promise.all([page.waitForNavigation(), card.getByRole('button', { name: `Vorschlagen – ${titles[1]}` }).click()]);
      expect(page.url()).toBe(`${base}/mentor/mentees/${menteeId}/matches?saved=proposed#match-${vacancyIds[1]}`);
      expect(await page.getByRole('status').first().innerText()).toContain('Der Vorschlag ist gesendet');
      expect(await page.locator(`#match-${vacancyIds[1]}`).innerText()).toContain('Vorschlag: Vorgeschlagen');
      const row = await app.db
        .selectFrom('introductions')
        .select(['status', 'message'])
        .where('mentee_id', '=', menteeId)
        .where('vacancy_id', '=', vacancyIds[1]!)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'proposed', message: 'Sie hat schon im Blumenladen ihrer Tante geholfen.' });
    } finally {
      await context.close();
    }
  }, 60_000);
});
