import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCALE_INFO, LOCALES, missingMessages, type Locale } from '../../server/i18n/index.ts';
import { useTestApp, flushOutbox, unique } from '../helpers/app.ts';
import { axeViolations, inTabs, launchBrowser, listenForBrowser, sessionCookies } from '../helpers/browser.ts';
import { createEmployer, loginAs, PASSWORD, postVacancy } from '../helpers/factories.ts';
import { mentorOf, twoProjects } from '../matching/support.ts';
import { createTestMentee, csrfOf, postForm } from '../shortlists/support.ts';

/*
 * Every page a mentee meets, in each of the six languages, in Chromium: at 390 px axe finds no
 * WCAG 2.1 AA violation and nothing scrolls sideways; at 320 px nothing scrolls sideways either;
 * <html lang dir> names the language and its direction; employer-written text keeps lang="de".
 * Each page is loaded once per language and re-laid out at the second width (no reload); a language's
 * pages are checked TABS at a time.
 */

const WIDTHS = [390, 320] as const;
/** Pages checked at the same time, each in its own tab (the pages do not depend on each other). */
const TABS = 3;
// A long German compound in the employer's own words: it must wrap, not push the page sideways.
const COMPOUND = 'Tierpflegeausbildungsplatzbereitstellungsvereinbarung';

const app = useTestApp();
let browser: Browser;
let base: string;
let vacancyId: string;
let shareToken: string;
let browsePath: string;
let mentorEmail: string;
/** The anonymous visitor's context and its TABS tabs, and the mentor's one tab, shared by the languages. */
let anonymous: BrowserContext;
let tabs: Page[];
let mentorTab: Page;
const word = unique('zootier');

beforeAll(async () => {
  base = await listenForBrowser(app);
  const employer = await createEmployer(app, { organisation: `Zoologischer Garten Tierpflegeausbildungsgesellschaft ${unique()}` });
  const employerAgent = await loginAs(app, employer.email);
  vacancyId = await postVacancy(employerAgent, {
    kind: 'apprenticeship',
    occupation: '11522',
    durationMonths: '36',
    title: `Ausbildung Tierpflege ${word} ${COMPOUND}`,
    summary: `Sie pflegen Tiere (${COMPOUND}). Sie füttern sie und machen die Ställe sauber.`,
    description: `Wir bilden aus. ${COMPOUND}. Bewerbung bis 31.03.2027, Telefon 0351 123456.`,
    town: 'Dresden',
    postcode: '01067',
    germanLevel: 'A2',
    startDate: '2027-08-01',
    support: ['language_course', 'workplace_mentor'],
    // Pay and how to apply (the form asks for them since issue 12).
    payKind: 'training',
    trainingPay1: '1.050',
    trainingPay2: '1.120',
    trainingPay3: '1.200',
    weeklyHours: '39',
    schoolLevel: 'lower_secondary',
    applyViaMentor: 'on',
  });
  await flushOutbox(app);

  const [projectId] = await twoProjects(app);
  const mentor = await mentorOf(app, projectId);
  mentorEmail = mentor.email;
  const mentee = await createTestMentee(app, mentor);
  const added = await mentor.agent
    .post(`/mentor/mentees/${mentee.id}/shortlist`)
    .set('Accept', 'application/json')
    .set('x-csrf-token', await csrfOf(mentor.agent))
    .send({ vacancyId });
  expect(added.status).toBe(201);
  const created = await postForm(mentor.agent, `/mentor/mentees/${mentee.id}/share-links`, {
    _csrf: await csrfOf(mentor.agent),
    locale: 'ar',
  });
  shareToken = /\/s\/([A-Za-z0-9_-]{43})/.exec(created.text)?.[1] ?? '';
  expect(shareToken).toHaveLength(43);
  browsePath = `/mentor/mentees/${mentee.id}/browse`;
  browser = await launchBrowser();
  // The tabs serve every language: a tab's first page cost Chromium about 0.75 CPU-seconds, a further page 0.2.
  anonymous = await browser.newContext();
  tabs = await Promise.all(Array.from({ length: TABS }, () => anonymous.newPage()));
  const mentorContext = await browser.newContext();
  await mentorContext.addCookies(await sessionCookies(base, mentorEmail, PASSWORD));
  mentorTab = await mentorContext.newPage();
}, 180_000);

afterAll(async () => {
  await browser?.close();
});

interface PageCase {
  name: string;
  path: () => string;
  /** Needs the mentor's session (browsing together). */
  mentor?: boolean;
  /** Reaches the page by acting in it instead of opening a URL. */
  open?: (page: Page, lang: Locale) => Promise<unknown>;
  status: number;
}

