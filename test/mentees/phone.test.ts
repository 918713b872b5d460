import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../server/follow-ups/schedule.ts';
import { todayInBerlin } from '../../server/time/berlin.ts';
import { useTestApp, flushOutbox, unique } from '../helpers/app.ts';
import { axeViolations, freshPage, launchBrowser, listenForBrowser, sessionCookies } from '../helpers/browser.ts';
import { createEmployer, loginAs, PASSWORD, postVacancy } from '../helpers/factories.ts';
import { createPlacement } from '../helpers/placements.ts';
import { createThroughForm, mentorOf, projectIdOf } from './support.ts';

/*
 * Issue 13 on a 390 px phone, in Chromium: the mentee list (a table today 690 px wide, now rows
 * stacked as small summary lists) and a mentee's overview with a match, a shortlist, a proposal and
 * a placement, and the edit page. None scrolls sideways; none has an axe (WCAG 2.1 AA) violation.
 * SCREENSHOTS=<folder> keeps a picture of each page for a person to look at.
 */

const PHONE = { width: 390, height: 844 };

const app = useTestApp();
let browser: Browser;
let base: string;
let mentorEmail: string;
let menteeId: string;
let placedId: string;

beforeAll(async () => {
  base = await listenForBrowser(app);
  const projectId = await projectIdOf(app, 'aul-dresden');
  const mentor = await mentorOf(app, projectId);
  mentorEmail = mentor.email;
  const employer = await createEmployer(app, { organisation: `Landschaftsgärtnereifachbetrieb ${unique()}` });
  await postVacancy(await loginAs(app, employer.email), { title: `Fachkraft für Lagerlogistik und Kommissionierung ${unique()} (m/w/d)` });
  await flushOutbox(app);
  menteeId = await createThroughForm(mentor.agent, {
    notes: 'Sehr lange Notiz ohne Leerzeichen: Lagerlogistikweiterbildungsmaßnahmenteilnahmebescheinigung',
  });
  placedId = (await createPlacement(app, { projectId, mentorId: mentor.accountId, startDate: addDays(todayInBerlin(), -40) })).menteeId;
  await flushOutbox(app);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

async function asMentorOnPhone(use: (page: Page) => Promise<void>): Promise<void> {
  // A browser with no cookies but the mentor's session; one tab reused (`freshPage`).
  const page = await freshPage(browser, { viewport: PHONE, bypassCSP: true });
  await page.context().addCookies(await sessionCookies(base, mentorEmail, PASSWORD));
  await use(page);
}

async function expectFitsAndAccessible(page: Page, what: string) {
  const scrollWidth = await page.evaluate(
    () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
  );
  expect(scrollWidth, `${what}: scrollWidth`).toBeLessThanOrEqual(PHONE.width);
  const violations = await axeViolations(page);
  expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  if (process.env.SCREENSHOTS) {
    const name = `${process.env.SCREENSHOTS}/${what.replace(/\W+/g, '-')}`;
    await page.screenshot({ path: `${name}.png`, fullPage: true });
    await page.screenshot({ path: `${name}-first-screen.png` });
    const table = await page.locator('table').first().boundingBox();
    if (table)
      await page.screenshot({ path: `${name}-table.png`, fullPage: true, clip: { x: 0, y: table.y, width: PHONE.width, height: 900 } });
  }
}

describe("the mentor's mentee pages on a 390 px phone", () => {
  it('the list stacks its rows: no sideways scrolling, no axe violation', async () => {
    await asMentorOnPhone(async (page) => {
      await page.goto(`${base}/mentor/mentees?status=`);
      await page.locator('#mentee-list').waitFor();
      await expectFitsAndAccessible(page, 'mentee list');
      // Stacked: the code and the next step sit one above the other, not side by side.
      const row = page.locator('#mentee-list tbody tr').first();
      const [code, step] = [await row.locator('td').nth(0).boundingBox(), await row.locator('td').nth(1).boundingBox()];
      expect(step!.y).toBeGreaterThan(code!.y);
    });
  });

  // One page per test: axe on a long page takes seconds on a busy machine.
  it.each([
    ['overview', () => `/mentor/mentees/${menteeId}`],
    ['overview placed', () => `/mentor/mentees/${placedId}`],
    ['edit page', () => `/mentor/mentees/${menteeId}/edit`],
  ])('the %s: no sideways scrolling, no axe violation', { timeout: 90_000 }, async (what, path) => {
    await asMentorOnPhone(async (page) => {
      await page.goto(`${base}${path()}`);
      await page.locator('h1').waitFor();
      await expectFitsAndAccessible(page, what);
    });
  });
});
