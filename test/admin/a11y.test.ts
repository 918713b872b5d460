import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../server/audit/service.ts';
import { axeViolations, launchBrowser, listenForBrowser } from '../helpers/browser.ts';
import { useTestApp } from '../helpers/app.ts';
import { createEmployer, PASSWORD } from '../helpers/factories.ts';
import { createAdmin } from './support.ts';

describe('accessibility of the administration pages, in a real browser', () => {
  const app = useTestApp();
  let browser: Browser;
  let base: string;
  let email: string;

  beforeAll(async () => {
    base = await listenForBrowser(app);
    const admin = await createAdmin(app);
    email = admin.email;
    // Rows for the lists' tables (the run's database may be fresh).
    const employer = await createEmployer(app);
    await audit(
      app.db,
      { id: admin.accountId, role: 'admin' },
      'account.disabled',
      { type: 'account', id: employer.accountId },
      { email: employer.email },
    );
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('the start page, the lists, the project form and the audit log have no WCAG 2.1 AA violations, also in their error states', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const check = async (label: string) => {
      const violations = await axeViolations(page);
      expect(violations, `${label}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
    };
    const open = async (path: string) => {
      const response = await page.goto(base + path);
      expect(response?.status(), path).toBeLessThan(500);
      await check(path);
    };
    try {
      await page.goto(`${base}/login`);
      await page.fill('#email', email);
      await page.fill('#password', PASSWORD);
      await page.click('main button[type=submit]');
      // Admins start on the administration's start page.
      await page.waitForURL(`${base}/admin`);

      for (const path of [
        '/admin',
        '/admin/projects',
        '/admin/projects/new',
        '/admin/accounts?role=admin',
        '/admin/employers',
        '/admin/audit',
        '/admin/audit?from=gestern',
      ])
        await open(path);

      await page.goto(`${base}/admin/projects/new`);
      await page.fill('#name', 'Barrierefrei');
      await page.fill('#towns', 'Atlantis');
      await page.fill('#contactUrl', 'ftp://example.org');
      await page.click('main button[type=submit]');
      await page.waitForSelector('.error-summary');
      expect(await page.title()).toMatch(/^Fehler:/);
      expect(await page.inputValue('#name')).toBe('Barrierefrei');
      await check('/admin/projects/new (error state)');
    } finally {
      await context.close();
    }
  });
});
