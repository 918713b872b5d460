import { createHash } from 'node:crypto';
import QRCode from 'qrcode';
import type { Browser, Page } from 'playwright-core';
import type { Agent } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALE_INFO, translate, type Locale } from '../../server/i18n/index.ts';
import { occupationName } from '../../server/occupations/catalogue.ts';
import { useTestApp, agentFor, unique } from '../helpers/app.ts';
import { axeViolations, launchBrowser, listenForBrowser, sessionCookies } from '../helpers/browser.ts';
import { createEmployer, loginAs, PASSWORD, postVacancy } from '../helpers/factories.ts';
import { closeVacancy } from '../search/support.ts';
import { createTestMentee, csrfOf, mentorOf, postForm, twoProjects } from './support.ts';

/*
 * The share link on a mentee's phone (server/shortlists/shared-*): the mentor's work contact set at
 * /mentor/contact, the list with each vacancy's facts in the link's language, the expiry date, a page per
 * vacancy within the link, the same "invalid" page for anything that is not on the list, and the QR code
 * on the mentor's page. Against the real PostgreSQL.
 */

const PUBLIC_URL = 'http://portal.test';
const app = useTestApp({ config: { publicUrl: PUBLIC_URL } });
let employer: Agent;
let mine: { agent: Agent; accountId: string; projectId: number; email: string };
let other: { agent: Agent; accountId: string; projectId: number; email: string };

beforeAll(async () => {
  const [projectA, projectB] = await twoProjects(app);
  mine = await mentorOf(app, projectA);
  other = await mentorOf(app, projectB);
  employer = await loginAs(app, (await createEmployer(app)).email);
});

const apprenticeship = (overrides: Record<string, string | string[]> = {}) => ({
  kind: 'apprenticeship',
  occupation: '11522',
  durationMonths: '36',
  title: `Ausbildung Tierpflege ${unique()}`,
  summary: 'Sie pflegen Tiere. Sie füttern sie und machen die Ställe sauber.',
  description: `Wir bilden im Zoo aus. Sie lernen alles über Tiere. ${unique('beschreibung')}`,
  town: 'Dresden',
  postcode: '01067',
  germanLevel: 'A2',
  workingTime: 'full',
  startDate: '2027-08-01',
  support: ['language_course'],
  // The vacancy form's newer required answers (how to apply, hours, contract or school level); ignored by a form without them.
  applyViaMentor: 'on',
  weeklyHours: '39',
  contract: 'permanent',
  schoolLevel: 'any',
  ...overrides,
});

/** Handlebars writes `=` in attribute values as &#x3D;. */
const decoded = (html: string) => html.replaceAll('&#x3D;', '=').replaceAll('&amp;', '&').replaceAll('&#x27;', "'");

const contactRow = (accountId: string) =>
  app.db
    .selectFrom('accounts')
    .select(['contact_first_name', 'contact_phone', 'contact_email'])
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();

async function saveContact(agent: Agent, values: Record<string, string>) {
  return postForm(agent, '/mentor/contact', { _csrf: await csrfOf(agent), ...values });
}

async function addToList(agent: Agent, menteeId: string, vacancyId: string) {
  const added = await agent
    .post(`/mentor/mentees/${menteeId}/shortlist`)
    .set('Accept', 'application/json')
    .set('x-csrf-token', await csrfOf(agent))
    .send({ vacancyId });
  expect(added.status).toBe(201);
}

/** Creates a share link through the mentor's form; the page and the token it shows. */
async function createLink(agent: Agent, menteeId: string, values: Record<string, string> = {}) {
  const page = await postForm(agent, `/mentor/mentees/${menteeId}/share-links`, { _csrf: await csrfOf(agent), ...values });
  expect(page.status).toBe(200);
  const token = /http:\/\/portal\.test\/s\/([A-Za-z0-9_-]{43})/.exec(page.text)?.[1];
  expect(token).toBeDefined();
  return { page, token: token! };
}

