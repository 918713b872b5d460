import type { Browser, Page } from 'playwright-core';
import type { Agent } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, launchBrowser, listenForBrowser, logInThroughPage } from '../helpers/browser.ts';
import { useTestApp, csrfFrom, encodeForm, unique } from '../helpers/app.ts';
import { createEmployer, loginAs, PASSWORD, postVacancy } from '../helpers/factories.ts';
import { mentorOf } from '../matching/support.ts';
import { choices, createThroughForm, decode, errorSummaryLinks, fieldError, mainOf, textareaValue } from '../mentees/support.ts';

/** A day written the ISO way, which the employer's pages must never show (they write 06.12.2026). */
const ISO_DAY = /\d{4}-\d{2}-\d{2}/;
const NOTE = 'Wohnt bei der Tante in Radebeul, Kinder 3 und 5';
const LONG_TITLE = 'Fachkraft für Kreislaufwirtschaftsanlagenbetreuung und Abwasserbehandlungsanlagenüberwachung';

/** What a person reads of a page's main content: no tags, no attribute values (an input's value is not text). */
function visibleText(html: string): string {
  return decode(
    mainOf(html)
      .replace(/<(script|style)\b[\s\S]*?<\/\1>/g, ' ')
      .replace(/<[^<>]*>/g, ' '),
  ).replace(/\s+/g, ' ');
}

async function propose(mentor: Agent, menteeId: string, vacancyId: string): Promise<string> {
  const form = await mentor.get(`/mentor/mentees/${menteeId}/introductions/new?vacancyId=${vacancyId}`);
  const sent = await mentor
    .post(`/mentor/mentees/${menteeId}/introductions`)
    .type('form')
    .send(encodeForm({ _csrf: csrfFrom(form.text), vacancyId, message: '' }));
  expect(sent.status, sent.text.slice(0, 500)).toBe(303);
  return /\/mentor\/introductions\/([0-9a-f-]{36})/.exec(String(sent.headers.location))![1]!;
}

/** Sends the answer form as a browser without CSS or JavaScript does: every field of every answer, filled or not. */
async function answerAs(employer: Agent, id: string, values: Record<string, string>) {
  const page = await employer.get(`/employer/introductions/${id}`);
  const empty = { answer: '', date: '', time: '', trialDate: '', reason: '', reasonText: '', message: '' };
  return employer
    .post(`/employer/introductions/${id}/answer`)
    .type('form')
    .send(encodeForm({ _csrf: csrfFrom(page.text), ...empty, ...values }));
}

