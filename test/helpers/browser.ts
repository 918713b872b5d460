import type { FastifyInstance } from 'fastify';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from 'playwright-core';
import { csrfFrom, encodeForm } from './app.ts';

/** Debian's package chromium-headless-shell (`dpkg -L chromium-headless-shell`): the binary, not its launcher script. */
const HEADLESS_SHELL = '/usr/lib/chromium/chromium-headless-shell';

/**
 * Debian's Chromium (never a downloaded browser); CHROMIUM_PATH where it lives elsewhere. Its headless shell where
 * installed (`.ci/run` installs it): Chromium's old headless mode, without the browser's UI layer, renders the same
 * pages with the same Blink for less CPU (measured from /proc: a new context with a tab and its first page 0.33 CPU-s
 * instead of 0.85-0.93, a further page 0.09 instead of 0.18; axe costs the same; the 22 browser files 311 -> 232 s).
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : '/usr/bin/chromium');

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Headless Chromium with the flags this closed network needs (no background connections),
 * asking for German pages as a browser set to German would (the portal follows Accept-Language;
 * a test of another language sets `?lang=` or the context's locale).
 */
function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--accept-lang=de-DE,de',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // V8 without its optimising compilers (Maglev, TurboFan), interpreter and Sparkplug only: axe is the hot code,
      // and each document has its own closures, so what they optimised was thrown away at the next navigation
      // (a quarter of the renderer's CPU went to V8's worker threads). Chromium's CPU a page (load, axe put in
      // and run, two widths), browsers with and without the flag side by side in one process, 54 pages each,
      // three runs: 0.255-0.271 CPU-s against 0.294-0.311, no slower. --no-opt, --no-maglev, a larger young
      // generation, --single-threaded-gc and --always-sparkplug gained nothing (beside it or instead of it).
      '--js-flags=--max-opt=1',
    ],
  });
}

let shared: Promise<Browser> | undefined;

/**
 * The test process's Chromium, launched once and shared by the files that run in it one after another
 * (the integration project does not isolate them): a launch took 1-5 s per file. What a file gets
 * stands for that browser, except that its `close()` closes the file's contexts and pages, not the
 * browser; Playwright ends Chromium when the process exits. A browser that went away is launched again.
 */
