import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, flushOutbox, unique } from '../helpers/app.ts';
import { axeViolations, freshPage, launchBrowser, listenForBrowser, logInThroughPage } from '../helpers/browser.ts';
import { createEmployer, loginAs, PASSWORD, postVacancy } from '../helpers/factories.ts';

/*
 * Issue 12 on a 390 px phone, in Chromium: the public vacancy page with its pay and how-to-apply
 * blocks (German and Arabic), the employer's vacancy form with its pay and application fieldsets
 * (empty and in its error state) and the search page's sort and "pay at least" controls. Each page
 * must not scroll sideways and must have no axe (WCAG 2.1 AA) violation.
 */

const PHONE = { width: 390, height: 844 };

const app = useTestApp();
let browser: Browser;
let base: string;
let employerEmail: string;
let vacancyId: string;
const word = unique('telefon').replace(/\d/g, (d) => 'bcdfghjklm'[Number(d)]!);

beforeAll(async () => {
  base = await listenForBrowser(app);
  const employer = await createEmployer(app, { organisation: `Landschaftsgärtnereifachbetrieb ${unique()}` });
  employerEmail = employer.email;
  const agent = await loginAs(app, employer.email);
  // Long unbroken values: the ones that push a phone page sideways if anything does.
  vacancyId = await postVacancy(agent, {
    title: `Garten- und Landschaftsbauhelferin ${word} (m/w/d)`,
    applyDirect: 'on',
    contactName: 'Frau Dr. Hannelore Schubert-Oberländer',
    contactEmail: 'bewerbungen.garten-und-landschaftsbau@landschaftsgaertnerei-dresden.example.org',
    contactPhone: '+49 351 12345678',
    applicationUrl: 'https://karriere.landschaftsgaertnerei-dresden.example.org/stellenangebote/garten-und-landschaftsbau/bewerbung',
    payAgreement: 'Tarifvertrag Garten-, Landschafts- und Sportplatzbau Sachsen',
    payGroup: 'Lohngruppe 3',
  });
  await flushOutbox(app);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** A phone-sized page with no cookies (no CSP, so axe can be injected), handed to `use`; one tab reused (`freshPage`). */
async function onPhone<T>(use: (page: Page) => Promise<T>): Promise<T> {
  return use(await freshPage(browser, { viewport: PHONE, bypassCSP: true }));
}

/** No sideways scrolling and no axe violation on the page as it is now. */
async function expectFitsAndAccessible(page: Page, what: string) {
  const scrollWidth = await page.evaluate(
    () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
  );
  expect(scrollWidth, `${what}: scrollWidth`).toBeLessThanOrEqual(PHONE.width);
  const violations = await axeViolations(page);
  expect(violations, `${what}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

async function top(page: Page, selector: string): Promise<number> {
  const box = await page.locator(selector).boundingBox();
  expect(box, selector).not.toBeNull();
  return box!.y;
}

describe('the public vacancy page on a 390 px phone', () => {
  it.each([
    ['German', ''],
    ['Arabic', '?lang=ar'],
  ])('in %s: no sideways scrolling, no axe violation, pay and how to apply before the description', async (_language, query) => {
    await onPhone(async (page) => {
      await page.goto(`${base}/vacancies/${vacancyId}${query}`);
      await expect(page.locator('#pay').textContent()).resolves.toMatch(/2\.400|2,400|2400/);
      await expect(page.locator('#apply a[href^="mailto:"]').textContent()).resolves.toContain('bewerbungen.garten-und-landschaftsbau@');
      await expectFitsAndAccessible(page, `/vacancies/:id${query}`);
      const description = await top(page, '#description-heading');
      expect(await top(page, '.pay')).toBeLessThan(description);
      expect(await top(page, '#apply')).toBeLessThan(description);
      // Pay and the next step are on the first screen.
      expect(await top(page, '#apply-heading')).toBeLessThan(PHONE.height);
      // The blocks stay inside the screen (a right-to-left page mirrored, not shifted off it).
      for (const selector of ['.pay', '#apply']) {
        const box = (await page.locator(selector).boundingBox())!;
        expect(box.x, selector).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width, selector).toBeLessThanOrEqual(PHONE.width);
      }
    });
  });
});

describe("the employer's new-vacancy form on a 390 px phone", () => {
  it('empty: no sideways scrolling, no axe violation', async () => {
    await onPhone(async (page) => {
      await logInThroughPage(page, base, employerEmail, PASSWORD);
      await page.goto(`${base}/employer/vacancies/new`);
      await page.locator('#pay-group').waitFor();
      await expectFitsAndAccessible(page, '/employer/vacancies/new');
    });
  });

  it('in its error state (pay and application fields wrong): no sideways scrolling, no axe violation', async () => {
    await onPhone(async (page) => {
      await logInThroughPage(page, base, employerEmail, PASSWORD);
      await page.goto(`${base}/employer/vacancies/new`);
      await page.check('#payKind-range');
      await page.fill('#payMin', 'viel');
      await page.check('#applyDirect');
      await page.fill('#contactEmail', 'bewerbung at firma');
      await page.click('main button[type=submit][value=publish]');
      await page.waitForSelector('.error-summary');
      expect(await page.title()).toMatch(/^Fehler:/);
      await expect(page.locator('#payMin-error').textContent()).resolves.toBeTruthy();
      await expect(page.locator('#contactEmail-error').textContent()).resolves.toBeTruthy();
      await expect(page.locator('#payMin').inputValue()).resolves.toBe('viel');
      await expectFitsAndAccessible(page, 'vacancy form, error state');
    });
  });
});

describe('the search page with sort and "pay at least" on a 390 px phone', () => {
  const searches: [string, string][] = [
    ['German results sorted by pay', `/vacancies?q=${word}&town=Dresden&radiusKm=25&minPayMonthly=2000&sort=pay`],
    ['Arabic results sorted by pay', `/vacancies?q=${word}&town=Dresden&radiusKm=25&minPayMonthly=2000&sort=pay&lang=ar`],
    ['German error: nearest first without a town', '/vacancies?sort=nearest&minPayMonthly=2000'],
    ['Arabic error: nearest first without a town', '/vacancies?sort=nearest&minPayMonthly=2000&lang=ar'],
    ['German error: pay that is not a number', '/vacancies?town=Dresden&radiusKm=25&minPayMonthly=viel&sort=pay'],
    ['Arabic error: pay that is not a number', '/vacancies?town=Dresden&radiusKm=25&minPayMonthly=viel&sort=pay&lang=ar'],
  ];
  it.each(searches)('%s: no sideways scrolling, no axe violation', async (what, path) => {
    await onPhone(async (page) => {
      await page.goto(base + path);
      if (what.includes('error')) {
        // GOV.UK: a summary linking to the field, the message next to it, the value kept.
        const field = path.includes('viel') ? 'minPayMonthly' : 'town';
        await expect(page.locator(`.error-summary a[href="#${field}"]`).count()).resolves.toBe(1);
        await expect(page.locator(`#${field}-error`).count()).resolves.toBe(1);
        await expect(page.locator(`#${field}`).getAttribute('aria-describedby')).resolves.toContain(`${field}-error`);
        await expect(page.locator('#minPayMonthly').inputValue()).resolves.toBe(path.includes('viel') ? 'viel' : '2000');
      } else {
        await expect(page.locator('.cards').textContent()).resolves.toContain(word);
      }
      // The sort hint is read with the select.
      await expect(page.locator('#sort').getAttribute('aria-describedby')).resolves.toContain('sort-hint');
      await expectFitsAndAccessible(page, what);
    });
  });
});
