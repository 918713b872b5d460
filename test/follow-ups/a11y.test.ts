import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../server/follow-ups/schedule.ts';
import { todayInBerlin } from '../../server/time/berlin.ts';
import { useTestApp } from '../helpers/app.ts';
import { axeViolations, freshPage, launchBrowser, listenForBrowser, logInThroughPage, submitAndLoad } from '../helpers/browser.ts';
import { PASSWORD } from '../helpers/factories.ts';
import { createPlacement } from '../helpers/placements.ts';
import { mentorOf, projectIdOf } from '../mentees/support.ts';

describe('the follow-up pages in a real browser', () => {
  const app = useTestApp();
  let browser: Browser;
  let base: string;
  let email: string;
  let placementId: string;

  beforeAll(async () => {
    base = await listenForBrowser(app);
    const projectId = await projectIdOf(app, 'aul-dresden');
    const mentor = await mentorOf(app, projectId);
    email = mentor.email;
    ({ placementId } = await createPlacement(app, { projectId, mentorId: mentor.accountId, startDate: addDays(todayInBerlin(), -20) }));
    await app.db
      .insertInto('follow_ups')
      .values({
        placement_id: placementId,
        contact_date: addDays(todayInBerlin(), -8),
        concerns: ['language'],
        dropout_risk: true,
        note: 'Sprachkurs gesucht.',
      })
      .execute();
    // Overdue, so the dashboard has a row.
    await createPlacement(app, { projectId, mentorId: mentor.accountId, startDate: addDays(todayInBerlin(), -30) });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** Logged in from a browser with no cookies (one tab reused by the tests, `freshPage`). */
  async function loggedIn(): Promise<Page> {
    const page = await freshPage(browser, { bypassCSP: true });
    await logInThroughPage(page, base, email, PASSWORD);
    return page;
  }

  async function expectNoViolations(page: Page, what: string) {
    const violations = await axeViolations(page);
    expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  }

  it('the placement page and the dashboard have no WCAG 2.1 AA violations, in German and English', async () => {
    const page = await loggedIn();
    for (const lang of ['de', 'en']) {
      for (const path of [`/mentor/placements/${placementId}`, '/mentor/follow-ups']) {
        const response = await page.goto(`${base}${path}?lang=${lang}`);
        expect(response?.status()).toBe(200);
        expect(await page.locator('main table tbody tr').count()).toBeGreaterThan(0);
        await expectNoViolations(page, `${path} (${lang})`);
      }
    }
  });

  it('both forms in their error state have none either', async () => {
    const page = await loggedIn();
    await page.goto(`${base}/mentor/placements/${placementId}`);
    await page.fill('#date', '2099-01-01');
    await page.fill('#note', 'anna@example.org');
    await submitAndLoad(page, 'form[action$="/follow-ups"] button[type=submit]');
    expect(await page.locator('.error-summary').count()).toBe(1);
    await expectNoViolations(page, 'follow-up form with errors');

    await page.goto(`${base}/mentor/placements/${placementId}`);
    await page.fill('#endedOn', 'gestern');
    await submitAndLoad(page, 'form[action$="/end"] button[type=submit]');
    expect(await page.locator('#endNote').count()).toBe(1);
    expect(await page.locator('#reason-error').count()).toBe(1);
    await expectNoViolations(page, 'end form with errors');
  });
});
