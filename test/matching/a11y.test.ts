import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, flushOutbox } from '../helpers/app.ts';
import { PASSWORD } from '../helpers/factories.ts';
import { searchWord } from '../search/support.ts';
import { createTestMentee, employerOf, mentorOf, publishVacancy, twoProjects } from './support.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation { id: string; impact: string; help: string; nodes: { target: string[] }[] }

/** axe-core's WCAG 2.0/2.1 A and AA rules, run in the page. */
async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

describe('the match pages in a real browser', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let email: string;
  let menteeId: string;
  let vacancyId: string;
  const word = searchWord();

  beforeAll(async () => {
    app = await buildTestApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const [project] = await twoProjects(app);
    const mentor = await mentorOf(app, project);
    email = mentor.email;
    const { employerId } = await employerOf(app);
    vacancyId = await publishVacancy(app, employerId, { occupation: '29302', title: `Koch ${word}`, town: 'Dresden', germanLevel: 'A2' });
    await publishVacancy(app, employerId, { occupation: '29302', title: `Koch Pirna ${word}`, town: 'Pirna', germanLevel: 'B2' });
    ({ id: menteeId } = await createTestMentee(app, mentor, { desiredOccupations: ['29302'], germanLevel: 'B1' }));
    await flushOutbox(app);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it.each([['matches'], ['candidates']])('the %s page has no WCAG 2.1 AA violations, in German and English', async (which) => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    try {
      await page.goto(`${base}/login`);
      await page.fill('#email', email);
      await page.fill('#password', PASSWORD);
      await page.click('main button[type=submit]');
      await page.waitForURL((url) => !url.pathname.startsWith('/login'));
      const path = which === 'matches' ? `/mentor/mentees/${menteeId}/matches` : `/mentor/vacancies/${vacancyId}/candidates`;
      for (const lang of ['de', 'en']) {
        const response = await page.goto(`${base}${path}?lang=${lang}`);
        expect(response?.status()).toBe(200);
        expect(await page.locator('.card').count()).toBeGreaterThan(0);
        const violations = await axeViolations(page);
        expect(violations, `${path} (${lang}): ${JSON.stringify(violations, null, 1)}`).toEqual([]);
      }
    } finally {
      await context.close();
    }
  });
});
