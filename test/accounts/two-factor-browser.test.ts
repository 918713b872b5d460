import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser, listenForBrowser } from '../helpers/browser.ts';
import { useTestApp } from '../helpers/app.ts';
import { createEmployer, PASSWORD } from '../helpers/factories.ts';

describe('two-factor pages in a real browser on a 390 px phone', () => {
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

  /** No WCAG 2.1 AA violations and nothing wider than the screen. */
  async function check(page: Page, label: string) {
    const violations = await axeViolations(page);
    expect(violations, `${label}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
    const width = await page.evaluate(
      () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
    );
    expect(width, label).toBeLessThanOrEqual(390);
  }

  const code = (secret: string, stepsAhead = 0) => generate({ secret, epoch: Math.floor(Date.now() / 1000) + stepsAhead * 30 });

  it('enrols with the QR code shown under the real CSP, then asks for the code at the next login', async () => {
    const { email } = await createEmployer(app);
    // The real Content Security Policy (no bypass): the QR code must load as a data: image.
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    try {
      await page.goto(`${base}/login`);
      await page.fill('#email', email);
      await page.fill('#password', PASSWORD);
      await page.click('main button[type=submit]');
      await page.waitForURL(`${base}/employer/vacancies`);

      await page.goto(`${base}/account/two-factor`);
      const qrWidth = await page.$eval('img.qr-code', (img) => (img as unknown as { naturalWidth: number }).naturalWidth);
      expect(qrWidth).toBeGreaterThan(0);
      await check(page, 'enrolment');
      const secret = (await page.textContent('[data-secret]'))!.replace(/\s/g, '');

      await page.fill('#code', '12');
      await page.click('main button[type=submit]');
      await page.waitForSelector('.error-summary');
      expect(await page.title()).toMatch(/^Fehler:/);
      await check(page, 'enrolment with an error');

      await page.fill('#code', await code(secret));
      await page.click('main button[type=submit]');
      await page.waitForSelector('.recovery-codes');
      expect(await page.locator('.recovery-codes li').count()).toBe(10);
      await check(page, 'recovery codes');

      await context.clearCookies();
      await page.goto(`${base}/login`);
      await page.fill('#email', email);
      await page.fill('#password', PASSWORD);
      await page.click('main button[type=submit]');
      await page.waitForURL(`${base}/login/two-factor`);
      await check(page, 'second step');
      await page.fill('#code', '000000' === (await code(secret, 1)) ? '111111' : '000000');
      await page.click('main button[type=submit]');
      await page.waitForSelector('.error-summary');
      await check(page, 'second step with an error');
      await page.fill('#code', await code(secret, 1));
      await page.click('main button[type=submit]');
      await page.waitForURL(`${base}/employer/vacancies`);
    } finally {
      await context.close();
    }
  });
});
