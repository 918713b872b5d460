import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueFile } from '../../server/i18n/index.ts';
import { useTestApp } from '../helpers/app.ts';
import { axeViolations, freshPage, launchBrowser, listenForBrowser } from '../helpers/browser.ts';
import { mentorOf, twoProjects } from '../matching/support.ts';

/*
 * Leichte Sprache (BITV 2.0 §4): the page at /leichte-sprache, always German (English Easy Read only when
 * English is asked for), linked from the header of every page in every language with lang="de", a section
 * on the start page, and the accessibility statement saying what there is and what there is not.
 *
 * The texts live in views/locales/{de,en}/easy-read.json only: Leichte Sprache is a form of German, so the
 * mentees' languages have no such file (test/i18n/catalogue.test.ts treats it like a staff file), and the
 * English file is the Easy Read version the catalogue test asks German and English to share.
 */

const app = useTestApp();

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ method: 'GET', url, headers });
const HEADER_LINK = '<a href="/leichte-sprache" lang="de" hreflang="de">Leichte Sprache</a>';
/** The header, where the link must be (the start page has a second one lower down). */
const headerOf = (html: string) => html.slice(html.indexOf('<header'), html.indexOf('</header>'));

describe('the Leichte Sprache page', () => {
  it('is German, whatever language the visitor reads the portal in', async () => {
    for (const [url, headers] of [
      ['/leichte-sprache', {}],
      ['/leichte-sprache?lang=ar', {}],
      ['/leichte-sprache', { cookie: 'jb_lang=uk' }],
      ['/leichte-sprache', { 'accept-language': 'fa' }],
    ] as const) {
      const page = await get(url, headers);
      expect(page.statusCode, url).toBe(200);
      expect(page.body, `${url} ${JSON.stringify(headers)}`).toContain('<html lang="de" dir="ltr"');
      expect(page.body).toContain('<h1>Die Job-Brücke Sachsen in Leichter Sprache</h1>');
    }
  });

  it('says what the portal offers, how to find one’s way, what the accessibility statement says and where to get help', async () => {
    const page = await get('/leichte-sprache');
    for (const heading of [
      'Was ist die Job-Brücke Sachsen?',
      'So finden Sie sich auf der Seite zurecht',
      'Barriere-Freiheit',
      'Sie haben ein Problem mit der Seite?',
    ]) {
      expect(page.body).toContain(`>${heading}</h2>`);
    }
    expect(page.body).toContain('<p>Es gibt auf der Seite keine Videos in Gebärden-Sprache.</p>');
    for (const href of ['/vacancies', '/mentoring', '/accessibility', 'mailto:barrierefreiheit@example.org'])
      expect(page.body).toContain(`href="${href}"`);
    // One sentence per line: every line is a paragraph or list item of its own.
    expect(page.body).toContain('<p>Die Job-Brücke Sachsen ist eine Internet-Seite.</p><p>Auf der Seite finden Sie Arbeit in Sachsen.</p>');
  });

  it('offers English Easy Read to whoever asks for English, and each version links to the other', async () => {
    const english = await get('/leichte-sprache?lang=en');
    expect(english.body).toContain('<html lang="en" dir="ltr"');
    expect(english.body).toContain('<h1>Jobbrücke Sachsen in Easy Read</h1>');
    expect(english.body).toContain('<a href="/leichte-sprache?lang=de" lang="de" hreflang="de">Leichte Sprache auf Deutsch</a>');
    expect((await get('/leichte-sprache')).body).toContain(
      '<a href="/leichte-sprache?lang=en" lang="en" hreflang="en">Easy Read in English</a>',
    );
  });

  /**
   * The Netzwerk Leichte Sprache rules that a machine can check: short sentences with one statement,
   * no abbreviations, no passive, numbers as digits, long compounds split by a hyphen.
   */
  it('keeps the rules of Leichte Sprache that can be checked', () => {
    const sentences = [...catalogueFile('de', 'easy-read.json').entries()]
      .filter(([key]) => /\.(lines|items|after)\./.test(key))
      .map(([, text]) => text);
    sentences.push(...['home.easyRead.line1', 'home.easyRead.line2'].map((key) => catalogueFile('de', 'core.json').get(key)!));
    expect(sentences.length).toBeGreaterThan(30);
    for (const sentence of sentences) {
      const words = sentence.split(/\s+/);
      expect(words.length, sentence).toBeLessThanOrEqual(14);
      // One statement: at most one full stop, question or exclamation mark, and only at the end.
      expect(sentence.slice(0, -1), sentence).not.toMatch(/[.!?](?:\s|$)/);
      expect(sentence, sentence).not.toMatch(/\b(?:z\. ?B|bzw|usw|d\. ?h|ca|ggf|evtl|inkl|u\. ?a|etc|Nr)\./);
      expect(sentence, sentence).not.toMatch(/\b(?:wird|werden|wurde|wurden|worden)\b/);
      expect(sentence, sentence).not.toMatch(/\b(?:zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|hundert)\b/i);
      for (const word of words) {
        const parts = word.replace(/[^\p{L}-]/gu, '').split('-');
        for (const part of parts) expect(part.length, `${word} in: ${sentence}`).toBeLessThanOrEqual(12);
      }
    }
  });
});

