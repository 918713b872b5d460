import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { useTestApp, unique } from '../helpers/app.ts';
import { launchBrowser, listenForBrowser } from '../helpers/browser.ts';
import { createEmployer, loginAs, postVacancy } from '../helpers/factories.ts';

const TERMS = { weeklyHours: '40', contract: 'permanent', applyViaMentor: 'on', payKind: 'amount', payMin: '2500', payUnit: 'month' };

const app = useTestApp();
let browser: Browser;
let origin: string;
let id: string;
const title = `Koch </script><!-- ${unique()}`;

beforeAll(async () => {
  const employer = await loginAs(app, (await createEmployer(app)).email);
  id = await postVacancy(employer, { ...TERMS, title });
  origin = await listenForBrowser(app);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

it('Chromium reads the JSON-LD data block under the CSP without a violation, and prints the vacancy without header, navigation and footer', async () => {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  // Runs in the page: any CSP violation shows up as a console error.
  await page.addInitScript({
    content: "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective));",
  });
  const response = await page.goto(`${origin}/vacancies/${id}`);
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  const posting = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? 'null');
  expect(posting.title).toBe(title);
  expect(await page.locator('h1').textContent()).toBe(title);
  expect(problems).toEqual([]);

  await page.emulateMedia({ media: 'print' });
  for (const selector of ['.site-header', '.site-footer', '.language-switch']) expect(await page.locator(selector).isVisible()).toBe(false);
  expect(await page.locator('h1').isVisible()).toBe(true);
  expect(await page.locator('.facts').isVisible()).toBe(true);
  await page.close();
});