describe('what mentees see of their mentor (/mentor/contact)', () => {
  it('refuses bad input next to each field with 422, keeping what was typed, and writes nothing', async () => {
    const page = await saveContact(mine.agent, { firstName: '', phone: '0351 abc', email: 'anna-at-projekt' });
    expect(page.status).toBe(422);
    expect(page.text).toContain('<title>Fehler:');
    expect(page.text).toContain('<a href="#firstName">Geben Sie den Vornamen ein, den Mentees sehen sollen</a>');
    expect(page.text).toMatch(
      /<p class="error-message" id="phone-error">[\s\S]*?Geben Sie eine Telefonnummer nur mit Ziffern, Leerzeichen und \+ \/ - \( \) ein<\/p>/,
    );
    expect(page.text).toMatch(/<p class="error-message" id="email-error">[\s\S]*?Geben Sie eine E-Mail-Adresse im richtigen Format ein/);
    expect(page.text).toMatch(/id="phone" name="phone" type="tel" value="0351 abc"/);
    expect(decoded(page.text)).toMatch(/id="email" name="email" type="email" value="anna-at-projekt"/);
    expect(page.text).toMatch(/aria-describedby="phone-hint phone-error"/);

    const nameOnly = await saveContact(mine.agent, { firstName: 'Anna', phone: '', email: '' });
    expect(nameOnly.status).toBe(422);
    expect(nameOnly.text).toContain('<a href="#phone">Geben Sie eine Telefonnummer oder eine E-Mail-Adresse für die Arbeit ein</a>');
    expect(nameOnly.text).toMatch(/id="firstName" name="firstName" type="text" value="Anna"/);

    const tooLong = await saveContact(mine.agent, { firstName: 'A'.repeat(41), phone: '1'.repeat(31), email: 'a@b.de' });
    expect(tooLong.status).toBe(422);
    expect(tooLong.text).toContain('Der Vorname darf höchstens 40 Zeichen lang sein');
    expect(tooLong.text).toContain('Die Telefonnummer darf höchstens 30 Zeichen lang sein');

    const json = await mine.agent
      .post('/mentor/contact')
      .set('Accept', 'application/json')
      .set('x-csrf-token', await csrfOf(mine.agent))
      .send({ firstName: 'Anna', phone: ['1'] });
    expect(json.status).toBe(422);
    expect(Object.keys(json.body.error.fields)).toEqual(['phone']);

    expect(await contactRow(mine.accountId)).toEqual({ contact_first_name: null, contact_phone: null, contact_email: null });
  });

  it('saves a name with a work phone and e-mail, shows them again, and clears them when all three are empty', async () => {
    const saved = await saveContact(mine.agent, { firstName: '  Anna ', phone: '+49 351 / 123-45', email: 'Anna@Projekt-Beispiel.de' });
    expect(saved.status).toBe(303);
    expect(saved.headers.location).toBe('/mentor/contact?saved=1');
    expect(await contactRow(mine.accountId)).toEqual({
      contact_first_name: 'Anna',
      contact_phone: '+49 351 / 123-45',
      contact_email: 'anna@projekt-beispiel.de',
    });
    const form = await mine.agent.get('/mentor/contact?saved=1');
    expect(form.status).toBe(200);
    expect(form.text).toContain('Gespeichert.');
    expect(form.text).toMatch(/id="firstName" name="firstName" type="text" value="Anna"/);

    const colleague = await mentorOf(app, mine.projectId);
    expect((await saveContact(colleague.agent, { firstName: 'Otto', phone: '', email: 'otto@example.org' })).status).toBe(303);
    expect(await contactRow(colleague.accountId)).toEqual({
      contact_first_name: 'Otto',
      contact_phone: null,
      contact_email: 'otto@example.org',
    });
    expect((await saveContact(colleague.agent, { firstName: '', phone: '', email: '' })).status).toBe(303);
    expect(await contactRow(colleague.accountId)).toEqual({ contact_first_name: null, contact_phone: null, contact_email: null });
  });

  it('is the mentor’s page only, linked from “My account” and the shortlist page', async () => {
    expect((await employer.get('/mentor/contact')).status).toBe(403);
    expect((await agentFor(app).get('/mentor/contact')).status).toBe(302);
    expect((await mine.agent.get('/account')).text).toContain('href="/mentor/contact"');
    const mentee = await createTestMentee(app, mine);
    const shortlist = await mine.agent.get(`/mentor/mentees/${mentee.id}/shortlist`);
    expect(shortlist.text).toContain('Mentees sehen auf den Links: Anna mit Telefon oder E-Mail für die Arbeit.');
  });
});

