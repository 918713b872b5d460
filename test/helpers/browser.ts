import type { FastifyInstance } from 'fastify';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { csrfFrom, encodeForm } from './app.ts';

/**
 * Debian's Chromium (never a downloaded browser); CHROMIUM_PATH where it lives elsewhere. The binary itself, not
 * the /usr/bin/chromium launcher script: the launcher adds desktop flags (GPU rasterisation, extensions) that
 * Playwright's headless flags do not undo; the same checks cost Chromium up to a fifth more CPU through it.
 */
const DEBIAN_BINARY = '/usr/lib/chromium/chromium';
export const CHROMIUM = process.env.CHROMIUM_PATH ?? (existsSync(DEBIAN_BINARY) ? DEBIAN_BINARY : '/usr/bin/chromium');

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
    ],
  });
}

let shared: Promise<Browser> | undefined;

const axeContexts = new WeakSet<BrowserContext>();

/**
 * Puts axe-core into every document the context opens from now on, as the document starts, instead of a 650 kB
 * `page.evaluate` before each check (measured on the search results page: 0.1-0.2 instead of 0.25-0.4 CPU-seconds
 * per page, and 0.2-0.6 instead of about 1 s of waiting; a document no check reads pays the 0.1-0.2 too).
 */
async function preloadAxe(context: BrowserContext): Promise<void> {
  if (axeContexts.has(context)) return;
  axeContexts.add(context);
  await context.addInitScript(axeSource);
}

/**
 * The test process's Chromium, launched once and shared by the files that run in it one after another
 * (the integration project does not isolate them): a launch took 1-5 s per file. What a file gets
 * stands for that browser, except that its `close()` closes the file's contexts and pages, not the
 * browser; Playwright ends Chromium when the process exits. A browser that went away is launched again.
 * Its contexts (and `newPage`'s) carry axe-core in every document (`preloadAxe`) unless `axe: false`
 * (a file that runs no axe check need not pay for it on every page it opens).
 */
export async function launchBrowser(options: { axe?: boolean } = {}): Promise<Browser> {
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
  const withAxe = options.axe ?? true;
  const newContext: Browser['newContext'] = async (contextOptions) => {
    const context = await browser.newContext(contextOptions);
    if (withAxe) await preloadAxe(context);
    return context;
  };
  // browser.newPage opens a context of its own for the page (closed with it), as Playwright's does.
  const newPage: Browser['newPage'] = async (pageOptions) => {
    const context = await newContext(pageOptions);
    const page = await context.newPage();
    page.once('close', () => void context.close().catch(() => undefined));
    return page;
  };
  return new Proxy(browser, {
    get(target, key) {
      if (key === 'close') return closeContexts;
      if (key === 'newContext') return newContext;
      if (key === 'newPage') return newPage;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * Runs axe-core in the page (WCAG 2.0/2.1 A and AA rules) and returns its violations. axe is normally in the
 * document from its start (`preloadAxe`), else put in once; `resultTypes` keeps axe from
 * collecting every passed and inapplicable node (it still runs every rule on every node, and reports
 * every violation in full): the suite runs axe on a few hundred pages.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // AXE_STATS=<file>: one line per run (the page, its milliseconds), to count runs and their time.
  const started = performance.now();
  try {
    return await runAxe(page);
  } finally {
    if (process.env.AXE_STATS) appendFileSync(process.env.AXE_STATS, `${page.url()} ${Math.round(performance.now() - started)}\n`);
  }
}

async function runAxe(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) {
    // A context that did not come from launchBrowser, or JavaScript off (no init scripts): put it in by hand,
    // and into the context's next documents as they load.
    await page.evaluate(axeSource);
    await preloadAxe(page.context());
  }
  // Runs in the browser: globalThis is the page's window there.
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: object) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
      // Only the media: the CSS object model is preloaded (every stylesheet parsed again, on every run) for
      // css-orientation-lock alone, an experimental rule that the tags above never run.
      preload: { assets: ['media'] },
    });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

/** Lets the app listen on a free local port for a browser; returns its origin (http://127.0.0.1:port). */
export async function listenForBrowser(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
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
