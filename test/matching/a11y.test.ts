import type { Browser } from 'playwright-core';
import { axeViolations, freshPage, launchBrowser, listenForBrowser, logInThroughPage } from '../helpers/browser.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useTestApp, flushOutbox } from '../helpers/app.ts';
import { PASSWORD } from '../helpers/factories.ts';
import { searchWord } from '../search/support.ts';
import { createTestMentee, employerOf, mentorOf, publishVacancy, twoProjects } from './support.ts';

describe('the match pages in a real browser', () => {
  const app = useTestApp();
  let browser: Browser;
  let base: string;
  let email: string;
  let menteeId: string;
  let vacancyId: string;
  const word = searchWord();

  beforeAll(async () => {
    base = await listenForBrowser(app);
    const [project] = await twoProjects(app);
    const mentor = await mentorOf(app, project);
    email = mentor.email;
    const { employerId } = await employerOf(app);
    vacancyId = await publishVacancy(app, employerId, { occupation: '29302', title: `Koch ${word}`, town: 'Dresden', germanLevel: 'A2' });
    await publishVacancy(app, employerId, { occupation: '29302', title: `Koch Pirna ${word}`, town: 'Pirna', germanLevel: 'B2' });
    ({ id: menteeId } = await createTestMentee(app, mentor, { desiredOccupations: ['29302'], germanLevel: 'B1' }));
    await flushOutbox(app);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it.each([['matches'], ['candidates']])('the %s page has no WCAG 2.1 AA violations, in German and English', async (which) => {
    const page = await freshPage(browser, { bypassCSP: true });
    await logInThroughPage(page, base, email, PASSWORD);
    const path = which === 'matches' ? `/mentor/mentees/${menteeId}/matches` : `/mentor/vacancies/${vacancyId}/candidates`;
    for (const lang of ['de', 'en']) {
      const response = await page.goto(`${base}${path}?lang=${lang}`);
      expect(response?.status()).toBe(200);
      expect(await page.locator('.card').count()).toBeGreaterThan(0);
      const violations = await axeViolations(page);
      expect(violations, `${path} (${lang}): ${JSON.stringify(violations, null, 1)}`).toEqual([]);
    }
  });
});
