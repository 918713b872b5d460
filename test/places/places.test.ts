import { describe, expect, it } from 'vitest';
import { loadOccupations } from '../../server/occupations/data.ts';
import { loadPlaces } from '../../server/places/data.ts';
import { findPlace } from '../../server/places/queries.ts';
import { useTestApp } from '../helpers/app.ts';

describe('the gazetteer and the occupation list', () => {
  const app = useTestApp();
  it('holds the Saxon towns and their neighbours, with postcodes where known', () => {
    const places = loadPlaces();
    expect(places.filter((p) => p.state === '13').length).toBeGreaterThan(400);
    expect(places.find((p) => p.name === 'Dresden')).toMatchObject({ postcode: '01067', state: '13' });
    expect(places.find((p) => p.name === 'Halle (Saale)')?.state).toBe('14');
    expect(new Set(places.map((p) => p.id)).size).toBe(places.length);
  });

  it('gives a shared name its postcode at the right town', async () => {
    const ebersbach = await findPlace(app.db, '02730');
    expect(ebersbach?.name).toBe('Ebersbach');
    expect(ebersbach?.lng).toBeCloseTo(14.586, 2); // Ebersbach-Neugersdorf in the Oberlausitz, not the one near Döbeln
    expect((await findPlace(app.db, 'Oelsnitz'))?.postcode).toBe('09376');
  });

  it('finds towns by name whatever the case and the spelling of ß, or by postcode', async () => {
    expect((await findPlace(app.db, 'meißen'))?.name).toBe('Meissen');
    expect((await findPlace(app.db, 'GÖRLITZ'))?.postcode).toBe('02826');
    expect((await findPlace(app.db, '04109'))?.name).toBe('Leipzig');
    expect(await findPlace(app.db, 'Atlantis')).toBeUndefined();
  });

  it('lists at least 150 occupations with unique KldB codes, gendered titles and English labels', () => {
    const occupations = loadOccupations();
    expect(occupations.length).toBeGreaterThanOrEqual(150);
    expect(new Set(occupations.map((o) => o.code)).size).toBe(occupations.length);
    for (const o of occupations) {
      expect(o.code).toMatch(/^\d{5}$/);
      expect(o.en.length).toBeGreaterThan(2);
    }
    expect(occupations.find((o) => o.code === '81302')?.de).toBe('Pflegefachfrau / Pflegefachmann');
    expect(occupations.filter((o) => o.apprenticeship).length).toBeGreaterThan(50);
  });
});
