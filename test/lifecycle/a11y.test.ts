import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { axeViolations, freshPage, launchBrowser, listenForBrowser, logInThroughPage, submitAndLoad } from '../helpers/browser.ts';
import { createEmployer, PASSWORD } from '../helpers/factories.ts';
import { createTestMentee, mentorOf, twoProjects } from '../matching/support.ts';

describe('the life-cycle and legal pages in a real browser', () => {
  const app = useTestApp();
  let browser: Browser;
  let base: string;
  let mentorEmail: string;
  let employerEmail: string;
  let menteeId: string;

  beforeAll(async () => {
    base = await listenForBrowser(app);
    const [projectId] = await twoProjects(app);
    const mentor = await mentorOf(app, projectId);
    mentorEmail = mentor.email;
    menteeId = (await createTestMentee(app, mentor)).id;
    employerEmail = (await createEmployer(app)).email;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function expectNoViolations(page: Page, what: string) {
    const violations = await axeViolations(page);
    expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  }

  /** Logged in from a browser with no cookies (one tab reused by the tests, `freshPage`). */
  async function loggedIn(email: string): Promise<Page> {
    const page = await freshPage(browser, { bypassCSP: true });
    await logInThroughPage(page, base, email, PASSWORD);
    return page;
  }

  it('the accessibility statement, imprint and privacy notice have no WCAG 2.1 AA violations, in German and English', async () => {
    const page = await freshPage(browser, { bypassCSP: true });
    for (const lang of ['de', 'en']) {
      for (const path of ['/accessibility', '/imprint', '/privacy']) {
        const response = await page.goto(`${base}${path}?lang=${lang}`);
        expect(response?.status()).toBe(200);
        expect(await page.locator('main h1').count()).toBe(1);
        await expectNoViolations(page, `${path} (${lang})`);
      }
    }
  });

  it("the erasure page, also with an error, has none either, and the summary's link takes the keyboard to the field", async () => {
    const page = await loggedIn(mentorEmail);
    await page.goto(`${base}/mentor/mentees/${menteeId}`);
    await expectNoViolations(page, 'mentee page with the new links');
    await page.goto(`${base}/mentor/mentees/${menteeId}/erase`);
    await expectNoViolations(page, 'erase page');
    await page.fill('#confirm', 'falsch');
    await submitAndLoad(page, 'main button[type=submit]');
    expect(await page.locator('#confirm-error').count()).toBe(1);
    await expectNoViolations(page, 'erase page with an error');
    await page.focus('.error-summary a[href="#confirm"]');
    await page.keyboard.press('Enter');
    expect(
      await page.evaluate(
        () => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id,
      ),
    ).toBe('confirm');
  });

  it('the page to delete an employer account, also with an error, has none', async () => {
    const page = await loggedIn(employerEmail);
    await page.goto(`${base}/employer/account/delete`);
    await expectNoViolations(page, 'delete account page');
    await page.fill('#password', 'falsch');
    await submitAndLoad(page, 'main button[type=submit]');
    expect(await page.locator('#password-error').count()).toBe(1);
    await expectNoViolations(page, 'delete account page with an error');
  });
});