describe('the share link on a phone', () => {
  let menteeCode: string;
  let token: string;
  let listed: { id: string; title: string }[];
  let foreign: string;
  let closed: string;
  const notes = `Notiz ${unique()}`;

  beforeAll(async () => {
    expect(
      (await saveContact(mine.agent, { firstName: 'Anna', phone: '+49 351 / 123-45', email: 'anna@projekt-beispiel.de' })).status,
    ).toBe(303);
    const mentee = await createTestMentee(app, mine, { homeTown: 'Radebeul', locale: 'ar', notes });
    menteeCode = mentee.code;
    const first = await postVacancy(employer, apprenticeship({ workingTime: 'part' }));
    const second = await postVacancy(
      employer,
      apprenticeship({ kind: 'job', occupation: '51312', durationMonths: '', startDate: '', support: [] }),
    );
    closed = await postVacancy(employer, apprenticeship());
    foreign = await postVacancy(employer, apprenticeship());
    for (const id of [first, second, closed]) await addToList(mine.agent, mentee.id, id);
    await closeVacancy(employer, closed);
    const rows = await app.db.selectFrom('vacancies').select(['id', 'title']).where('id', 'in', [first, second]).execute();
    listed = [first, second].map((id) => rows.find((r) => r.id === id)!);
    token = (await createLink(mine.agent, mentee.id)).token;
  });

  const expiryOf = async (locale: Locale) => {
    const hash = createHash('sha256').update(token).digest('hex');
    const link = await app.db.selectFrom('share_links').select('expires_at').where('token_hash', '=', hash).executeTakeFirstOrThrow();
    return new Intl.DateTimeFormat(LOCALE_INFO[locale].intl, { dateStyle: 'medium', timeZone: 'Europe/Berlin' }).format(link.expires_at);
  };

  it.each(['ar', 'uk'] as const)(
    'shows in %s the list, each vacancy’s facts, the expiry date and the mentor’s work contact, nothing about the mentee',
    async (lang) => {
      const url = lang === 'ar' ? `/s/${token}` : `/s/${token}?lang=${lang}`; // the link speaks Arabic (the mentee's language) unless she switches
      const page = await agentFor(app).get(url);
      expect(page.status).toBe(200);
      const html = decoded(page.text);
      expect(html).toContain(`<html lang="${lang}" dir="${LOCALE_INFO[lang].dir}"`);
      const t = (key: string, vars?: Record<string, unknown>) => translate(lang, key, vars);
      for (const label of [
        'vacancy.fields.kind',
        'vacancy.fields.occupation',
        'vacancy.fields.town',
        'vacancy.fields.germanLevel',
        'vacancy.fields.workingTime',
        'vacancy.fields.startDate',
      ]) {
        expect(html, label).toContain(`<dt>${t(label)}</dt>`);
      }
      expect(html).toContain(`<dd>${t('values.kind.apprenticeship')}</dd>`);
      expect(html).toContain(`<dd>${t('values.kind.job')}</dd>`);
      expect(html).toContain(`<dd>${t('values.workingTime.part')}</dd>`);
      expect(html).toContain(`<dd>${occupationName('11522', lang)}</dd>`);
      expect(occupationName('11522', lang)).not.toBe(occupationName('11522', 'de'));
      expect(html).toContain(await expiryOf(lang));
      // Employer-written words stay German, links stay within the share link (with the chosen language).
      const langQuery = lang === 'ar' ? '' : `?lang=${lang}`;
      for (const vacancy of listed) {
        expect(html).toContain(
          `<h2 class="card__title" lang="de" dir="auto"><a href="/s/${token}/v/${vacancy.id}${langQuery}">${vacancy.title}</a></h2>`,
        );
      }
      expect(html).toContain('<p lang="de" dir="auto">Sie pflegen Tiere. Sie füttern sie und machen die Ställe sauber.</p>');
      // Who to call: the first name and the work contact the mentor set, the number kept left to right.
      expect(html).toContain('<bdi>Anna</bdi>');
      expect(html).toContain('<a href="tel:+4935112345" dir="ltr">+49 351 / 123-45</a>');
      expect(html).toContain('<a href="mailto:anna@projekt-beispiel.de" dir="ltr">anna@projekt-beispiel.de</a>');
      for (const secret of [menteeCode, 'Radebeul', notes, mine.email]) expect(html).not.toContain(secret);
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      expect(page.headers['cache-control']).toBe('no-store');
    },
  );

  it('opens each vacancy within the link, with the way back to the list at the top and the bottom', async () => {
    const [vacancy] = listed;
    const page = await agentFor(app).get(`/s/${token}/v/${vacancy!.id}?lang=uk`);
    expect(page.status).toBe(200);
    const html = decoded(page.text);
    expect(html).toContain('<html lang="uk" dir="ltr"');
    const back = `<a href="/s/${token}?lang=uk">${translate('uk', 'shortlists.shared.back')}</a>`;
    expect(html.split(back)).toHaveLength(3);
    expect(html.indexOf(back)).toBeLessThan(html.indexOf('<h1'));
    expect(html.lastIndexOf(back)).toBeGreaterThan(html.indexOf('id="contact-heading"'));
    expect(html).toContain(`<h1 lang="de" dir="auto">${vacancy!.title}</h1>`);
    expect(html).toMatch(/<p class="pre-line" lang="de" dir="auto">Wir bilden im Zoo aus\./);
    expect(html).toContain(`<li>${translate('uk', 'values.support.language_course')}</li>`);
    expect(html).toContain(translate('uk', 'shortlists.shared.inGerman'));
    expect(html).toContain('<a href="tel:+4935112345" dir="ltr">+49 351 / 123-45</a>');
    expect(html).toContain(await expiryOf('uk'));
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['x-robots-tag']).toBe('noindex');

    // Without ?lang= the page speaks the link's language, and its back link says nothing about a language.
    const arabic = decoded((await agentFor(app).get(`/s/${token}/v/${vacancy!.id}`)).text);
    expect(arabic).toContain('<html lang="ar" dir="rtl"');
    expect(arabic).toContain(`<a href="/s/${token}">${translate('ar', 'shortlists.shared.back')}</a>`);
  });

  it('answers a vacancy not on the list, no longer advertised or made up with the same page as an invalid link', async () => {
    const phone = agentFor(app);
    const unknownToken = Buffer.alloc(32, 9).toString('base64url');
    const normalise = (html: string, used: string) => html.replaceAll(used, 'PATH');
    const check = async (paths: string[], expected: string) => {
      for (const path of paths) {
        const response = await phone.get(path);
        expect(response.status, path).toBe(404);
        expect(normalise(response.text, path), path).toBe(expected);
        expect(response.headers['referrer-policy'], path).toBe('no-referrer');
        expect(response.headers['cache-control'], path).toBe('no-store');
        expect(response.headers['x-robots-tag'], path).toBe('noindex');
      }
    };
    // A link that does not work: the same German page as an unknown token, whatever vacancy follows.
    const invalid = await phone.get(`/s/${unknownToken}`);
    expect(invalid.status).toBe(404);
    expect(invalid.text).toContain('Dieser Link gilt nicht mehr.');
    await check([`/s/${unknownToken}/v/${listed[0]!.id}`, `/s/kurz/v/${listed[0]!.id}`], normalise(invalid.text, `/s/${unknownToken}`));
    // A working link and a vacancy not on its list: that same page, in the link's language (Arabic).
    const inArabic = await agentFor(app).get(`/s/${unknownToken}`).set('Cookie', 'jb_lang=ar');
    expect(inArabic.text).toContain(`<html lang="ar" dir="rtl"`);
    expect(inArabic.text).toContain(translate('ar', 'shortlists.shared.invalid'));
    await check(
      [
        `/s/${token}/v/${foreign}`,
        `/s/${token}/v/${closed}`,
        `/s/${token}/v/00000000-0000-4000-8000-000000000000`,
        `/s/${token}/v/not-a-uuid`,
      ],
      normalise(inArabic.text, `/s/${unknownToken}`),
    );
    // Logged in or not makes no difference: the token is the only key.
    expect((await other.agent.get(`/s/${token}/v/${foreign}`)).status).toBe(404);
  });

  it('shows no contact while the mentor has set none, or once the mentor’s account is disabled', async () => {
    const quiet = await mentorOf(app, mine.projectId);
    const mentee = await createTestMentee(app, quiet, { locale: 'de' });
    await addToList(quiet.agent, mentee.id, listed[0]!.id);
    const link = (await createLink(quiet.agent, mentee.id)).token;
    const none = await agentFor(app).get(`/s/${link}`);
    expect(none.status).toBe(200);
    expect(none.text).not.toContain('href="tel:');
    expect(none.text).not.toContain('href="mailto:');
    expect(none.text).toContain('Sie möchten sich bewerben?');

    expect((await saveContact(quiet.agent, { firstName: 'Karl', phone: '0351 99', email: '' })).status).toBe(303);
    expect((await agentFor(app).get(`/s/${link}`)).text).toContain('<a href="tel:035199" dir="ltr">0351 99</a>');
    await app.db.updateTable('accounts').set({ disabled_at: new Date() }).where('id', '=', quiet.accountId).execute();
    const gone = await agentFor(app).get(`/s/${link}`);
    expect(gone.status).toBe(200);
    expect(gone.text).not.toContain('Karl');
    expect(gone.text).not.toContain('href="tel:');
  });

  it('answers JSON with the same facts for a client that asks for it', async () => {
    const json = await agentFor(app).get(`/s/${token}`).set('Accept', 'application/json');
    expect(json.status).toBe(200);
    expect(json.body.locale).toBe('ar');
    expect(json.body.contact).toEqual({
      firstName: 'Anna',
      phone: '+49 351 / 123-45',
      phoneHref: 'tel:+4935112345',
      email: 'anna@projekt-beispiel.de',
    });
    expect(json.body.vacancies.map((v: { id: string }) => v.id).sort()).toEqual(listed.map((v) => v.id).sort());
    expect(JSON.stringify(json.body)).not.toContain(menteeCode);
  });
});

