import { describe, expect, it } from 'vitest';
import { MeiliPublicSearch } from '../../search/public-search.ts';
import type { VacancySearch, VacancySearchResult } from '../../search/vacancy-search.ts';
import { todayInBerlin } from '../../server/time/berlin.ts';
import { VacancyInput } from '../../server/vacancies/schemas.ts';
import { createVacancy } from '../../server/vacancies/service.ts';
import { flushOutbox, useTestApp } from '../helpers/app.ts';
import { createEmployer, vacancyForm } from '../helpers/factories.ts';
import { searchWord } from './support.ts';

const byId = (result: VacancySearchResult) => [...result.hits].sort((a, b) => a.id.localeCompare(b.id));

/**
 * The public search has two implementations behind one interface (search/public-search.ts): Meilisearch,
 * and PostgreSQL while Meilisearch is down, each mapping its own results. Asked the same question about
 * the same vacancies, they give the same hits, field for field; only `degraded` tells them apart.
 */
describe('the public search: Meilisearch and the PostgreSQL fallback answer alike', () => {
  const app = useTestApp();

  async function publish(employerId: string, overrides: Record<string, string | string[]>): Promise<string> {
    const created = await createVacancy(app, employerId, VacancyInput.parse(vacancyForm(overrides)), 'publish');
    if (!created.ok) throw new Error(`createVacancy failed: ${JSON.stringify(created.errors)}`);
    return created.value;
  }

  it('the same hits, field for field, for words, a town with a radius, and the filters', async () => {
    const word = searchWord();
    const { employerId } = await createEmployer(app);
    const ids = [
      await publish(employerId, { title: `Lagerhelfer ${word}`, town: 'Dresden' }),
      await publish(employerId, { title: `Kommissionierer ${word}`, town: 'Leipzig', workingTime: 'part', germanLevel: 'B1' }),
      await publish(employerId, {
        title: `Ausbildung Pflege ${word}`,
        kind: 'apprenticeship',
        occupation: '81302',
        durationMonths: '36',
        town: 'Chemnitz',
      }),
    ];
    await flushOutbox(app);
    const meili = new MeiliPublicSearch(app.searchEngine.public()!);
    const base: VacancySearch = { q: word, page: 1, perPage: 20, today: todayInBerlin() };
    const dresden = { lat: 51.0504, lng: 13.7373 };
    const questions: VacancySearch[] = [
      base,
      { ...base, sort: 'newest' },
      { ...base, origin: dresden, radiusKm: 150, sort: 'nearest' },
      { ...base, kind: 'job', germanLevel: 'A2' },
      { ...base, workingTime: 'part' },
    ];
    for (const question of questions) {
      const [fromMeili, fromPostgres] = await Promise.all([meili.search(question), app.searchEngine.fallback.search(question)]);
      expect(fromMeili.degraded).toBeFalsy();
      expect(fromPostgres.degraded).toBe(true);
      expect(fromPostgres.total).toBe(fromMeili.total);
      expect(byId(fromPostgres)).toEqual(byId(fromMeili));
      expect(fromPostgres.facets).toEqual(fromMeili.facets);
    }
    const all = await app.searchEngine.fallback.search(base);
    expect(all.hits.map((h) => h.id).sort()).toEqual([...ids].sort());
    // Each hit carries what the pages and the API show: distance only when a town was given, pay as euros.
    const [hit] = (await app.searchEngine.fallback.search({ ...base, origin: dresden, radiusKm: 150 })).hits.filter((h) => h.id === ids[0]);
    expect(hit).toMatchObject({ town: 'Dresden', distanceKm: expect.any(Number), url: `/vacancies/${ids[0]}` });
    expect(hit!.pay).toMatchObject({ kind: 'range', min: 2400, max: 2800, unit: 'month', currency: 'EUR' });
  });
});
