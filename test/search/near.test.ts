import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { distanceKm } from '../../server/domain.ts';
import { placesWithin, withinKm } from '../../search/near.ts';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import { listPlaceCoordinates } from '../../server/places/queries.ts';
import { buildTestApp, flushOutbox, masterClient } from '../helpers/app.ts';
import { createEmployer, loginAs, postVacancy } from '../helpers/factories.ts';
import { DRESDEN, haversineKm } from './support.ts';

const TOWNS = [
  'Dresden',
  'Pirna',
  'Meißen',
  'Freital',
  'Radebeul',
  'Bautzen',
  'Görlitz',
  'Leipzig',
  'Chemnitz',
  'Zwickau',
  'Plauen',
  'Riesa',
];

describe('radius filters through the gazetteer (search/near.ts)', () => {
  let app: FastifyInstance;

  beforeAll(async () => {
    app = await buildTestApp();
    const employer = await createEmployer(app);
    const agent = await loginAs(app, employer.email);
    for (const town of TOWNS) await postVacancy(agent, { town, postcode: '' });
    await flushOutbox(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('names exactly the places whose distance is within the radius, the origin included at radius 0', async () => {
    const places = await listPlaceCoordinates(app.db);
    for (const km of [0, 10, 25, 50]) {
      const expected = places.filter((p) => distanceKm(DRESDEN, p) <= km + 0.0005).map((p) => p.id);
      expect(placesWithin(DRESDEN, km).sort()).toEqual(expected.sort());
    }
    const dresden = places.find((p) => distanceKm(DRESDEN, p) < 0.001)!;
    expect(placesWithin(DRESDEN, 0)).toContain(dresden.id);
  });

  it('finds exactly the vacancies within the radius, by their own coordinates, for every origin and radius', async () => {
    const client = masterClient();
    // The vacancies index keeps no `_geo` filter (search/near.ts), so the answer is checked against each document's coordinates.
    const { results: docs } = await client
      .index<{ id: string; _geo: { lat: number; lng: number } }>(VACANCY_INDEX)
      .getDocuments({ fields: ['id', '_geo'], limit: 100_000 });
    const origins = [DRESDEN, { lat: 51.3397, lng: 12.3731 }, { lat: 50.8357, lng: 12.9292 }, { lat: 51.1545, lng: 14.9871 }];
    for (const origin of origins) {
      for (const km of [0, 10, 25, 50, 100]) {
        const result = await client
          .index(VACANCY_INDEX)
          .search('', { filter: withinKm(origin, km), limit: 10_000, attributesToRetrieve: ['id'] });
        const expected = docs.filter((d) => haversineKm(origin, d._geo) <= km + 0.001).map((d) => d.id);
        expect(result.hits.map((h) => String(h.id)).sort(), `${origin.lat},${origin.lng} within ${km} km`).toEqual(expected.sort());
      }
    }
  });
});
