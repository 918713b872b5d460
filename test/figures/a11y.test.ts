import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/accounts/passwords.ts';
import { insertAccount } from '../../server/accounts/queries.ts';
import { SESSION_COOKIE } from '../../server/plugins/auth.ts';
import { useTestApp, csrfFrom, encodeForm, unique } from '../helpers/app.ts';
import { axeViolations, launchBrowser, listenForBrowser, submitAndLoad } from '../helpers/browser.ts';
import { PASSWORD } from '../helpers/factories.ts';
import { createFigureFixture, type FigureFixture } from './fixture.ts';

/** The cookie the login form's token is bound to before there is a session (server/plugins/auth.ts). */
const ANON_COOKIE = 'jb_anon';

describe('the figures page in a real browser', () => {
  const app = useTestApp();
  let browser: Browser;
  let base: string;
  let email: string;
  let fixture: FigureFixture;

  beforeAll(async () => {
    base = await listenForBrowser(app);
    fixture = await createFigureFixture(app);
    email = `${unique('coordinator')}@example.org`;
    await insertAccount(app.db, {
      email,
      passwordHash: await hashPassword(PASSWORD),
      role: 'coordinator',
      employerId: null,
      projectId: null,
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await fixture?.cleanUp();
  });

  /**
   * A browser holding a coordinator's session. The session comes from the real login form (token, cookie,
   * password check) submitted by the server-side client: these tests are about the figures page, and the
   * login page has browser tests of its own.
   */
  async function loggedIn(viewport = { width: 1280, height: 900 }): Promise<Page> {
    const form = await app.inject({ method: 'GET', url: '/login' });
    const anon = form.cookies.find((c) => c.name === ANON_COOKIE)?.value ?? '';
    const login = await app.inject({
      method: 'POST',
      url: '/login',
      cookies: { [ANON_COOKIE]: anon },
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: encodeForm({ _csrf: csrfFrom(form.body), email, password: PASSWORD }),
    });
    const session = login.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
    expect(session, `login answered ${login.statusCode}`).toBeTruthy();
    // No bypassCSP: the charts must draw under the real Content Security Policy.
    const context = await browser.newContext({ viewport });
    await context.addCookies([{ name: SESSION_COOKIE, value: session!, url: base }]);
    return context.newPage();
  }

  it('has no WCAG 2.1 AA violations with figures, in German and English, nor in its error state', async () => {
    const page = await loggedIn();
    const cspErrors: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) cspErrors.push(message.text());
    });
    try {
      for (const lang of ['de', 'en']) {
        const response = await page.goto(`${base}/coordinator/figures?from=2025-04&to=2025-09&project=${fixture.projectId}&lang=${lang}`);
        expect(response?.status()).toBe(200);
        expect(await page.locator('svg[role="img"] rect').count()).toBeGreaterThan(0);
        const violations = await axeViolations(page);
        expect(violations, `${lang}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
      }
      // The month fields as a person uses them: a later first month than the last is refused, both kept.
      await page.goto(`${base}/coordinator/figures?lang=de`);
      expect(await page.getAttribute('#from', 'type')).toBe('month');
      await page.fill('#from', '2025-09');
      await page.fill('#to', '2025-04');
      await submitAndLoad(page, 'main form button[type=submit]');
      expect(await page.locator('.error-summary').count()).toBe(1);
      expect([await page.inputValue('#from'), await page.inputValue('#to')]).toEqual(['2025-09', '2025-04']);
      expect(await page.locator('#to-error').textContent()).toContain(
        'Der letzte Monat muss derselbe wie der erste sein oder danach liegen',
      );
      let violations = await axeViolations(page);
      expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
      // A day inside a month (an old link) is kept as typed, in a text field, with its own message.
      await page.goto(`${base}/coordinator/figures?from=2025-04-02&to=2025-09&lang=de`);
      expect(await page.getAttribute('#from', 'type')).toBe('text');
      expect(await page.inputValue('#from')).toBe('2025-04-02');
      expect(await page.locator('#from-error').textContent()).toContain('Kennzahlen gibt es nur für ganze Monate');
      violations = await axeViolations(page);
      expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);
      expect(cspErrors).toEqual([]);
    } finally {
      await page.context().close();
    }
  }, 120_000);

  it('does not scroll sideways on a 390 px phone nor on a 1280 px desktop, with figures or errors', async () => {
    for (const width of [390, 1280]) {
      const page = await loggedIn({ width, height: 844 });
      try {
        for (const path of [
          `/coordinator/figures?from=2025-04&to=2025-09&project=${fixture.projectId}&lang=de`,
          `/coordinator/figures?from=2025-04&to=2025-09&project=all&lang=en`,
          '/coordinator/figures?from=2025-04-02&to=morgen&lang=de',
        ]) {
          await page.goto(`${base}${path}`);
          // What sticks out, to name it when the assertion fails.
          const wide = await page.evaluate((limit) => {
            const doc = (
              globalThis as unknown as {
                document: {
                  querySelectorAll(s: string): ArrayLike<{
                    tagName: string;
                    id: string;
                    getAttribute(name: string): string | null;
                    getBoundingClientRect(): { right: number };
                  }>;
                };
              }
            ).document;
            return Array.from(doc.querySelectorAll('body *'))
              .filter((el) => el.getBoundingClientRect().right > limit + 1)
              .slice(0, 5)
              .map((el) => `${el.tagName}#${el.id}.${el.getAttribute('class') ?? ''} ${Math.round(el.getBoundingClientRect().right)}`);
          }, width);
          const scrollWidth = await page.evaluate(
            () =>
              (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
          );
          expect(scrollWidth, `${width} px ${path}: ${wide.join(', ')}`).toBeLessThanOrEqual(width);
        }
        // The charts scale with the page rather than holding their drawn width.
        await page.goto(`${base}/coordinator/figures?from=2025-04&to=2025-09&project=${fixture.projectId}`);
        const chartWidth = await page
          .locator('svg.chart')
          .first()
          .evaluate((svg) => svg.getBoundingClientRect().width);
        expect(chartWidth).toBeLessThanOrEqual(width);
        expect(chartWidth).toBeGreaterThan(width === 390 ? 300 : 400);
      } finally {
        await page.context().close();
      }
    }
  }, 120_000);
});
