import request from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { DISTANCE_BAND_LIMITS_KM } from '../../search/near.ts';
import { flushOutbox, useTestApp } from '../helpers/app.ts';
import { createEmployer, loginAs, postVacancy } from '../helpers/factories.ts';
import { haversineKm, searchWord } from './support.ts';

/**
 * "Nearest first" without `_geo` in the vacancies index (search/near.ts): distance bands from the
 * town in order, newest first inside a band, paged across the bands with no vacancy twice or missed.
 */
const DRESDEN_CENTRE = { lat: 51.05089, lng: 13.73832 };
/** Towns at 0 to about 140 km from Dresden, some twice, so bands hold several vacancies. */
const TOWNS = [
  'Dresden',
  'Leipzig',
  'Freital',
  'Radebeul',
  'Pirna',
  'Dresden',
  'Meißen',
  'Riesa',
  'Bautzen',
  'Chemnitz',
  'Pirna',
  'Görlitz',
  'Plauen',
  'Leipzig',
];

const app = useTestApp();
const word = searchWord();
const ids: string[] = [];

interface Hit {
  id: string;
  location: { lat: number; lng: number };
  publishedAt: string;
  distanceKm: number;
}

/** The band a distance falls in, worked out here from the coordinates. */
const bandOf = (hit: Hit) => {
  const km = haversineKm(DRESDEN_CENTRE, hit.location);
  const band = DISTANCE_BAND_LIMITS_KM.findIndex((limit) => km <= limit + 0.001);
  return band === -1 ? DISTANCE_BAND_LIMITS_KM.length : band;
};

const api = (query: Record<string, string>) =>
  request(app.server)
    .get('/api/v1/vacancies')
    .query({ q: word, town: 'Dresden', sort: 'nearest', radiusKm: '200', ...query });

beforeAll(async () => {
  const employer = await loginAs(app, (await createEmployer(app)).email);
  for (const town of TOWNS) ids.push(await postVacancy(employer, { title: `Lager ${word} ${town}`, town, postcode: '' }));
  // Distinct publication days in an order that is neither the towns' nor their distances' (7 and 14 share no factor).
  for (const [i, id] of ids.entries()) {
    await app.db
      .updateTable('vacancies')
      .set({ published_at: new Date(Date.UTC(2026, 10, 1 + ((i * 5) % ids.length), 9)), version: (eb) => eb('version', '+', 1) })
      .where('id', '=', id)
      .execute();
    await app.db.insertInto('search_outbox').values({ index_name: 'vacancies', document_id: id }).execute();
  }
  await flushOutbox(app);
});

describe('nearest first by distance bands', () => {
  it('lists the bands in order and the newest first inside each band', async () => {
    const res = await api({ perPage: '100' });
    expect(res.status).toBe(200);
    expect(res.body.degraded).toBe(false);
    const hits = res.body.hits as Hit[];
    expect(res.body.total).toBe(ids.length);
    expect(hits.map((h) => h.id).sort()).toEqual([...ids].sort());
    const expected = [...hits].sort((a, b) => bandOf(a) - bandOf(b) || b.publishedAt.localeCompare(a.publishedAt));
    expect(hits.map((h) => h.id)).toEqual(expected.map((h) => h.id));
    expect(new Set(hits.map(bandOf)).size).toBeGreaterThanOrEqual(6);
    expect(hits.at(-1)!.distanceKm).toBeGreaterThan(100);
    // Inside a band the newest come first even when farther: the distances are not simply ascending.
    const distances = hits.map((h) => h.distanceKm);
    expect(distances).not.toEqual([...distances].sort((a, b) => a - b));
  });

  it('pages across the bands without a vacancy twice or missing, the total on every page', async () => {
    const whole = ((await api({ perPage: '100' })).body.hits as Hit[]).map((h) => h.id);
    for (const perPage of [1, 3, 5]) {
      const paged: string[] = [];
      for (let page = 1; page <= Math.ceil(ids.length / perPage); page += 1) {
        const res = await api({ perPage: String(perPage), page: String(page) });
        expect(res.status).toBe(200);
        expect(res.body.total).toBe(ids.length);
        expect(res.body.hits.length).toBe(Math.min(perPage, ids.length - (page - 1) * perPage));
        paged.push(...(res.body.hits as Hit[]).map((h) => h.id));
      }
      expect(paged, `${perPage} a page`).toEqual(whole);
    }
    const beyond = await api({ perPage: '5', page: String(Math.ceil(ids.length / 5) + 1) });
    expect(beyond.status).toBe(200);
    expect(beyond.body.hits).toEqual([]);
  });

  it('keeps the radius: only the bands within it, in the same order', async () => {
    const whole = (await api({ perPage: '100' })).body.hits as Hit[];
    const res = await api({ radiusKm: '50', perPage: '100' });
    expect(res.status).toBe(200);
    const within = whole.filter((h) => haversineKm(DRESDEN_CENTRE, h.location) <= 50);
    expect(within.length).toBeGreaterThan(3);
    expect(within.length).toBeLessThan(ids.length);
    expect(res.body.total).toBe(within.length);
    expect((res.body.hits as Hit[]).map((h) => h.id)).toEqual(within.map((h) => h.id));
    const second = await api({ radiusKm: '50', perPage: '2', page: '2' });
    expect((second.body.hits as Hit[]).map((h) => h.id)).toEqual(within.slice(2, 4).map((h) => h.id));
  });

  it('orders the search page the same way', async () => {
    const whole = ((await api({ perPage: '100' })).body.hits as Hit[]).map((h) => h.id);
    const page = await request(app.server)
      .get('/vacancies')
      .query({ q: word, town: 'Dresden', radiusKm: '200', sort: 'nearest' })
      .set('accept', 'text/html');
    expect(page.status).toBe(200);
    const shown = [...new Set([...page.text.matchAll(/href="\/vacancies\/([0-9a-f-]{36})[?"]/g)].map((m) => m[1]!))];
    expect(shown.length).toBeGreaterThan(0);
    expect(shown).toEqual(whole.slice(0, shown.length));
  });
});