/** The dark modules an SVG from qrcode's renderer draws: "M x y.5" starts a row, "m dx dy" moves, "h n" draws n modules. */
function modulesOf(svg: string, margin: number): Set<string> {
  const path = /<path stroke="#000000" d="([^"]+)"/.exec(svg)?.[1] ?? '';
  const dark = new Set<string>();
  let x = 0;
  let y = 0;
  for (const [, op, a, b] of path.matchAll(/([MmHhVv])(-?[\d.]+)(?: (-?[\d.]+))?/g)) {
    const first = Number(a);
    if (op === 'M') [x, y] = [first, Number(b)];
    else if (op === 'm') [x, y] = [x + first, y + Number(b)];
    else if (op === 'h') {
      for (let i = 0; i < first; i++) dark.add(`${x + i - margin},${Math.floor(y) - margin}`);
      x += first;
    }
  }
  return dark;
}

describe('the QR code on the mentor’s page', () => {
  it('encodes the new link as inline SVG with an accessible name, the whole link as text above it', async () => {
    const mentee = await createTestMentee(app, mine);
    const { page, token } = await createLink(mine.agent, mentee.id);
    const url = `${PUBLIC_URL}/s/${token}`;
    const figure = /<div class="qr-code">([\s\S]*?)<\/div>\s*<p>([\s\S]*?)<\/p>\s*<\/div>/.exec(page.text);
    expect(figure, 'the QR block').not.toBeNull();
    expect(figure![1]).toMatch(
      /^\s*<div role="img" aria-label="QR-Code mit dem Link"><svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="240" height="240" viewBox="0 0 \d+ \d+"/,
    );
    expect(figure![1]).not.toMatch(/style=|<script|href=/);
    expect(figure![2]).toContain('scannen');
    const linkAt = page.text.indexOf(`<span id="new-link" dir="ltr">${url}</span>`);
    expect(linkAt).toBeGreaterThan(-1);
    expect(linkAt).toBeLessThan(page.text.indexOf('<div class="qr-code">'));

    // The drawn modules are exactly the QR code of the link (level M), so a phone camera reads the link.
    const expected = QRCode.create(url, { errorCorrectionLevel: 'M' }).modules;
    const drawn = modulesOf(figure![1]!, 1);
    const want = new Set<string>();
    for (let row = 0; row < expected.size; row++)
      for (let col = 0; col < expected.size; col++) if (expected.get(row, col)) want.add(`${col},${row}`);
    expect(drawn.size).toBeGreaterThan(200);
    expect([...drawn].sort()).toEqual([...want].sort());
    expect(page.headers['content-security-policy']).toContain("img-src 'self'");
  });
});