describe("the employer's side of an introduction", () => {
  const app = useTestApp();
  let employer: Agent;
  let employerEmail: string;
  let projectName: string;
  let named: Awaited<ReturnType<typeof mentorOf>>;
  let unnamed: Awaited<ReturnType<typeof mentorOf>>;
  let vacancyId: string;
  /** Brokered by the named mentor with a work contact. */
  let first: string;
  /** Brokered by a mentor with neither a display name nor a contact: the project stands in. */
  let second: string;
  /** Left open for the browser. */
  let third: string;
  let menteeIds: string[];

  beforeAll(async () => {
    const slug = unique('brücke').toLowerCase();
    projectName = `Projekt Brücke ${slug}`;
    const project = await app.db
      .insertInto('projects')
      .values({
        slug,
        name: projectName,
        carrier: 'Testträger',
        districts: [],
        towns: [],
        contact_phone: '0351 800 900',
        contact_email: `buero-${slug}@example.org`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    named = await mentorOf(app, project.id);
    unnamed = await mentorOf(app, project.id);
    await app.db
      .updateTable('accounts')
      .set({
        display_name: 'Maria Beispiel',
        contact_first_name: 'Maria',
        contact_phone: '0351 4711-22',
        contact_email: 'm.beispiel@projekt.example',
      })
      .where('id', '=', named.accountId)
      .execute();

    const created = await createEmployer(app);
    employerEmail = created.email;
    employer = await loginAs(app, employerEmail);
    vacancyId = await postVacancy(employer, { title: LONG_TITLE });
    menteeIds = [
      await createThroughForm(named.agent, { notes: NOTE, homeTown: 'Radebeul' }),
      await createThroughForm(unnamed.agent, { notes: NOTE, homeTown: 'Radebeul' }),
      await createThroughForm(named.agent, { notes: NOTE, homeTown: 'Radebeul' }),
    ];
    first = await propose(named.agent, menteeIds[0]!, vacancyId);
    second = await propose(unnamed.agent, menteeIds[1]!, vacancyId);
    third = await propose(named.agent, menteeIds[2]!, vacancyId);
  });
  it('names the mentor with a work phone and e-mail, and says to contact the mentor, never the person', async () => {
    const page = await employer.get(`/employer/introductions/${first}`);
    expect(page.status).toBe(200);
    const text = visibleText(page.text);
    expect(text).toContain('Ihre Ansprechperson');
    expect(text).toContain('Maria Beispiel');
    expect(text).toContain('Bitte wenden Sie sich an die Mentorin oder den Mentor, nicht direkt an die Person.');
    expect(page.text).toContain('href="tel:0351471122"');
    expect(page.text).toContain('href="mailto:m.beispiel@projekt.example"');
    // The project's contact stands in only for a mentor who set none.
    expect(text).not.toContain('0351 800 900');
    // Nothing that could reach or locate the person: not the mentor's notes, not the home town, not the record's id.
    for (const secret of [NOTE, 'Tante', 'Radebeul', menteeIds[0]!]) expect(page.text).not.toContain(secret);

    const english = await employer.get(`/employer/introductions/${first}?lang=en`);
    expect(visibleText(english.text)).toContain('Please contact the mentor, not the person directly.');
    // The choice of language sticks to the session: back to German for the rest.
    expect(visibleText((await employer.get(`/employer/introductions/${first}?lang=de`)).text)).toContain('Bitte wenden Sie sich');
    const json = await employer.get(`/employer/introductions/${first}`).set('accept', 'application/json');
    expect(json.body.contact).toEqual({
      name: 'Maria Beispiel',
      via: null,
      phone: '0351 4711-22',
      phoneHref: 'tel:0351471122',
      email: 'm.beispiel@projekt.example',
    });
  });

  it("falls back to 'your mentor from the project' and the project's contact when the mentor set neither name nor contact", async () => {
    const page = await employer.get(`/employer/introductions/${second}`);
    const text = visibleText(page.text);
    expect(text).toContain(`Ihre Mentorin / Ihr Mentor aus dem Projekt ${projectName}`);
    expect(text).toContain(`Erreichbar über das Projekt ${projectName}:`);
    expect(page.text).toContain('href="tel:0351800900"');
    expect(page.text).toContain(`href="mailto:buero-`);
    expect(text).not.toContain(unnamed.email);
  });

  it("ties each answer's fields to its radio: date and time to the interview, a day to trial work, reason and text to a decline", async () => {
    const html = (await employer.get(`/employer/introductions/${first}`)).text;
    const section = (answer: string) =>
      new RegExp(
        `id="answer-${answer}"[^>]*>[\\s\\S]*?</div>\\s*<div class="radio__conditional" id="answer-${answer}-fields">([\\s\\S]*?)</div>\\s*(?:<div class="radio">|</fieldset>)`,
      ).exec(html)?.[1] ?? '';
    expect(section('interview')).toMatch(/name="date"[\s\S]*name="time"/);
    expect(section('trial')).toMatch(/name="trialDate"/);
    expect(section('decline')).toMatch(/name="reason"[\s\S]*name="reasonText"/);
    expect(section('interview')).not.toMatch(/name="reason"/);
    expect(choices(html, 'answer')).toMatchObject({
      values: ['interested', 'interview', 'trial', 'decline'],
      checked: [],
      types: ['radio'],
    });
  });

  it('checks only the chosen answer: a decline without a reason names the reason alone and keeps every value', async () => {
    const response = await answerAs(employer, second, {
      answer: 'decline',
      date: 'übermorgen',
      time: '25:99',
      trialDate: 'nie',
      reasonText: 'Wir suchen jemanden mit Erfahrung',
      message: 'Danke!',
    });
    expect(response.status).toBe(422);
    expect(errorSummaryLinks(response.text)).toEqual([{ href: '#reason', text: 'Wählen Sie einen Grund für die Absage' }]);
    expect(fieldError(response.text, 'reason')).toBe('Wählen Sie einen Grund für die Absage');
    for (const other of ['date', 'time', 'trialDate']) expect(fieldError(response.text, other)).toBeUndefined();
    expect(choices(response.text, 'answer').checked).toEqual(['decline']);
    expect(textareaValue(response.text, 'reasonText')).toBe('Wir suchen jemanden mit Erfahrung');
    expect(textareaValue(response.text, 'message')).toBe('Danke!');
    const row = await app.db
      .selectFrom('introductions')
      .select(['status', 'decline_reason'])
      .where('id', '=', second)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'proposed', decline_reason: null });
  });

  it("ignores the fields of the answers not chosen: 'interested' with a stale reason, dates and a contact in the decline text goes through", async () => {
    const response = await answerAs(employer, second, {
      answer: 'interested',
      reason: 'nonsense',
      reasonText: 'Ruf an: 0151 9999999',
      date: 'x',
      time: 'y',
      trialDate: 'z',
    });
    expect(response.status).toBe(303);
    const row = await app.db
      .selectFrom('introductions')
      .select(['status', 'decline_reason', 'interview_at', 'trial_on'])
      .where('id', '=', second)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'interested', decline_reason: null, interview_at: null, trial_on: null });
    const events = await app.db
      .selectFrom('introduction_events')
      .select('detail')
      .where('introduction_id', '=', second)
      .where('to_status', '=', 'interested')
      .execute();
    expect(events.map((e) => e.detail)).toEqual([{}]);
  });

  it('reads the trial day as the page writes it (15.01.2099) and names its own field when it is missing', async () => {
    const missing = await answerAs(employer, second, { answer: 'trial', trialDate: '31.02.2099', date: '2099-01-10', reason: 'other' });
    expect(missing.status).toBe(422);
    expect(errorSummaryLinks(missing.text).map((l) => l.href)).toEqual(['#trialDate']);
    expect(fieldError(missing.text, 'trialDate')).toBe('Geben Sie den ersten Tag der Probearbeit an, zum Beispiel 15.01.2027');
    expect(visibleText(missing.text)).not.toMatch(ISO_DAY);

    expect((await answerAs(employer, second, { answer: 'trial', trialDate: '15.01.2099' })).status).toBe(303);
    const row = await app.db.selectFrom('introductions').select(['status', 'trial_on']).where('id', '=', second).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'trial', trial_on: '2099-01-15' });
  });

  it('declines with a reason and a few words, which reach the mentor', async () => {
    expect(
      (await answerAs(employer, second, { answer: 'decline', reason: 'availability', reasonText: 'Nur Frühschicht möglich', date: 'egal' }))
        .status,
    ).toBe(303);
    const row = await app.db
      .selectFrom('introductions')
      .select(['status', 'decline_reason'])
      .where('id', '=', second)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'declined', decline_reason: 'availability' });
    const mail = await app.db
      .selectFrom('mail_outbox')
      .select('body_text')
      .where('recipient', '=', unnamed.email)
      .where('kind', '=', 'introduction_answer')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(mail.body_text).toContain('Grund: Arbeitszeit passt nicht – Nur Frühschicht möglich');
  });

  it('tells the mentor the interview day and time in German, in Berlin time', async () => {
    // 09:30 on 4 July is summer time in Berlin (UTC+2): a notice written in UTC would say 07:30.
    expect((await answerAs(employer, first, { answer: 'interview', date: '2099-07-04', time: '09:30', reason: 'other' })).status).toBe(303);
    const row = await app.db
      .selectFrom('introductions')
      .select(['interview_at', 'decline_reason'])
      .where('id', '=', first)
      .executeTakeFirstOrThrow();
    expect(row.interview_at?.toISOString()).toBe('2099-07-04T07:30:00.000Z');
    expect(row.decline_reason).toBeNull();
    const mail = await app.db
      .selectFrom('mail_outbox')
      .select(['subject', 'body_text'])
      .where('recipient', '=', named.email)
      .where('kind', '=', 'introduction_answer')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(mail.body_text).toContain('Vorstellungsgespräch am 04.07.2099 um 09:30 Uhr');
    expect(mail.body_text).not.toMatch(ISO_DAY);
  });

  it('writes every date the way German does on the inbox, the card with its history and the vacancy list: never 2099-07-04', async () => {
    const card = visibleText((await employer.get(`/employer/introductions/${first}`)).text);
    expect(card).toContain('04.07.2099, 09:30'); // the interview, on the card and in the history
    const inbox = visibleText((await employer.get('/employer/introductions')).text);
    const today = new Intl.DateTimeFormat('de-DE', { dateStyle: 'medium', timeZone: 'Europe/Berlin' }).format(new Date());
    expect(inbox).toContain(today);
    const vacancies = visibleText((await employer.get('/employer/vacancies')).text);
    expect(vacancies).toContain(today);
    for (const [name, text] of Object.entries({ card, inbox, vacancies })) expect(text, name).not.toMatch(ISO_DAY);
  });

  describe('in Chromium on a 390 px phone', () => {
    let browser: Browser;
    let base: string;
    let page: Page;

    beforeAll(async () => {
      // The third introduction already has an interview, so the card shows a date and a history.
      expect((await answerAs(employer, third, { answer: 'interview', date: '2099-12-06', time: '14:00' })).status).toBe(303);
      base = await listenForBrowser(app);
      browser = await launchBrowser();
      const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 390, height: 844 } });
      context.setDefaultTimeout(10_000);
      page = await context.newPage();
      await logInThroughPage(page, base, employerEmail, PASSWORD);
    });
    afterAll(async () => {
      await browser?.close();
    });

    const pageWidth = () =>
      page.evaluate(
        () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
      );
    const pageText = () => page.locator('main').innerText();

    it('fits the inbox, the vacancy list and the card into 390 px, with dates as German writes them', { timeout: 60_000 }, async () => {
      for (const path of ['/employer/introductions', '/employer/vacancies', `/employer/introductions/${third}`]) {
        await page.goto(`${base}${path}`);
        expect(await pageWidth(), path).toBeLessThanOrEqual(390);
        const text = await pageText();
        expect(text, path).not.toMatch(ISO_DAY);
        expect(text, path).toMatch(/\d{2}\.\d{2}\.\d{4}/);
        const violations = await axeViolations(page);
        expect(violations, `${path}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
      }
      // Stacked on the phone: the title sits under its caption, not in a column beside three others.
      await page.goto(`${base}/employer/vacancies`);
      const cell = page.locator('tbody td', { hasText: LONG_TITLE }).first();
      expect(
        await cell.evaluate(
          (el) => (globalThis as unknown as { getComputedStyle: (e: unknown) => { display: string } }).getComputedStyle(el).display,
        ),
      ).toBe('block');
    });

    it("shows only the chosen answer's fields: choosing 'decline' reveals the reason and hides the date", { timeout: 60_000 }, async () => {
      await page.goto(`${base}/employer/introductions/${third}`);
      expect(await page.locator('main').innerText()).toContain('06.12.2099, 14:00');
      expect(await page.locator('#contact').innerText()).toContain('Maria Beispiel');
      expect(await page.locator('#contact a[href^="tel:"]').innerText()).toBe('0351 4711-22');
      for (const id of ['#date', '#time', '#trialDate', '#reason', '#reasonText'])
        expect(await page.locator(id).isVisible(), id).toBe(false);

      await page.getByLabel('Absage', { exact: true }).check();
      expect(await page.locator('#reason').isVisible()).toBe(true);
      expect(await page.locator('#reasonText').isVisible()).toBe(true);
      expect(await page.locator('#date').isVisible()).toBe(false);
      expect(await page.locator('#trialDate').isVisible()).toBe(false);

      await page.getByLabel('Einladung zum Vorstellungsgespräch').check();
      expect(await page.locator('#date').isVisible()).toBe(true);
      expect(await page.locator('#time').isVisible()).toBe(true);
      expect(await page.locator('#reason').isVisible()).toBe(false);
      expect(await pageWidth()).toBeLessThanOrEqual(390);

      // A decline sent without a reason comes back with the error at the reason, decline still chosen, the date still hidden.
      await page.getByLabel('Absage', { exact: true }).check();
      await page.getByRole('button', { name: 'Antwort senden' }).click();
      await page.waitForSelector('.error-summary');
      expect(await page.title()).toMatch(/^Fehler:/);
      expect(await page.locator('#reason-error').innerText()).toContain('Wählen Sie einen Grund für die Absage');
      expect(await page.getByLabel('Absage', { exact: true }).isChecked()).toBe(true);
      expect(await page.locator('#date').isVisible()).toBe(false);
      expect(await pageWidth()).toBeLessThanOrEqual(390);
      const violations = await axeViolations(page);
      expect(violations, JSON.stringify(violations, null, 1)).toEqual([]);

      await page.selectOption('#reason', 'distance');
      await page.getByRole('button', { name: 'Antwort senden' }).click();
      // A declined introduction has no card any more: the inbox says the decline was sent.
      await page.waitForURL(`${base}/employer/introductions?saved=declined`);
      expect(await page.getByRole('status').innerText()).toContain('Ihre Absage ist gesendet');
      const row = await app.db
        .selectFrom('introductions')
        .select(['status', 'decline_reason'])
        .where('id', '=', third)
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ status: 'declined', decline_reason: 'distance' });
    });
  });
});
