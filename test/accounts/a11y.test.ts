import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, unique } from '../helpers/app.ts';
import { axeViolations, freshPage, launchBrowser, listenForBrowser, logInThroughPage } from '../helpers/browser.ts';
import { createEmployer, PASSWORD } from '../helpers/factories.ts';
import { mailsTo, tokenIn } from './security-support.ts';

// Password reset, registration with confirmation and the account page in Chromium, on a
// 390 px wide phone: each page and error state without axe violations and without sideways
// scrolling. The browser sends Origin and Sec-Fetch-Site, so the forms also pass that check.
describe('account security pages in a real browser', () => {
  const app = useTestApp();
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    base = await listenForBrowser(app);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function phone(): Promise<Page> {
    // No cookies, as a new browser would be; one tab reused by the tests (`freshPage`).
    const page = await freshPage(browser, { bypassCSP: true, viewport: { width: 390, height: 844 } });
    // A step that does not happen fails with what it waited for, within the test's time.
    page.setDefaultTimeout(8_000);
    return page;
  }

  async function expectUsable(page: Page, what: string) {
    const violations = await axeViolations(page);
    expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
    const width = await page.evaluate(
      () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
    );
    expect(width, `${what} scrolls sideways`).toBeLessThanOrEqual(390);
  }

  it('resets a forgotten password from the login page to the next login', async () => {
    const { email } = await createEmployer(app);
    const page = await phone();
    await page.goto(`${base}/login`);
    await page.click('text=Passwort vergessen?');
    await expectUsable(page, '/password/forgot');
    await page.fill('#email', email);
    await page.click('main button[type=submit]');
    await page.waitForURL(`${base}/password/forgot/sent`);
    await expectUsable(page, '/password/forgot/sent');

    const token = tokenIn((await mailsTo(app, email))[0]!.body_text, '/password/reset');
    await page.goto(`${base}/password/reset?token=${token}`);
    await expectUsable(page, '/password/reset');
    await page.fill('#password', 'passwort12345');
    await page.fill('#passwordRepeat', 'passwort12345');
    await page.click('main button[type=submit]');
    await page.waitForSelector('.error-summary');
    expect(await page.title()).toMatch(/^Fehler:/);
    await expectUsable(page, '/password/reset with errors');

    await page.fill('#password', 'Wolke Fahrrad Tasse 7');
    await page.fill('#passwordRepeat', 'Wolke Fahrrad Tasse 7');
    await page.click('main button[type=submit]');
    await page.waitForURL(/\/login\?notice=password-reset$/);
    expect(await page.textContent('main [role=status]')).toContain('Ihr Passwort ist neu gesetzt');
    await expectUsable(page, '/login with a notice');
    await logInThroughPage(page, base, email, 'Wolke Fahrrad Tasse 7');
  });

  it('registers, confirms by the e-mailed link and lands logged in', async () => {
    const email = `${unique('reg')}@example.org`;
    const page = await phone();
    await page.goto(`${base}/register`);
    await page.fill('#organisation', `Gärtnerei ${unique()}`);
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await page.fill('#town', 'Leipzig');
    await page.click('main button[type=submit]');
    await page.waitForURL(`${base}/register/sent`);
    await expectUsable(page, '/register/sent');

    const token = tokenIn((await mailsTo(app, email))[0]!.body_text, '/register/confirm');
    await page.goto(`${base}/register/confirm?token=${token}`);
    await expectUsable(page, '/register/confirm');
    await page.click('main button[type=submit]');
    await page.waitForURL(/\/employer\/vacancies\?saved=welcome$/);
  });

  it('changes the password and logs out everywhere from the account page', async () => {
    const { email } = await createEmployer(app);
    const page = await phone();
    await logInThroughPage(page, base, email, PASSWORD);
    await page.goto(`${base}/account`);
    await expectUsable(page, '/account');

    await page.fill('#currentPassword', 'not-the-password');
    await page.fill('#password', 'Wolke Fahrrad Tasse 7');
    await page.fill('#passwordRepeat', 'Wolke Fahrrad Tasse 7');
    await page.click('form[action="/account/password"] button[type=submit]');
    await page.waitForSelector('.error-summary');
    await expectUsable(page, '/account with errors');

    await page.fill('#currentPassword', PASSWORD);
    await page.fill('#password', 'Wolke Fahrrad Tasse 7');
    await page.fill('#passwordRepeat', 'Wolke Fahrrad Tasse 7');
    await page.click('form[action="/account/password"] button[type=submit]');
    await page.waitForURL(/\/account\?notice=password-changed$/);
    await expectUsable(page, '/account after the change');

    await page.click('form[action="/account/sessions/end"] button[type=submit]');
    await page.waitForURL(/\/login\?notice=logged-out-everywhere$/);
    expect(await page.textContent('main [role=status]')).toContain('auf allen Geräten abgemeldet');
  });
});