describe('in Chromium on a phone', () => {
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    base = await listenForBrowser(app);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  /** A phone-sized browser context, logged in as the mentor. */
  async function mentorContext(email: string) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    await context.addCookies(await sessionCookies(base, email, PASSWORD));
    return context;
  }

  /** axe's violations and the widths (390 and 320 px) at which the page scrolls sideways. */
  async function problemsOf(page: Page, where: string): Promise<string[]> {
    const problems = (await axeViolations(page)).map(
      (v) => `${where}: axe ${v.id} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
    for (const width of [390, 320]) {
      await page.setViewportSize({ width, height: 844 });
      const scrollWidth = await page.evaluate(
        () => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
      );
      if (scrollWidth > width) problems.push(`${where} at ${width} px: scrollWidth ${scrollWidth}`);
    }
    await page.setViewportSize({ width: 390, height: 844 });
    return problems;
  }

  it('the mentor’s contact form (with its errors), the new link with its QR code, and the vacancy page in Arabic and Ukrainian', async () => {
    const mentor = await mentorOf(app, mine.projectId);
    const mentee = await createTestMentee(app, mentor, { locale: 'ar' });
    const vacancyId = await postVacancy(
      employer,
      apprenticeship({ title: `Ausbildung Tierpflegeausbildungsplatzbereitstellung ${unique()}` }),
    );
    await addToList(mentor.agent, mentee.id, vacancyId);
    const context = await mentorContext(mentor.email);
    const problems: string[] = [];
    try {
      const page = await context.newPage();
      await page.goto(`${base}/mentor/contact`);
      await page.fill('#firstName', 'Anna');
      await page.fill('#phone', 'privat?');
      await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
      expect(await page.locator('#phone-error').innerText()).toContain('Telefonnummer nur mit Ziffern');
      problems.push(...(await problemsOf(page, 'contact form with errors')));
      await page.fill('#phone', '+49 351 / 123-45');
      await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
      expect(page.url()).toBe(`${base}/mentor/contact?saved=1`);

      await page.goto(`${base}/mentor/mentees/${mentee.id}/shortlist`);
      await Promise.all([page.waitForNavigation(), page.click('form[action$="/share-links"] button[type=submit]')]);
      expect(await page.getByRole('img', { name: 'QR-Code mit dem Link' }).isVisible()).toBe(true);
      expect(await page.locator('.qr-code svg').boundingBox()).toMatchObject({ width: 240, height: 240 });
      const url = await page.locator('#new-link').innerText();
      problems.push(...(await problemsOf(page, 'shortlist with the new link')));

      const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
      for (const lang of ['ar', 'uk'] as const) {
        // The page shows the link under PUBLIC_URL (portal.test); the browser opens the same path here.
        const path = new URL(url).pathname;
        await phone.goto(`${base}${path}${lang === 'ar' ? '' : `?lang=${lang}`}`);
        await Promise.all([phone.waitForNavigation(), phone.locator('.card__title a').first().click()]);
        expect(new URL(phone.url()).pathname).toBe(`${path}/v/${vacancyId}`);
        expect(await phone.locator('a[href^="tel:"]').innerText()).toBe('+49 351 / 123-45');
        problems.push(...(await problemsOf(phone, `vacancy page in ${lang}`)));
        await Promise.all([
          phone.waitForNavigation(),
          phone
            .getByRole('link', { name: translate(lang, 'shortlists.shared.back') })
            .last()
            .click(),
        ]);
        expect(new URL(phone.url()).pathname).toBe(path);
      }
      await phone.close();
    } finally {
      await context.close();
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
