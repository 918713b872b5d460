import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { distanceKm } from '../../server/domain.ts';
import { findPlace } from '../../server/places/queries.ts';
import { loadProjects } from '../../server/projects/data.ts';
import { projectsByDistance } from '../../server/projects/queries.ts';
import { useTestApp } from '../helpers/app.ts';
import { elementText, inputTag, mainOf, pageTitle } from '../helpers/admin.ts';

const app = useTestApp();

interface ProjectAnswer {
  slug: string;
  name: string;
  carrier: string;
  districts: string[];
  contact: { email: string | null; phone: string | null; url: string | null };
  distanceKm: number | null;
}

async function lookUp(town: string) {
  const response = await request(app.server).get('/mentoring').query({ town }).set('accept', 'application/json');
  expect(response.status).toBe(200);
  return response.body as { town: string; served: boolean; projects: ProjectAnswer[] };
}

/** The card of one project on the page (from its heading to the end of its list item). */
function cardOf(html: string, name: string): string {
  const start = html.indexOf(`<h3 class="card__title" lang="de" dir="auto">${name}</h3>`);
  expect(start, `no card for ${name}`).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('</li>', start));
}

describe('find your mentor', () => {
  it('names the project serving Dresden with its carrier, districts and public contact', async () => {
    const response = await request(app.server).get('/mentoring?town=Dresden');
    expect(response.status).toBe(200);
    const main = mainOf(response.text);
    expect(main).toContain('Für <bdi>Dresden</bdi> zuständig');
    const card = cardOf(main, 'Arbeitsmarktmentoren Dresden');
    expect(card).toContain('ARBEIT UND LEBEN Sachsen e.V.');
    expect(card).toContain('<a href="mailto:mentoren-dresden@example.org" dir="ltr">mentoren-dresden@example.org</a>');
    expect(card).toContain('href="https://www.arbeitundleben.eu/projekte/detail/labor-market-mentors-dresden-586/"');
    expect(card).toContain('Radebeul');
    // Only the serving project, not every project.
    expect(main).not.toContain('Arbeitsmarktmentoren Leipzig');
    expect(inputTag(response.text, 'town')).toContain('value="Dresden"');
  });

  it('answers JSON in the documented shape', async () => {
    const body = await lookUp('dresden');
    expect(body.town).toBe('Dresden');
    expect(body.served).toBe(true);
    expect(body.projects).toEqual([
      {
        slug: 'aul-dresden',
        name: 'Arbeitsmarktmentoren Dresden',
        carrier: 'ARBEIT UND LEBEN Sachsen e.V.',
        districts: ['Dresden'],
        contact: {
          email: 'mentoren-dresden@example.org',
          phone: null,
          url: 'https://www.arbeitundleben.eu/projekte/detail/labor-market-mentors-dresden-586/',
        },
        distanceKm: 0,
      },
    ]);
  });

  it('names every project that lists the town, and finds towns by postcode and with ß or ss', async () => {
    expect((await lookUp('Leipzig')).projects.map((p) => p.slug).sort()).toEqual(['aul-leipzig', 'leipzig-frauen']);
    const byPostcode = await lookUp('01067');
    expect(byPostcode.town).toBe('Dresden');
    expect(byPostcode.projects.map((p) => p.slug)).toEqual(['aul-dresden']);
    // The project lists "Meissen"; people type "Meißen".
    const meissen = await lookUp('Meißen');
    expect(meissen.served).toBe(true);
    expect(meissen.projects.map((p) => p.slug)).toEqual(['meissen']);
  });

  it('names the nearest project for a town no project lists, with its distance, and says so', async () => {
    const town = 'Seifhennersdorf';
    const servedBy = loadProjects().filter((p) => p.towns.some((t) => t.toLowerCase() === town.toLowerCase()));
    expect(servedBy).toEqual([]);

    const body = await lookUp(town);
    expect(body.served).toBe(false);
    expect(body.projects[0]!.slug).toBe('euro-schulen-goerlitz');
    expect(body.projects.map((p) => p.slug)).not.toContain('aul-dresden');

    // The distance is the one to the project's nearest town.
    const here = (await findPlace(app.db, town))!;
    const goerlitz = loadProjects().find((p) => p.slug === 'euro-schulen-goerlitz')!;
    const places = await Promise.all(goerlitz.towns.map((t) => findPlace(app.db, t)));
    const expected = Math.min(...places.filter((p) => p !== undefined).map((p) => distanceKm(here, p)));
    expect(body.projects[0]!.distanceKm).toBeGreaterThan(0);
    expect(Math.abs(body.projects[0]!.distanceKm! - expected)).toBeLessThan(0.1);

    const page = await request(app.server).get('/mentoring').query({ town });
    expect(page.status).toBe(200);
    const main = mainOf(page.text);
    expect(main).toContain(`Am nächsten an <bdi>${town}</bdi>`);
    expect(main).toContain(`Kein Projekt nennt <bdi>${town}</bdi> als Einsatzort`);
    expect(cardOf(main, 'Arbeitsmarktmentoren im Landkreis Görlitz')).toMatch(/etwa \d+(,\d)? km entfernt/);
  });

  it('names the nearest project for a town outside Saxony too', async () => {
    const body = await lookUp('Hof');
    expect(body.served).toBe(false);
    expect(body.projects.map((p) => p.slug)).toEqual(['pscherer-vogtland']);
  });

  it("reads a shared town name in a project list as the one near the project's other towns", async () => {
    // GeoNames has several Ebersbachs; the Görlitz project's list means the one in the Oberlausitz, not the one near Döbeln.
    const nearDoebeln = await app.db
      .selectFrom('places')
      .select(['lat', 'lng'])
      .where('name', '=', 'Ebersbach')
      .where('lng', '<', 13.3)
      .executeTakeFirstOrThrow();
    const projects = await projectsByDistance(app.db, nearDoebeln);
    expect(projects.find((p) => p.slug === 'euro-schulen-goerlitz')!.distance_km).toBeGreaterThan(80);
  });

  it('puts a message next to the field for an unknown town, with status 400 and the value kept', async () => {
    const response = await request(app.server).get('/mentoring?town=Atlantis');
    expect(response.status).toBe(400);
    expect(pageTitle(response.text)).toMatch(/^Fehler:/);
    expect(response.text).toContain('href="#town"');
    expect(elementText(response.text, 'town-error')).toContain('Diesen Ort kennen wir nicht');
    expect(inputTag(response.text, 'town')).toContain('value="Atlantis"');
    expect(inputTag(response.text, 'town')).toContain('aria-invalid="true"');

    const json = await request(app.server).get('/mentoring?town=Atlantis').set('accept', 'application/json');
    expect(json.status).toBe(400);
    expect(json.body.error.fields.town).toContain('Diesen Ort kennen wir nicht');

    const tooLong = await request(app.server)
      .get('/mentoring')
      .query({ town: 'x'.repeat(101) });
    expect(tooLong.status).toBe(400);
  });

  it('lists every project when no town is given', async () => {
    const response = await request(app.server).get('/mentoring');
    expect(response.status).toBe(200);
    const main = mainOf(response.text);
    expect(main).toContain('Alle Projekte in Sachsen');
    for (const project of loadProjects()) expect(main).toContain(`<h3 class="card__title" lang="de" dir="auto">${project.name}</h3>`);
    const json = await request(app.server).get('/mentoring?town=').set('accept', 'application/json');
    expect(json.body.town).toBeNull();
    // Every project in the database: the programme's own, and those other test files made meanwhile.
    const inDatabase = (await app.db.selectFrom('projects').select('slug').execute()).map((p) => p.slug);
    expect((json.body.projects as ProjectAnswer[]).map((p) => p.slug).sort()).toEqual(inDatabase.sort());
    expect(inDatabase).toEqual(expect.arrayContaining(loadProjects().map((p) => p.slug)));
  });

  it('speaks English when asked', async () => {
    const response = await request(app.server).get('/mentoring?town=Dresden&lang=en');
    expect(response.text).toContain('Serving <bdi>Dresden</bdi>');
    expect(response.text).toContain('<html lang="en"');
  });
});