const PAGES: PageCase[] = [
  { name: 'home', path: () => '/', status: 200 },
  { name: 'results', path: () => `/vacancies?q=${word}&town=Dresden&radiusKm=25`, status: 200 },
  { name: 'vacancy', path: () => `/vacancies/${vacancyId}`, status: 200 },
  { name: 'mentoring', path: () => '/mentoring', status: 200 },
  { name: 'mentoring nearest', path: () => '/mentoring?town=Augustusburg', status: 200 },
  { name: 'login', path: () => '/login', status: 200 },
  { name: 'register', path: () => '/register', status: 200 },
  { name: 'password forgot', path: () => '/password/forgot', status: 200 },
  { name: 'accessibility', path: () => '/accessibility', status: 200 },
  { name: 'privacy', path: () => '/privacy', status: 200 },
  { name: 'imprint', path: () => '/imprint', status: 200 },
  { name: 'about', path: () => '/about', status: 200 },
  { name: 'share link', path: () => `/s/${shareToken}`, status: 200 },
  { name: 'share link vacancy', path: () => `/s/${shareToken}/v/${vacancyId}`, status: 200 },
  { name: 'browse together', path: () => browsePath, mentor: true, status: 200 },
  { name: '404', path: () => '/does-not-exist', status: 404 },
  {
    name: '403 (form without its token)',
    path: () => '/login',
    status: 403,
    open: async (page, lang) => {
      await page.goto(`${base}/login?lang=${lang}`);
      await page.evaluate(() => {
        const doc = (globalThis as unknown as { document: { querySelector(s: string): { value: string } } }).document;
        doc.querySelector('main input[name=_csrf]').value = 'forged';
      });
      const [response] = await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
      return response?.status();
    },
  },
];

const withLang = (path: string, lang: Locale) => `${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;

/** What overflows the viewport sideways, for a readable failure message. */
function overflowing(page: Page, width: number) {
  return page.evaluate((limit) => {
    const doc = (
      globalThis as unknown as {
        document: {
          documentElement: { scrollWidth: number };
          querySelectorAll(s: string): ArrayLike<{
            tagName: string;
            className: string;
            getBoundingClientRect(): { left: number; right: number };
            textContent: string | null;
          }>;
        };
      }
    ).document;
    const wide = Array.from(doc.querySelectorAll('body *'))
      .filter((el) => {
        const r = el.getBoundingClientRect();
        return r.right > limit + 0.5 || r.left < -0.5;
      })
      .slice(-3)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} "${(el.textContent ?? '').trim().slice(0, 40)}"`);
    return { scrollWidth: doc.documentElement.scrollWidth, wide };
  }, width);
}

describe('the pages a mentee meets, in six languages, on phones', () => {
  it.each(LOCALES.map((l) => [l]))(
    '%s: lang and dir, no axe violations at 390 px, no sideways scrolling at 390 and 320 px',
    async (lang) => {
      // Each language meets the pages as a new visitor (no cookies); the anonymous pages share TABS tabs, the mentor's has its own.
      await anonymous.clearCookies();
      const found = await inTabs(PAGES, TABS, async (pageCase, lane) => {
        const page = pageCase.mentor ? mentorTab : tabs[lane]!;
        const pageProblems: string[] = [];
        // The page loads at the width the tab's last page ended at and is checked there first: resizing the old
        // page back to 390 px before leaving it laid it out once more for nothing (one layout a page fewer).
        const widths = page.viewportSize()?.width === 320 ? ([320, 390] as const) : WIDTHS;
        const status = pageCase.open
          ? await pageCase.open(page, lang)
          : (await page.goto(base + withLang(pageCase.path(), lang)))?.status();
        const where = `${lang} ${pageCase.name}`;
        if (status !== pageCase.status) pageProblems.push(`${where}: status ${status}`);
        const html = await page.evaluate(() => {
          const root = (globalThis as unknown as { document: { documentElement: { lang: string; dir: string } } }).document.documentElement;
          return { lang: root.lang, dir: root.dir };
        });
        if (html.lang !== lang || html.dir !== LOCALE_INFO[lang].dir)
          pageProblems.push(`${where}: <html lang="${html.lang}" dir="${html.dir}">`);
        for (const width of widths) {
          if (page.viewportSize()?.width !== width) await page.setViewportSize({ width, height: 800 });
          const { scrollWidth, wide } = await overflowing(page, width);
          if (scrollWidth > width) pageProblems.push(`${where} at ${width} px: scrollWidth ${scrollWidth}; ${wide.join(' | ')}`);
          if (width === 390)
            for (const v of await axeViolations(page))
              pageProblems.push(
                `${where}: axe ${v.id} (${v.help}) at ${v.nodes
                  .slice(0, 3)
                  .map((n) => n.target.join(' '))
                  .join(', ')}`,
              );
          if (process.env.SCREENSHOT_DIR && width === 320) {
            await page.screenshot({
              path: `${process.env.SCREENSHOT_DIR}/${lang}-${pageCase.name.replace(/\W+/g, '-')}-320.png`,
              fullPage: true,
            });
          }
        }
        return pageProblems;
      });
      expect(found.flat()).toEqual([]);
    },
    240_000,
  );
});

