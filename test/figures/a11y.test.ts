import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/accounts/passwords.ts';
import { insertAccount } from '../../server/accounts/queries.ts';
import { buildTestApp, unique } from '../helpers/app.ts';
import { axeViolations, launchBrowser, listenForBrowser, logInThroughPage } from '../helpers/browser.ts';
import { PASSWORD } from '../helpers/factories.ts';
import { createFigureFixture, type FigureFixture } from './fixture.ts';

describe('the figures page in a real browser', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let email: string;
  let fixture: FigureFixture;

  beforeAll(async () => {
    app = await buildTestApp();
    base = await listenForBrowser(app);
    fixture = await createFigureFixture(app);
    email = `${unique('coordinator')}@example.org`;
    await insertAccount(app.db, { email, passwordHash: await hashPassword(PASSWORD), role: 'coordinator', employerId: null, projectId: null });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await fixture?.cleanUp();
    await app?.close();
  });

  async function loggedIn(): Promise<Page> {
    // No bypassCSP: the charts must draw under the real Content Security Policy.
    const context = await browser.newContext();
    const page = await context.newPage();
    await logInThroughPage(page, base, email, PASSWORD);
    return page;
  }

  it('has no WCAG 2.1 AA violations with figures, in German and English, nor in its error state', async () => {
    const page = await loggedIn();
    const cspErrors: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) cspErrors.push(message.text());
    });
    try {
      for (const lang of ['de', 'en']) {
        const response = await page.goto(`${base}/coordinator/figures?from=2025-04-01&to=2025-09-30&project=${fixture.projectId}&lang=${lang}`);
        expect(response?.status()).toBe(200);
        expect(await page.locator('svg[role="img"] rect').count()).toBeGreaterThan(0);
        const violations = await axeViolations(page);
        expect(violations, `${lang}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
      }
      await page.goto(`${base}/coordinator/figures?lang=de`);
      await page.fill('#from', '31.02.2025');
      await Promise.all([page.waitForLoadState('load'), page.click('main form button[type=submit]')]);
      expect(await page.locator('.error-summary').count()).toBe(1);
      expect(await page.inputValue('#from')).toBe('31.02.2025');
      const violations = await axeViolations(page);
      expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
      expect(cspErrors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});
