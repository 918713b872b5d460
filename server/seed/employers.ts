import type { Random } from './random.ts';
import { SECTORS, sectorTowns, type Sector } from './sectors.ts';
import type { SaxonTown } from './towns.ts';

export interface DemoEmployer {
  id: string;
  name: string;
  town: SaxonTown;
  sector: Sector;
  /** Its part of all demo vacancies (relative): its sector's share, split unevenly among the sector's employers. */
  weight: number;
}

/** How a town is written in a name (the gazetteer spells Meißen "Meissen"). */
const DISPLAY: Record<string, string> = { Meissen: 'Meißen', 'Reichenbach/Vogtland': 'Reichenbach' };
export const displayTown = (town: SaxonTown) => DISPLAY[town.name] ?? town.name;

/**
 * The demo employer the demo account belongs to: a Dresden care home, like the
 * employers the Dresden project's mentors work with most. It posts about 2.5 %
 * of the demo vacancies, so its inbox, vacancy list and the brokering history fill.
 */
const DEMO_EMPLOYER = { sector: 'care_home', town: 'Dresden', name: 'Seniorenzentrum Elbblick Dresden gGmbH', share: 0.025 };

/**
 * The demo's employers, the same for the same generator state: each sector's
 * count, seated in towns weighted by population (sectors.ts says which towns),
 * with invented names that say what they do. Names are unique.
 */
export function demoEmployers(r: Random, towns: readonly SaxonTown[]): DemoEmployer[] {
  const byName = new Map(towns.map((t) => [t.name, t]));
  const taken = new Set<string>([DEMO_EMPLOYER.name]);
  const employers: DemoEmployer[] = [];
  for (const sector of SECTORS) {
    const places = sectorTowns(sector, towns);
    for (let i = 0; i < sector.employers; i += 1) {
      const town = r.weighted(places);
      let name = sector.name(r, displayTown(town));
      for (let tries = 0; taken.has(name) && tries < 8; tries += 1) name = sector.name(r, displayTown(town));
      if (taken.has(name)) name = `${name} (${displayTown(town)})`;
      taken.add(name);
      const size = r.pick([0.4, 0.7, 1, 1, 1.3, 2]);
      employers.push({ id: r.uuid(), name, town, sector, weight: (sector.share / sector.employers) * size });
    }
  }
  const total = employers.reduce((sum, e) => sum + e.weight, 0);
  const demoSector = SECTORS.find((s) => s.id === DEMO_EMPLOYER.sector)!;
  const demo: DemoEmployer = {
    id: r.uuid(),
    name: DEMO_EMPLOYER.name,
    town: byName.get(DEMO_EMPLOYER.town) ?? towns[0]!,
    sector: demoSector,
    weight: (total * DEMO_EMPLOYER.share) / (1 - DEMO_EMPLOYER.share),
  };
  // First: the demo account's employer (demo.ts links employer@demo.local to employers[0]).
  return [demo, ...employers];
}
