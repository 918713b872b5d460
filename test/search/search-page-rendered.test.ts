import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { flushOutbox, useTestApp } from '../helpers/app.ts';
import { createEmployer, loginAs, postVacancy } from '../helpers/factories.ts';
import { searchWord, totalOf } from './support.ts';

/**
 * The results block is kept once rendered for a cached answer (server/vacancies/results-html.ts). What a reader sees
 * must still be exactly the search they asked, in their language, with what the index holds now: these fail if the
 * block were kept by the address alone, across languages or spellings, or past an index change.
 */
const app = useTestApp({ cacheCheckMs: 3_600_000 });
const word = searchWord();
const page = (query: Record<string, string>) => request(app.server).get('/vacancies').query(query).set('accept', 'text/html');
/** The results block (from the count to the end of main), the rest of the page carries a fresh token each time. */
const block = (html: string) => html.slice(html.indexOf('<h2 id="results-count"'), html.indexOf('</main>'));
let agent: Awaited<ReturnType<typeof loginAs>>;

beforeAll(async () => {
  const employer = await createEmployer(app, { organisation: `Render ${word}` });
  agent = await loginAs(app, employer.email);
  await postVacancy(agent, { title: `Kasse ${word} eins`, town: 'Dresden' });
  await flushOutbox(app);
});

describe('the kept results block', () => {
  it('is the same block when the same search is asked again', async () => {
    const first = await page({ q: word });
    const again = await page({ q: word });
    expect(first.status).toBe(200);
    expect(totalOf(first.text)).toBe(1);
    expect(block(again.text)).toBe(block(first.text));
    expect(block(first.text)).toContain(`Kasse ${word} eins`);
  });

  it('speaks the language of each request, not of the first one that asked', async () => {
    const german = await page({ q: word });
    const english = await page({ q: word, lang: 'en' });
    expect(english.status).toBe(200);
    expect(block(german.text)).toContain('Bezahlung');
    expect(block(english.text)).toContain('1 vacancy found');
    expect(block(english.text)).toContain('Pay');
    expect(block(english.text)).not.toContain('Bezahlung');
    const germanAgain = await page({ q: word });
    expect(block(germanAgain.text)).toBe(block(german.text));
  });

  it('shows each spelling of one search as it was typed', async () => {
    const lower = await page({ q: word, town: 'dresden', radiusKm: '25' });
    const upper = await page({ q: word, town: 'Dresden', radiusKm: '25' });
    expect(totalOf(lower.text)).toBe(1);
    expect(totalOf(upper.text)).toBe(1);
    // The chip and every link of the block spell the town as typed.
    expect(lower.text).toContain('dresden, 25 km Umkreis');
    expect(upper.text).toContain('Dresden, 25 km Umkreis');
    expect(upper.text).not.toContain('dresden, 25 km Umkreis');
    expect(block(lower.text)).toContain('town&#x3D;dresden&amp;');
    expect(block(upper.text)).not.toContain('town&#x3D;dresden&amp;');
  });

  it('shows what the index holds after a change, not the block kept before it', async () => {
    const before = await page({ q: word });
    expect(totalOf(before.text)).toBe(1);
    await postVacancy(agent, { title: `Kasse ${word} zwei`, town: 'Dresden' });
    await flushOutbox(app);
    const after = await page({ q: word });
    expect(totalOf(after.text)).toBe(2);
    expect(block(after.text)).toContain(`Kasse ${word} zwei`);
  });
});