describe('employer-written text and the facts from the data', () => {
  let context: BrowserContext;
  /** One tab for the checks below that need no settings of their own (a new tab cost Chromium about 0.33 CPU-s). */
  let page: Page;
  beforeAll(async () => {
    context = await browser.newContext();
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
  });

  it("on the vacancy page in Arabic, the employer's words are marked German and set left to right; the facts are Arabic", async () => {
    await page.goto(`${base}/vacancies/${vacancyId}?lang=ar`);
    // Every element whose own text holds the employer's compound: where is it, and what language and direction does it sit in?
    const marked = await page.evaluate((compound) => {
      type El = {
        tagName: string;
        childNodes: ArrayLike<{ nodeType: number; textContent: string | null }>;
        closest(s: string): { getAttribute(n: string): string | null } | null;
      };
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<El> } }).document;
      return Array.from(doc.querySelectorAll('main *'))
        .filter((el) => Array.from(el.childNodes).some((n) => n.nodeType === 3 && (n.textContent ?? '').includes(compound)))
        .map(
          (el) =>
            `${el.tagName.toLowerCase()} lang=${el.closest('[lang]')?.getAttribute('lang')} dir=${el.closest('[dir]')?.getAttribute('dir')}`,
        );
    }, COMPOUND);
    // title, summary and description each contain the compound; every element holding it is inside lang="de" with its own direction
    expect(marked).toEqual(['h1 lang=de dir=auto', 'p lang=de dir=auto', 'p lang=de dir=auto']);
    const facts = await page.locator('.facts').innerText();
    expect(facts).toContain('تدريب مهني'); // the kind
    expect(facts).toContain('دورة لغة ألمانية'); // the support offered
    expect(facts).not.toMatch(/apprenticeship|language_course|workplace_mentor|\bja\b|\bnein\b/i);
    expect(facts).toContain('2027'); // the start date, with Latin digits as locales.ts chose
  });

  it('the search radius reads as each language writes a distance (a Latin "km" after the number read "km 25" right to left)', async () => {
    const expected = { de: '25 km', uk: '25 км', ar: '25 كم', fa: '25 کیلومتر' } as const;
    for (const [lang, text] of Object.entries(expected)) {
      await page.goto(`${base}/?lang=${lang}`);
      // The radius sits in the search form's "Filter" disclosure (issue 13).
      await page.locator('.search-filters > summary').click();
      expect(await page.locator('#radiusKm option[value="25"]').innerText()).toBe(text);
    }
  });

  it('a browser set to Arabic gets the Arabic page, right to left', async () => {
    const arabic = await browser.newContext({ locale: 'ar' });
    try {
      const page = await arabic.newPage();
      await page.goto(`${base}/`);
      expect(
        await page.evaluate(() => {
          const root = (globalThis as unknown as { document: { documentElement: { lang: string; dir: string } } }).document.documentElement;
          return `${root.lang} ${root.dir}`;
        }),
      ).toBe('ar rtl');
      expect(await page.locator('h1').innerText()).toMatch(/[\u0600-\u06FF]/);
    } finally {
      await arabic.close();
    }
  });

  it("the share link at 390 px mirrors in Arabic and not in Ukrainian; the employer's title runs left to right in both", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [lang, start] of [
      ['ar', 'right'],
      ['uk', 'left'],
    ] as const) {
      await page.goto(`${base}/s/${shareToken}?lang=${lang}`);
      const layout = await page.evaluate(() => {
        type Style = { direction: string; borderLeftWidth: string; borderRightWidth: string };
        const g = globalThis as unknown as { document: { querySelector(s: string): unknown }; getComputedStyle(el: unknown): Style };
        const style = (selector: string) => g.getComputedStyle(g.document.querySelector(selector));
        const summary = style('.simple-summary');
        return {
          page: style('h1').direction,
          title: style('.card__title').direction,
          rule: summary.borderRightWidth !== '0px' ? 'right' : summary.borderLeftWidth !== '0px' ? 'left' : 'none',
        };
      });
      // The summary's rule stands where lines start: border-inline-start, no [dir=rtl] exception.
      expect(layout).toEqual({ page: lang === 'ar' ? 'rtl' : 'ltr', title: 'ltr', rule: start });
      // For a person to look at (SCREENSHOT_DIR=/some/folder npx vitest run test/i18n/pages.test.ts).
      if (process.env.SCREENSHOT_DIR)
        await page.screenshot({ path: `${process.env.SCREENSHOT_DIR}/share-${lang}-390.png`, fullPage: true });
    }
  });
});

// The spec for translators: after every page in every language, no language lacked a key.
describe('translations', () => {
  it('no page asked for a message its language lacks', () => {
    const missing = [...missingMessages].sort();
    expect(missing, `missing: ${missing.join(', ')}`).toEqual([]);
  });
});
