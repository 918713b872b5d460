import type { Browser, Page } from 'playwright-core';
import { axeViolations, freshPage, launchBrowser, listenForBrowser, logInThroughPage } from '../helpers/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, flushOutbox, unique } from '../helpers/app.ts';
import { createEmployer, PASSWORD, postVacancy, loginAs } from '../helpers/factories.ts';
import { hashPassword } from '../../server/accounts/passwords.ts';
import { insertAccount } from '../../server/accounts/queries.ts';

describe('accessibility of every public page and the forms, in a real browser', () => {
  const app = useTestApp();
  let browser: Browser;
  let base: string;
  let vacancyId: string;
  let employerEmail: string;
  const word = unique('barrierefrei');

  beforeAll(async () => {
    base = await listenForBrowser(app);
    const employer = await createEmployer(app);
    employerEmail = employer.email;
    const agent = await loginAs(app, employer.email);
    vacancyId = await postVacancy(agent, { title: `Lagerhelfer ${word} (m/w/d)` });
    await flushOutbox(app);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function check(path: string, prepare?: (page: Page) => Promise<void>) {
    // A page with no cookies, as a new browser would be (one tab reused: starting a tab cost more than the check).
    const page = await freshPage(browser, { bypassCSP: true });
    if (prepare) await prepare(page);
    else await page.goto(base + path);
    const violations = await axeViolations(page);
    expect(violations, `${path}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  }

  const publicPages = [
    '/',
    '/?lang=en',
    `/vacancies?q=${word}&town=Dresden&radiusKm=25`,
    '/vacancies?q=nichtsdergleichen',
    '/vacancies/:id',
    '/about',
    '/login',
    '/register',
    '/does-not-exist',
  ];
  it.each(publicPages.map((p) => [p]))('%s has no WCAG 2.1 AA violations', async (path) => {
    // the vacancy is created in beforeAll, after the test names are fixed
    await check(path.replace(':id', vacancyId));
  });

  it('the search form in its error state has no violations', async () => {
    await check('/vacancies?town=Atlantis&radiusKm=25');
  });

  it('the login and registration forms in their error states have no violations', async () => {
    await check('/login', async (page) => {
      await page.goto(`${base}/login`);
      await page.fill('#email', 'not-an-address');
      await page.click('button[type=submit]:not(.link-button)');
      await page.waitForSelector('.error-summary');
    });
    await check('/register', async (page) => {
      await page.goto(`${base}/register`);
      await page.fill('#organisation', 'X');
      await page.fill('#password', 'short');
      await page.click('main button[type=submit]');
      await page.waitForSelector('.error-summary');
      expect(await page.title()).toMatch(/^Fehler:/);
    });
  });

  it('the mentor pages: mentee list, profile form and its error state have no violations', async () => {
    const project = await app.db.selectFrom('projects').select('id').orderBy('id').executeTakeFirstOrThrow();
    const email = `${unique('mentor')}@example.org`;
    await insertAccount(app.db, {
      email,
      passwordHash: await hashPassword(PASSWORD),
      role: 'mentor',
      employerId: null,
      projectId: project.id,
    });
    const login = async (page: Page) => {
      await logInThroughPage(page, base, email, PASSWORD);
    };
    let menteeUrl = '';
    await check('/mentor/mentees/new (error state)', async (page) => {
      await login(page);
      await page.goto(`${base}/mentor/mentees/new`);
      await page.fill('#notes', 'mail: someone@example.org');
      await page.click('main form[action="/mentor/mentees"] button[type=submit]');
      await page.waitForSelector('.error-summary');
      expect(await page.title()).toMatch(/^Fehler:/);
    });
    await check('/mentor/mentees/new → created', async (page) => {
      await login(page);
      await page.goto(`${base}/mentor/mentees/new`);
      await page.selectOption('#ageBand', '25to34');
      await page.selectOption('#germanLevel', 'A2');
      await page.selectOption('#schooling', 'secondary');
      await page.selectOption('#qualification', 'none');
      await page.fill('#desiredOccupations-0', 'Fachkraft für Lagerlogistik (51312)');
      await page.fill('#homeTown', 'Dresden');
      // No kind is ticked in advance (issue 13): the mentor says what the person wants.
      await page.check('#desiredKinds-job');
      await page.click('main form[action="/mentor/mentees"] button[type=submit]');
      await page.waitForURL(/saved=created/);
      menteeUrl = page.url();
    });
    expect(menteeUrl).toMatch(/\/mentor\/mentees\/[0-9a-f-]{36}/);
    await check('/mentor/mentees', async (page) => {
      await login(page);
      await page.goto(`${base}/mentor/mentees`);
    });
  }, 90_000);

  it('the employer pages and the vacancy form in its error state have no violations', async () => {
    const login = async (page: Page) => {
      await page.goto(`${base}/login`);
      await page.fill('#email', employerEmail);
      await page.fill('#password', PASSWORD);
      await page.click('main button[type=submit]');
      await page.waitForURL(/\/employer\/vacancies/);
    };
    await check('/employer/vacancies', login);
    await check('/employer/vacancies/new (error state)', async (page) => {
      await login(page);
      await page.goto(`${base}/employer/vacancies/new`);
      await page.fill('#title', 'ab');
      await page.click('main form[action="/employer/vacancies"] button[type=submit]');
      await page.waitForSelector('.error-summary');
      expect(await page.title()).toMatch(/^Fehler:/);
      // the error summary links to the field
      expect(await page.getAttribute('.error-summary a[href="#title"]', 'href')).toBe('#title');
    });
    await check(`/employer/vacancies/${vacancyId}`, async (page) => {
      await login(page);
      await page.goto(`${base}/employer/vacancies/${vacancyId}`);
    });
  });
});