export async function launchBrowser(): Promise<Browser> {
  shared ??= launchChromium().then((browser) => {
    browser.on('disconnected', () => {
      shared = undefined;
    });
    return browser;
  });
  const browser = await shared.catch((error: unknown) => {
    shared = undefined;
    throw error;
  });
  const closeContexts = async () => {
    await Promise.all(browser.contexts().map((context) => context.close()));
  };
  return new Proxy(browser, {
    get(target, key) {
      if (key === 'close') return closeContexts;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

const devtools = new WeakMap<Page, Promise<CDPSession>>();

/**
 * Puts axe into the page's document through the DevTools protocol's own `Runtime.evaluate`: Chromium spent 0.13
 * CPU-s on it where `page.evaluate(axeSource)` cost 0.20-0.22 (paired, alternating per document in one tab; the
 * axe run after it cost the same). A script loaded from a URL cost 0.07, but the portal's Content Security Policy
 * lets no other origin's script in, and most checks run under it. Like `page.evaluate`, it runs in the page's
 * main world, whatever the policy says.
 */
async function putAxeInto(page: Page): Promise<void> {
  let session = devtools.get(page);
  if (!session) devtools.set(page, (session = page.context().newCDPSession(page)));
  const { exceptionDetails } = await (await session).send('Runtime.evaluate', { expression: axeSource, silent: true });
  if (exceptionDetails) throw new Error(`axe did not load: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
}

/**
 * Runs axe-core in the page (WCAG 2.0/2.1 A and AA rules) and returns its violations. axe is put into a
 * document once (a page checked twice without navigating keeps it); `resultTypes` keeps axe from
 * collecting every passed and inapplicable node (it still runs every rule on every node, and reports
 * every violation in full): the suite runs axe on a few hundred pages. Where a run's time goes (7 December,
 * per rule in the page): color-contrast is about 80 % of it. Measured without gain, 108 fresh documents each,
 * alternating: `iframes: false`, `axe.configure({ noHtml: true })` (no outerHTML of every node checked) and
 * both (0.186-0.192 CPU-s a first run either way); the script compiled and run by `Runtime.compileScript`
 * and `runScript` instead of `Runtime.evaluate` saved 3 % of a page (0.254 against 0.261), too little for
 * the `Runtime.enable` it needs.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) await putAxeInto(page);
  // Runs in the browser: globalThis is the page's window there.
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

/** What a fresh page may differ in: the context's options a check needs (the rest stay Playwright's defaults). */
export interface FreshPageOptions {
  viewport?: { width: number; height: number };
  bypassCSP?: boolean;
  locale?: string;
}

const DEFAULT_VIEWPORT = { width: 1280, height: 720 };
const reused = new Map<string, { context: BrowserContext; page: Page }>();

/**
 * A page as a browser just opened would show it (no cookies, the asked-for viewport), for a check that needs a
 * person who is not logged in or logs in anew. The page is reused by every later call with the same options
 * (one context and tab per kind, until the file's `browser.close()`): Chromium spent about 0.75 CPU-seconds
 * starting a tab's renderer for its first page and 0.15-0.2 s for each further page in it, and most checks
 * opened a context and tab of their own for one page. Cookies are the only state the portal keeps in a browser
 * (no storage, no service worker), so clearing them is the fresh start a new context gave.
 */
export async function freshPage(browser: Browser, options: FreshPageOptions = {}): Promise<Page> {
  const key = JSON.stringify([options.bypassCSP ?? false, options.locale ?? '']);
  let entry = reused.get(key);
  if (!entry || entry.page.isClosed()) {
    const context = await browser.newContext({ bypassCSP: options.bypassCSP, locale: options.locale });
    entry = { context, page: await context.newPage() };
    reused.set(key, entry);
  }
  await entry.context.clearCookies();
  await entry.page.setViewportSize(options.viewport ?? DEFAULT_VIEWPORT);
  return entry.page;
}

/** Lets the app listen on a free local port for a browser; returns its origin (http://127.0.0.1:port). */
export async function listenForBrowser(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

/**
 * Clicks the submit button `selector` and waits until the page the form leads to has loaded. Waiting for the load
 * state alone beside the click can return at once, for the page already loaded, before the new one arrives.
 */
export async function submitAndLoad(page: Page, selector: string): Promise<void> {
  const navigated = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() });
  await page.click(selector);
  await navigated;
  await page.waitForLoadState('load');
}

/** Logs in through the login page as a person would, and waits until the app has let them in. */
export async function logInThroughPage(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/login`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.click('main button[type=submit]');
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/**
 * Session cookies for a browser context (`context.addCookies`), from logging in over HTTP as the
 * login form does: the browser then starts logged in, and many contexts logging in as one account
 * do not trip its lock for unknown browsers.
 */
export async function sessionCookies(
  base: string,
  email: string,
  password: string,
): Promise<{ name: string; value: string; url: string }[]> {
  const form = await fetch(`${base}/login`);
  const jar = form.headers
    .getSetCookie()
    .map((c) => c.split(';', 1)[0]!)
    .join('; ');
  const login = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: jar, origin: base, 'content-type': 'application/x-www-form-urlencoded' },
    body: encodeForm({ _csrf: csrfFrom(await form.text()), email, password }),
  });
  if (login.status !== 303) throw new Error(`Logging in over HTTP answered ${login.status}`);
  return login.headers
    .getSetCookie()
    .map((c) => {
      const [name = '', ...value] = c.split(';', 1)[0]!.split('=');
      return { name, value: value.join('='), url: base };
    })
    .filter((c) => c.value !== '');
}

/**
 * Runs `check` on every item, `tabs` at a time (each of the `tabs` lanes works through the items one after
 * another, in its own tab); the results come back in the items' order. For pages that do not depend on each
 * other: Chromium renders and runs axe in one tab while the test process waits on another.
 */
export async function inTabs<T, R>(items: readonly T[], tabs: number, check: (item: T, lane: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const lane = async (number: number) => {
    for (let index = next++; index < items.length; index = next++) results[index] = await check(items[index]!, number);
  };
  await Promise.all(Array.from({ length: Math.min(tabs, items.length) }, (_, number) => lane(number)));
  return results;
}
