/**
 * Saxon towns with their population, so demo employers sit where people live:
 * Leipzig, Dresden and Chemnitz hold most, the district towns fewer.
 *
 * Source: Statistisches Landesamt des Freistaates Sachsen, "Bevölkerung des
 * Freistaates Sachsen nach Gemeinden" (Stand 31.12.2023), rounded to the
 * nearest thousand. Names as the gazetteer spells them (server/places: GeoNames
 * writes "Meissen"); the places data has no population, hence this table.
 */
export interface SaxonTown {
  name: string;
  population: number;
  /** The telephone area code (Vorwahl), so demo contact numbers look local. */
  dialling: string;
}

export const SAXON_TOWNS: readonly SaxonTown[] = [
  { name: 'Leipzig', population: 616_000, dialling: '0341' },
  { name: 'Dresden', population: 566_000, dialling: '0351' },
  { name: 'Chemnitz', population: 250_000, dialling: '0371' },
  { name: 'Zwickau', population: 87_000, dialling: '0375' },
  { name: 'Plauen', population: 64_000, dialling: '03741' },
  { name: 'Görlitz', population: 56_000, dialling: '03581' },
  { name: 'Freiberg', population: 40_000, dialling: '03731' },
  { name: 'Freital', population: 39_000, dialling: '0351' },
  { name: 'Pirna', population: 39_000, dialling: '03501' },
  { name: 'Bautzen', population: 38_000, dialling: '03591' },
  { name: 'Radebeul', population: 34_000, dialling: '0351' },
  { name: 'Hoyerswerda', population: 31_000, dialling: '03571' },
  { name: 'Riesa', population: 30_000, dialling: '03525' },
  { name: 'Meissen', population: 28_000, dialling: '03521' },
  { name: 'Grimma', population: 28_000, dialling: '03437' },
  { name: 'Markkleeberg', population: 25_000, dialling: '0341' },
  { name: 'Delitzsch', population: 25_000, dialling: '034202' },
  { name: 'Zittau', population: 25_000, dialling: '03583' },
  { name: 'Döbeln', population: 24_000, dialling: '03431' },
  { name: 'Limbach-Oberfrohna', population: 24_000, dialling: '03722' },
  { name: 'Glauchau', population: 22_000, dialling: '03763' },
  { name: 'Coswig', population: 21_000, dialling: '03523' },
  { name: 'Torgau', population: 20_000, dialling: '03421' },
  { name: 'Werdau', population: 20_000, dialling: '03761' },
  { name: 'Reichenbach/Vogtland', population: 20_000, dialling: '03765' },
  { name: 'Aue', population: 20_000, dialling: '03771' },
  { name: 'Annaberg-Buchholz', population: 19_000, dialling: '03733' },
  { name: 'Borna', population: 19_000, dialling: '03433' },
  { name: 'Crimmitschau', population: 18_000, dialling: '03762' },
  { name: 'Schkeuditz', population: 18_000, dialling: '034204' },
  { name: 'Großenhain', population: 18_000, dialling: '03522' },
  { name: 'Radeberg', population: 18_000, dialling: '03528' },
  { name: 'Heidenau', population: 16_000, dialling: '03529' },
  { name: 'Wurzen', population: 16_000, dialling: '03425' },
  { name: 'Taucha', population: 16_000, dialling: '034298' },
  { name: 'Marienberg', population: 16_000, dialling: '03735' },
  { name: 'Schwarzenberg', population: 16_000, dialling: '03774' },
  { name: 'Eilenburg', population: 15_000, dialling: '03423' },
  { name: 'Weißwasser', population: 15_000, dialling: '03576' },
  { name: 'Markranstädt', population: 15_000, dialling: '034205' },
  { name: 'Kamenz', population: 14_000, dialling: '03578' },
  { name: 'Oschatz', population: 14_000, dialling: '03435' },
  { name: 'Mittweida', population: 14_000, dialling: '03727' },
  { name: 'Löbau', population: 14_000, dialling: '03585' },
  { name: 'Meerane', population: 14_000, dialling: '03764' },
  { name: 'Dippoldiswalde', population: 14_000, dialling: '03504' },
  { name: 'Frankenberg', population: 14_000, dialling: '037206' },
  { name: 'Hohenstein-Ernstthal', population: 14_000, dialling: '03723' },
  { name: 'Stollberg', population: 11_000, dialling: '037296' },
  { name: 'Bischofswerda', population: 11_000, dialling: '03594' },
  { name: 'Brand-Erbisdorf', population: 9_000, dialling: '037322' },
  { name: 'Sebnitz', population: 9_000, dialling: '035971' },
  { name: 'Niesky', population: 9_000, dialling: '03588' },
  { name: 'Zschopau', population: 9_000, dialling: '03725' },
];

/** Big cities only (≥ 50,000): where chains, hospitals and logistics hubs cluster. */
export const isCity = (town: SaxonTown) => town.population >= 50_000;
