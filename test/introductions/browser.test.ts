import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/accounts/passwords.ts';
import { insertAccount } from '../../server/accounts/queries.ts';
import { todayInBerlin } from '../../server/time/berlin.ts';
import { axeViolations, launchBrowser, listenForBrowser } from '../helpers/browser.ts';
import { useTestApp, flushOutbox, unique } from '../helpers/app.ts';
import { createEmployer, PASSWORD } from '../helpers/factories.ts';
import { publishVacancy, twoProjects } from '../matching/support.ts';

/**
 * The brokering chain as two people live it, in a real browser: a mentor proposes a
 * mentee, the employer answers, the mentor records the placement and a follow-up
 * contact, the employer marks the vacancy filled. Every page on the way is checked with axe.
 */
describe('brokering end to end in a browser', () => {
  const app = useTestApp();
  let browser: Browser;
  let base: string;
  let mentorEmail: string;
  let employerEmail: string;
  let vacancyId: string;
  // An occupation and a town no other test combines, so the vacancy is among the mentee's first matches.
  const vacancyTitle = `Anlagenmechaniker SHK ${unique('b')}`;

  beforeAll(async () => {
    base = await listenForBrowser(app);

    const [projectId] = await twoProjects(app);
    mentorEmail = `${unique('mentor')}@example.org`;
    await insertAccount(app.db, {
      email: mentorEmail,
      passwordHash: await hashPassword(PASSWORD),
      role: 'mentor',
      employerId: null,
      projectId,
    });
    const employer = await createEmployer(app, { town: 'Plauen' });
    employerEmail = employer.email;
    const { employer_id: employerId } = await app.db
      .selectFrom('accounts')
      .select('employer_id')
      .where('id', '=', employer.accountId)
      .executeTakeFirstOrThrow();
    vacancyId = await publishVacancy(app, employerId!, {
      title: vacancyTitle,
      occupation: '34212',
      town: 'Plauen',
      workingTime: 'full',
      germanLevel: 'A2',
    });
    await flushOutbox(app);
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function expectAccessible(page: Page, what: string) {
    const violations = await axeViolations(page);
    expect(violations, `${what} (${page.url()}): ${JSON.stringify(violations, null, 1)}`).toEqual([]);
  }

  async function logIn(context: BrowserContext, email: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${base}/login`);
    await page.fill('#email', email);
    await page.fill('#password', PASSWORD);
    await page.locator('main button[type=submit]').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    return page;
  }

  const nav = (page: Page) => page.getByRole('navigation', { name: 'Hauptnavigation' });
  /** The element that has the keyboard focus (runs in the page, where globalThis is the window). */
  const focused = (page: Page) =>
    page.evaluate(() => {
      const element = (
        globalThis as unknown as { document: { activeElement: { tagName: string; id: string; textContent: string | null } | null } }
      ).document.activeElement;
      return { tag: element?.tagName, id: element?.id, text: element?.textContent?.trim() };
    });
  const statusOf = (page: Page) => page.locator('dt#status + dd');

  it(
    'a mentor proposes, the employer answers, the mentor places and follows up, the employer fills the vacancy',
    { timeout: 120_000 },
    async () => {
      const mentorContext = await browser.newContext({ locale: 'de-DE' });
      const employerContext = await browser.newContext({ locale: 'de-DE' });
      for (const context of [mentorContext, employerContext]) context.setDefaultTimeout(10_000);
      try {
        // 1. The mentor creates a profile with consent, opens its matches and proposes it for the vacancy.
        const mentor = await logIn(mentorContext, mentorEmail);
        await nav(mentor).getByRole('link', { name: 'Meine Mentees' }).click();
        await mentor.getByRole('link', { name: 'Neues Profil anlegen' }).click();
        await mentor.selectOption('#ageBand', '25to34');
        await mentor.selectOption('#germanLevel', 'B1');
        await mentor.selectOption('#schooling', 'secondary');
        await mentor.selectOption('#qualification', 'none');
        await mentor.fill('#desiredOccupations-0', '34212');
        // No kind is pre-ticked any more (issue 13): the mentee wants a job.
        await mentor.check('#desiredKinds-job');
        await mentor.fill('#homeTown', 'Plauen');
        await mentor.check('#consent');
        await mentor.locator('main form[action="/mentor/mentees"] button[type=submit]').click();
        // Saving lands on the new profile's matches (issue 13).
        await mentor.waitForURL(/\/mentor\/mentees\/[0-9a-f-]{36}\/matches\?saved=created/);
        const menteeId = /\/mentor\/mentees\/([0-9a-f-]{36})/.exec(mentor.url())![1]!;
        const code = (await app.db.selectFrom('mentees').select('code').where('id', '=', menteeId).executeTakeFirstOrThrow()).code;
        await flushOutbox(app);
        await expectAccessible(mentor, 'match list with the proposal forms');

        // The card proposes in one step; the optional message is folded away in it (issue 13). Keyboard only:
        // open the message, type it, Tab to the card's button, Enter.
        const cardOf = mentor.locator(`#match-${vacancyId}`);
        await cardOf.locator('summary').focus();
        await mentor.keyboard.press('Enter');
        await cardOf.locator('textarea[name=message]').focus();
        await mentor.keyboard.type('Sehr zuverlässig, hat einen Staplerschein.');
        await mentor.keyboard.press('Tab');
        expect(await focused(mentor)).toEqual({ tag: 'BUTTON', id: '', text: `Vorschlagen – ${vacancyTitle}` });
        await mentor.keyboard.press('Enter');
        await mentor.waitForURL(`${base}/mentor/mentees/${menteeId}/matches?saved=proposed#match-${vacancyId}`);
        await expect(mentor.getByRole('status').first().textContent()).resolves.toContain('Der Vorschlag ist gesendet');
        await mentor.getByRole('link', { name: `Vorschlag: Vorgeschlagen – ${vacancyTitle}` }).click();
        await mentor.waitForURL(/\/mentor\/introductions\/[0-9a-f-]{36}$/);
        const introductionId = /\/mentor\/introductions\/([0-9a-f-]{36})/.exec(mentor.url())![1]!;
        expect(await statusOf(mentor).textContent()).toContain('Vorgeschlagen');
        await expectAccessible(mentor, 'mentor introduction page');
        await flushOutbox(app);

        // 2. The employer finds the proposal in the inbox, marked new, and answers on the card.
        const employer = await logIn(employerContext, employerEmail);
        await nav(employer).getByRole('link', { name: 'Vorschläge', exact: true }).click();
        await employer.waitForURL(`${base}/employer/introductions`);
        const row = employer.locator('tbody tr', { hasText: code });
        expect(await row.locator('strong').textContent()).toBe('neu');
        expect(await row.textContent()).toContain(vacancyTitle);
        await expectAccessible(employer, 'employer inbox');

        await row.getByRole('link', { name: code }).click();
        await employer.waitForURL(`${base}/employer/introductions/${introductionId}`);
        expect(await employer.locator('h1').textContent()).toContain(code);
        await expectAccessible(employer, 'profile card');

        await employer.getByLabel('Einladung zum Vorstellungsgespräch').check();
        await employer.getByRole('button', { name: 'Antwort senden' }).click();
        await employer.waitForSelector('.error-summary');
        expect(await employer.title()).toMatch(/^Fehler:/);
        expect(await employer.locator('#date-error').textContent()).toContain('Geben Sie das Datum des Gesprächs an');
        expect(await employer.locator('#time-error').textContent()).toContain('Geben Sie die Uhrzeit des Gesprächs an');
        expect(await employer.getByLabel('Einladung zum Vorstellungsgespräch').isChecked()).toBe(true);
        await expectAccessible(employer, 'profile card with an incomplete answer');
        await employer.locator('.error-summary a[href="#date"]').click();
        expect(await focused(employer)).toMatchObject({ tag: 'INPUT', id: 'date' });
        await employer.locator('#date').fill('2099-01-15');
        await employer.getByLabel('Uhrzeit').fill('10:00');
        await employer.getByRole('button', { name: 'Antwort senden' }).click();
        await employer.waitForURL(/\?saved=answered/);
        await expect(employer.getByRole('status').textContent()).resolves.toContain('Ihre Antwort ist gesendet');
        expect(await statusOf(employer).textContent()).toContain('Vorstellungsgespräch');

        // 3. The mentor sees the new status on the board, records the placement and a follow-up contact.
        await nav(mentor).getByRole('link', { name: 'Meine Vorschläge', exact: true }).click();
        await mentor.waitForURL(`${base}/mentor/pipeline`);
        const interviews = mentor.locator('section[aria-labelledby="col-interview"]');
        expect(await interviews.textContent()).toContain(`${code} – ${vacancyTitle}`);
        await expectAccessible(mentor, 'pipeline');

        await interviews.getByRole('link', { name: `${code} – ${vacancyTitle}` }).click();
        await mentor.waitForURL(`${base}/mentor/introductions/${introductionId}`);
        expect(await statusOf(mentor).textContent()).toContain('Vorstellungsgespräch');
        const today = todayInBerlin();
        await mentor.getByLabel('Arbeit', { exact: true }).check();
        await mentor.getByLabel('Beginn').fill(today);
        await mentor.getByLabel('Sozialversicherungspflichtig').check();
        await mentor.getByRole('button', { name: 'Vermittlung speichern' }).click();
        await mentor.waitForURL(/\?saved=placed/);
        await expect(mentor.getByRole('status').textContent()).resolves.toContain('Die Vermittlung ist gespeichert');
        expect(await statusOf(mentor).textContent()).toContain('Vermittelt');

        const placement = await app.db
          .selectFrom('placements')
          .selectAll()
          .where('introduction_id', '=', introductionId)
          .executeTakeFirstOrThrow();
        expect(placement).toMatchObject({
          kind: 'job',
          start_date: today,
          socially_insured: true,
          qualification_adequate: false,
          mentee_id: menteeId,
        });
        await mentor.getByRole('link', { name: 'Zur Vermittlung und Nachbetreuung' }).click();
        await mentor.waitForURL(`${base}/mentor/placements/${placement.id}`);
        expect(await mentor.locator('#placement-facts').textContent()).toContain(vacancyTitle);
        await expectAccessible(mentor, 'placement page');

        const contactForm = mentor.locator('form[action$="/follow-ups"]');
        expect(await contactForm.getByLabel('Datum des Kontakts').inputValue()).toBe(today);
        await contactForm.getByLabel('Sprache').check();
        await contactForm.getByLabel('Kinderbetreuung').check();
        await contactForm.getByLabel('Abbruchgefahr').check();
        await contactForm.getByLabel('Notiz', { exact: true }).fill('Schwierigkeiten mit der Fachsprache, Kita-Platz fehlt.');
        await contactForm.getByRole('button', { name: 'Kontakt speichern' }).click();
        await mentor.waitForURL(/\?saved=contact/);
        const contacts = mentor.locator('#contacts');
        const contact = await contacts.textContent();
        for (const text of ['Abbruchgefahr', 'Sprache', 'Kinderbetreuung', 'Kita-Platz fehlt']) expect(contact).toContain(text);
        await expectAccessible(mentor, 'placement page with a contact');

        // 4. The employer marks the vacancy filled; the public page no longer offers it.
        await employer.reload();
        expect(await statusOf(employer).textContent()).toContain('Vermittelt');
        await employer.getByRole('button', { name: 'Stelle als besetzt markieren' }).click();
        await employer.waitForURL(/\?saved=filled/);
        await expect(employer.getByRole('status').textContent()).resolves.toContain('nicht mehr in der Suche');
        await flushOutbox(app);

        // A filled vacancy is closed: its page says so with 410 Gone (and links to similar ones), no longer 404.
        const gone = await employer.goto(`${base}/vacancies/${vacancyId}`);
        expect(gone?.status()).toBe(410);
        expect(await employer.locator('main').textContent()).toContain('Diese Stelle ist nicht mehr frei');
      } finally {
        await mentorContext.close();
        await employerContext.close();
      }
    },
  );
});