describe('the way to it', () => {
  it('is in the header of every page, in every language, marked as German', async () => {
    for (const url of ['/', '/vacancies', '/vacancies?lang=ar', '/?lang=fa', '/accessibility?lang=uk', '/does-not-exist']) {
      const page = await get(url);
      expect(headerOf(page.body), url).toContain(HEADER_LINK);
    }
    expect((await get('/vacancies?lang=ar')).body).toContain('<html lang="ar" dir="rtl"');

    const [projectId] = await twoProjects(app);
    const mentor = await mentorOf(app, projectId!);
    for (const url of ['/mentor/mentees', '/account']) {
      const page = await mentor.agent.get(url);
      expect(page.status, url).toBe(200);
      expect(headerOf(page.text), url).toContain(HEADER_LINK);
    }
  });

  it('has a section on the start page', async () => {
    const home = await get('/');
    const section = home.body.slice(home.body.indexOf('<section aria-labelledby="home-easy-read">'));
    expect(section).toContain('<h2 id="home-easy-read">Leichte Sprache</h2>');
    expect(section).toContain('<p>Wir erklären die Seite auch in Leichter Sprache.</p>');
    expect(section).toContain(HEADER_LINK);
    const english = await get('/?lang=en');
    expect(english.body).toContain('<h2 id="home-easy-read">Easy Read</h2>');
  });

  it('is in the accessibility statement, with the languages offered and no sign-language video', async () => {
    const page = await get('/accessibility');
    expect(page.body).toContain('Eine Seite in Leichter Sprache erklärt, was das Portal bietet');
    expect(page.body).toContain(`steht oben auf jeder Seite: ${HEADER_LINK}</p>`);
    expect(page.body).toContain('sechs Sprachen: Deutsch, Englisch, Ukrainisch, Russisch, Arabisch und Persisch (auch für Dari)');
    expect(page.body).toContain('Videos in Deutscher Gebärdensprache (nach § 4 BITV 2.0) bieten wir nicht an');
    expect(page.body).toContain('Schreiben Sie uns an die E-Mail-Adresse unten');
    expect(page.body).not.toContain('Es gibt noch keine Erklärungen in Leichter Sprache');
  });
});

describe('in Chromium', () => {
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    base = await listenForBrowser(app);
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it.each(['/leichte-sprache', '/leichte-sprache?lang=en', '/accessibility', '/?lang=ar'])(
    '%s has no axe violation and fits 390 and 320 px',
    async (path) => {
      const page = await freshPage(browser, { viewport: { width: 390, height: 844 } });
      await page.goto(`${base}${path}`);
      expect(await axeViolations(page)).toEqual([]);
      for (const width of [390, 320]) {
        await page.setViewportSize({ width, height: 844 });
        expect(
          await page.evaluate(
            () =>
              (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth,
          ),
          `${path} at ${width}`,
        ).toBeLessThanOrEqual(width);
      }
    },
  );
});
