import type { Browser, Page } from 'playwright-core';
import { axeViolations, freshPage, launchBrowser, listenForBrowser } from '../helpers/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.ts';
import { PASSWORD } from '../helpers/factories.ts';
import { createAdmin, inviteThroughForm, loginAsAdmin } from '../helpers/admin.ts';

describe('accessibility of the mentoring, invitation and admin pages, in a real browser', () => {
  const app = useTestApp();
  let browser: Browser;
  let base: string;
  let adminEmail: string;

  beforeAll(async () => {
    base = await listenForBrowser(app);
    adminEmail = (await createAdmin(app)).email;
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function check(label: string, prepare: (page: Page) => Promise<void>) {
    // A page with no cookies, as a new browser would be (one tab reused: starting a tab cost more than the check).
    const page = await freshPage(browser, { bypassCSP: true });
    await prepare(page);
    const violations = await axeViolations(page);
    expect(violations, `${label}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  }

  const publicPages = ['/mentoring', '/mentoring?town=Dresden', '/mentoring?town=Seifhennersdorf', '/mentoring?town=Dresden&lang=en'];
  it.each(publicPages.map((p) => [p]))('%s has no WCAG 2.1 AA violations', async (path) => {
    await check(path, async (page) => {
      await page.goto(base + path);
    });
  });

  it('the find-your-mentor form in its error state has no violations', async () => {
    await check('/mentoring (error state)', async (page) => {
      await page.goto(`${base}/mentoring`);
      await page.fill('#town', 'Atlantis');
      await page.click('main button[type=submit]');
      await page.waitForSelector('.error-summary');
      expect(await page.title()).toMatch(/^Fehler:/);
    });
  });

  it('the invitation form, its error state and the not-valid page have no violations', async () => {
    const { path } = await inviteThroughForm(await loginAsAdmin(app));
    await check(path, async (page) => {
      await page.goto(base + path);
      expect(await page.locator('#password').count()).toBe(1);
    });
    await check(`${path} (error state)`, async (page) => {
      await page.goto(base + path);
      await page.fill('#displayName', 'Ana');
      await page.fill('#password', 'short');
      await page.click('main button[type=submit]');
      await page.waitForSelector('.error-summary');
      expect(await page.title()).toMatch(/^Fehler:/);
      expect(await page.getAttribute('.error-summary a[href="#password"]', 'href')).toBe('#password');
      expect(await page.inputValue('#displayName')).toBe('Ana');
    });
    await check('/invitations/<unknown>', async (page) => {
      const response = await page.goto(`${base}/invitations/${'x'.repeat(43)}`);
      expect(response?.status()).toBe(410);
    });
  });

  it('the admin invitations page, with a new link, its error state and the list, has no violations', async () => {
    const login = async (page: Page) => {
      await page.goto(`${base}/login`);
      await page.fill('#email', adminEmail);
      await page.fill('#password', PASSWORD);
      await page.click('main button[type=submit]');
      await page.waitForURL(`${base}/admin`);
      await page.goto(`${base}/admin/invitations`);
    };
    await check('/admin/invitations', login);
    await check('/admin/invitations (link created)', async (page) => {
      await login(page);
      await page.fill('#email', `a11y-${Date.now()}@example.org`);
      await page.check('#role-mentor');
      await page.selectOption('#project', 'aul-dresden');
      await page.click('main form[action="/admin/invitations"] button[type=submit]');
      await page.waitForSelector('#invitation-link');
      expect(await page.inputValue('#invitation-link')).toMatch(/\/invitations\/[A-Za-z0-9_-]{43}$/);
    });
    await check('/admin/invitations (error state)', async (page) => {
      await login(page);
      await page.fill('#email', 'not-an-address');
      await page.check('#role-mentor');
      await page.selectOption('#project', '');
      await page.click('main form[action="/admin/invitations"] button[type=submit]');
      await page.waitForSelector('.error-summary');
      expect(await page.title()).toMatch(/^Fehler:/);
    });
  });
});
