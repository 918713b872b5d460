import { describe, expect, it } from 'vitest';
import { loadOccupations } from '../../server/occupations/data.ts';
import { loadPlaces } from '../../server/places/data.ts';
import { demoEmployers, type DemoEmployer } from '../../server/seed/employers.ts';
import { BACKGROUNDS, drawMentee, type DemoMenteePlace } from '../../server/seed/mentees.ts';
import { CARE_MINIMUM_CENTS, MINIMUM_TRAINING_PAY_CENTS, MINIMUM_WAGE_CENTS, WEEKS_PER_MONTH } from '../../server/seed/pay.ts';
import { Random } from '../../server/seed/random.ts';
import { SECTORS } from '../../server/seed/sectors.ts';
import { SAXON_TOWNS } from '../../server/seed/towns.ts';
import { drawVacancy, type DemoWorld } from '../../server/seed/vacancies.ts';

/*
 * The demo data's generators, drawn in memory as seedDemoData draws them
 * (same places, same occupation list), checked for what someone who knows
 * the Saxon labour market would notice first.
 */
const places = new Map(
  loadPlaces()
    .filter((p) => p.state === '13' && p.postcode)
    .map((p) => [p.name, p]),
);
const occupations = new Map(loadOccupations().map((o) => [o.code, { code: o.code, title_de: o.de, apprenticeship: o.apprenticeship }]));
const towns = SAXON_TOWNS.filter((t) => places.has(t.name));
const NOW = new Date('2026-12-07T09:00:00Z');

function draw(seed: number, count: number) {
  const r = new Random(seed);
  const terms = new Random(seed ^ 0x9a7);
  const employers = demoEmployers(r, towns);
  const world: DemoWorld = {
    employers: employers.map((e) => ({ value: e, weight: e.weight })),
    occupations,
    towns: towns.map((t) => ({ value: t, weight: t.population })),
    places,
    now: NOW,
    seen: new Set(),
  };
  const vacancies = Array.from({ length: count }, (_, i) => {
    if (i % 1000 === 0) world.seen.clear();
    return drawVacancy(r, terms, world);
  });
  return { employers, vacancies, byId: new Map<string, DemoEmployer>(employers.map((e) => [e.id, e])) };
}

const demo = draw(2026, 5000);

/** What an employer's name must say, per sector (any case): written here, not taken from the generator. */
const NAME_SAYS: Record<string, RegExp> = {
  care_home: /Senioren|Pflegeheim|Wohnen und Pflege/,
  home_care: /Pflegedienst|Krankenpflege/,
  hospital: /Klinikum|krankenhaus/i,
  practice: /Arztpraxis|MVZ|Gemeinschaftspraxis/,
  dental: /Zahnarzt|Zahnärzte/,
  pharmacy: /Apotheke/,
  bakery: /Bäckerei/,
  butcher: /Fleischerei/,
  food_production: /Feinkost|Backwaren|Frischeküche/,
  supermarket: /markt|Märkte/i,
  drugstore: /Drogerie/,
  warehouse: /Logistik|Lager/,
  haulage: /Spedition|Transporte|Trans Logistik/,
  courier: /Paket|Kurier|Zustellung/,
  public_transport: /verkehr/i,
  hotel: /Hotel/,
  restaurant: /Gasthof|Restaurant|Wirtshaus/,
  catering: /Kantine|Verpflegung|Burger/,
  cleaning: /Gebäudeservice|Reinigung|Facility/,
  laundry: /Wäscherei|Textilservice/,
  security: /Sicherheit|Objektschutz|Wachschutz/,
  caretaking: /Hausmeister|Wohnungsgenossenschaft/,
  electrical: /Elektro|Gebäudetechnik/,
  plumbing: /Heizung|Haustechnik|Bad & Wärme/,
  construction: /Bau/,
  roadworks: /Straßenbau/,
  painting: /Maler/,
  joinery: /Tischlerei|Holzbau|Möbelwerkstatt/,
  roofing: /Dach|Bedachung/,
  metalwork: /Metallbau|Stahlbau|Schlosserei/,
  engineering: /Maschinenbau|Präzisionstechnik|Anlagenbau/,
  plastics: /Kunststoff|Spritzguss/,
  chemicals: /Chemie|Pharma/,
  garage: /Auto|Kfz/,
  landscaping: /Garten|GaLaBau|Gärtnerei/,
  farm: /Agrar|Landwirtschaft|Obsthof/,
  hairdresser: /Friseur|Salon/,
  childcare: /Kita|Kinderhaus/,
  disability: /Wohnstätten|Teilhabe|Werkstätten/,
  it: /Software|IT-Service|code/,
  office: /Steuerberatung|Hausverwaltung|Kanzlei/,
  call_centre: /Kundenservice|Dialogcenter/,
};

/** Big brands and real employers an invented name must not borrow. */
const REAL_NAMES =
  /Rossmann|Rosmann|Netto|Lidl|Aldi|Rewe|Edeka|Nahkauf|Kaufland|Penny|DHL|Hermes|Amazon|Helios|Asklepios|Lebenshilfe|Diakonie|Caritas|Volkssolidarität|St\. Georg|Mittelsachsen/;

describe('demo employers', () => {
  it('are named for what they post, and post only that', () => {
    expect(Object.keys(NAME_SAYS).sort()).toEqual(SECTORS.map((s) => s.id).sort());
    for (const employer of demo.employers) {
      expect(employer.name, employer.sector.id).toMatch(new RegExp(NAME_SAYS[employer.sector.id]!.source, 'i'));
      expect(employer.name).not.toMatch(REAL_NAMES);
    }
    for (const vacancy of demo.vacancies) {
      const employer = demo.byId.get(vacancy.employer_id)!;
      expect(
        employer.sector.occupations.map((o) => o.value),
        `${employer.name} posts ${vacancy.title}`,
      ).toContain(vacancy.occupation_code);
    }
    // The sectors' occupations are in the occupation list, and the names are unique.
    for (const sector of SECTORS) for (const o of sector.occupations) expect(occupations.has(o.value), o.value).toBe(true);
    expect(new Set(demo.employers.map((e) => e.name)).size).toBe(demo.employers.length);
  });

  it('a care service posts care work, a bakery bakers and sales staff, a logistics firm warehouse and driving jobs', () => {
    const postedBy = (sector: string) =>
      new Set(demo.vacancies.filter((v) => demo.byId.get(v.employer_id)!.sector.id === sector).map((v) => v.occupation_code.slice(0, 3)));
    expect([...postedBy('home_care')].every((field) => ['813', '821', '832'].includes(field))).toBe(true);
    expect([...postedBy('bakery')].every((field) => ['292', '623'].includes(field))).toBe(true);
    expect([...postedBy('warehouse')].every((field) => ['513', '525', '516'].includes(field))).toBe(true);
  });

  it('sit in towns by population: Leipzig, Dresden and Chemnitz most, district towns fewer', () => {
    const byTown = new Map<string, number>();
    for (const v of demo.vacancies) byTown.set(v.town, (byTown.get(v.town) ?? 0) + 1);
    const share = (town: string) => (byTown.get(town) ?? 0) / demo.vacancies.length;
    expect(share('Leipzig') + share('Dresden') + share('Chemnitz')).toBeGreaterThan(0.5);
    for (const big of ['Leipzig', 'Dresden']) expect(share(big)).toBeGreaterThan(0.15);
    expect(share('Chemnitz')).toBeGreaterThan(share('Zwickau'));
    expect(share('Zwickau')).toBeGreaterThan(share('Hoyerswerda'));
    for (const town of ['Zwickau', 'Plauen', 'Görlitz', 'Freiberg', 'Bautzen', 'Pirna', 'Hoyerswerda']) {
      expect(share(town), town).toBeGreaterThan(0);
      expect(share(town), town).toBeLessThan(0.06);
    }
  });
});

describe('demo vacancies', () => {
  it('pay at least the minimum wage of 2027 (14.60 €), the care minimum in care and the Mindestausbildungsvergütung', () => {
    expect(MINIMUM_WAGE_CENTS).toEqual({ 2026: 1390, 2027: 1460 });
    expect(MINIMUM_TRAINING_PAY_CENTS[0]).toBe(68200);
    for (const v of demo.vacancies) {
      const care = ['care_home', 'home_care', 'hospital'].includes(demo.byId.get(v.employer_id)!.sector.id);
      const floor =
        care && v.occupation_code === '81302'
          ? CARE_MINIMUM_CENTS.qualified
          : care && ['81301', '82101'].includes(v.occupation_code)
            ? CARE_MINIMUM_CENTS.helper
            : MINIMUM_WAGE_CENTS[2027];
      if (v.pay_unit === 'hour') expect(v.pay_min_cents, v.title).toBeGreaterThanOrEqual(floor);
      if (v.pay_unit === 'month') expect(v.pay_min_cents, v.title).toBeGreaterThanOrEqual(floor * v.weekly_hours! * WEEKS_PER_MONTH);
      if (v.pay_max_cents) expect(v.pay_max_cents).toBeGreaterThan(v.pay_min_cents!);
      if (v.kind === 'apprenticeship') {
        expect(v.pay_kind).toBe('training');
        v.training_pay_cents!.forEach((cents, year) =>
          expect(cents, `${v.title} year ${year + 1}`).toBeGreaterThanOrEqual(MINIMUM_TRAINING_PAY_CENTS[year]!),
        );
        expect(v.training_pay_cents).toHaveLength(Math.ceil(v.duration_months! / 12));
      } else expect(v.pay_kind).not.toBe('training');
    }
  });

  it('pay what the occupation pays: a nurse more than a care helper, a doctor most', () => {
    const median = (code: string) => {
      const hourly = demo.vacancies
        .filter((v) => v.occupation_code === code && v.pay_unit)
        .map((v) => (v.pay_unit === 'hour' ? v.pay_min_cents! : v.pay_min_cents! / (v.weekly_hours! * WEEKS_PER_MONTH)))
        .sort((a, b) => a - b);
      return hourly[Math.floor(hourly.length / 2)]!;
    };
    expect(median('81302')).toBeGreaterThan(median('81301'));
    expect(median('81301')).toBeGreaterThan(median('51311'));
    expect(median('81404')).toBeGreaterThan(median('81302'));
  });

  it('ask what the occupation asks: helpers no qualification and little German, nurses B2, apprenticeships start in summer', () => {
    const rank = ['none', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2'];
    for (const v of demo.vacancies) {
      if (v.occupation_code.endsWith('1')) expect(v.qualification, v.title).toBe('none');
      if (v.kind === 'apprenticeship') {
        expect(v.qualification).toBe('none');
        expect(v.title).toMatch(/^Ausbildung /);
        expect(['04', '08', '09', '10']).toContain(v.start_date!.slice(5, 7));
        expect(v.start_date!.slice(8)).toBe('01');
      }
      if (v.kind === 'job') expect(['01', '15']).toContain(v.start_date!.slice(8));
      if (v.kind === 'job' && v.occupation_code === '81302')
        expect(rank.indexOf(v.german_level)).toBeGreaterThanOrEqual(rank.indexOf('B2'));
      if (['51311', '54101', '29301'].includes(v.occupation_code))
        expect(rank.indexOf(v.german_level)).toBeLessThanOrEqual(rank.indexOf('A2'));
      if (v.support!.includes('recognition_help')) expect(v.qualification, v.title).not.toBe('none');
      expect(v.description).toContain(demo.byId.get(v.employer_id)!.name);
      expect(v.summary.length).toBeLessThanOrEqual(400);
    }
    const share = demo.vacancies.filter((v) => v.kind === 'apprenticeship').length / demo.vacancies.length;
    expect(share).toBeGreaterThan(0.12);
    expect(share).toBeLessThan(0.3);
  });

  it('are the same for the same seed and differ for another', () => {
    const again = draw(2026, 300);
    expect(again.vacancies).toEqual(demo.vacancies.slice(0, 300));
    expect(again.employers.map((e) => e.name)).toEqual(demo.employers.map((e) => e.name));
    expect(draw(7, 300).vacancies.map((v) => v.id)).not.toEqual(again.vacancies.map((v) => v.id));
  });

  it('draw 20,000 in well under the time a startup may take', () => {
    const started = performance.now();
    draw(11, 20_000);
    // About 0.1 ms each on an idle laptop; generous, because the test machine is shared.
    expect(performance.now() - started).toBeLessThan(20_000);
  });
});

describe('demo mentees', () => {
  const dresden = places.get('Dresden')!;
  const mentees = (() => {
    const r = new Random(77);
    const home: { value: DemoMenteePlace; weight: number }[] = [
      { value: { ...dresden, commuteKm: 0 }, weight: 566 },
      { value: { ...places.get('Pirna')!, commuteKm: 18 }, weight: 39 },
    ];
    return Array.from({ length: 3000 }, () => drawMentee(r, home, new Set(occupations.keys()), NOW));
  })();
  const share = (test: (m: (typeof mentees)[number]) => boolean) => mentees.filter(test).length / mentees.length;

  it('are about a third women, many without a vocational qualification, most at A2 or B1', () => {
    expect(share((m) => m.gender === 'f')).toBeGreaterThan(0.28);
    expect(share((m) => m.gender === 'f')).toBeLessThan(0.4);
    expect(share((m) => m.qualification === 'none')).toBeGreaterThan(0.35);
    expect(share((m) => m.german_level === 'A2' || m.german_level === 'B1')).toBeGreaterThan(0.5);
    expect(share((m) => m.german_level === 'C1')).toBeLessThan(0.1);
  });

  it('speak the languages of Ukraine, Syria, Afghanistan, Eritrea and Venezuela, and read the portal in theirs', () => {
    for (const language of ['Ukrainisch', 'Russisch', 'Arabisch', 'Dari', 'Tigrinya', 'Spanisch']) {
      expect(
        share((m) => m.other_languages!.includes(language)),
        language,
      ).toBeGreaterThan(0.04);
    }
    expect(share((m) => m.other_languages!.includes('Ukrainisch'))).toBeGreaterThan(share((m) => m.other_languages!.includes('Tigrinya')));
    for (const locale of ['de', 'uk', 'ar', 'fa', 'en'])
      expect(
        share((m) => m.locale === locale),
        locale,
      ).toBeGreaterThan(0.03);
    expect(Object.keys(BACKGROUNDS)).toContain('venezuela');
  });

  it('hold the work permits and German courses of the programme: temporary protection, pending permits, a course to the next level', () => {
    expect(share((m) => m.work_permit === 'temporary_protection')).toBeGreaterThan(0.2);
    expect(share((m) => m.work_permit === 'pending')).toBeGreaterThan(0.05);
    expect(share((m) => m.work_permit === 'yes')).toBeGreaterThan(0.3);
    const rank = ['none', 'A1', 'A2', 'B1', 'B2', 'C1', 'C2'];
    const inCourse = mentees.filter((m) => m.german_course_level);
    expect(inCourse.length / mentees.length).toBeGreaterThan(0.15);
    for (const m of inCourse) {
      expect(rank.indexOf(m.german_course_level!)).toBe(rank.indexOf(m.german_level) + 1);
      expect(m.german_course_end! > NOW.toISOString().slice(0, 10)).toBe(true);
    }
    for (const m of mentees.filter((x) => !x.german_course_level)) expect(m.german_course_end).toBeNull();
  });

  it('store no origin and no name: only the profile fields', () => {
    const keys = Object.keys(mentees[0]!).sort();
    for (const forbidden of ['nationality', 'country', 'origin', 'name', 'background']) expect(keys).not.toContain(forbidden);
  });

  it('wish for care, logistics, gastronomy, retail, cleaning and trades most, IT few; travel to the city from around it', () => {
    const field = (codes: string[], prefixes: string[]) => codes.some((c) => prefixes.some((p) => c.startsWith(p)));
    const common = share((m) =>
      field(m.desired_occupations as string[], [
        '813',
        '821',
        '513',
        '525',
        '521',
        '293',
        '633',
        '632',
        '621',
        '541',
        '262',
        '342',
        '252',
        '322',
        '332',
        '244',
      ]),
    );
    expect(common).toBeGreaterThan(0.75);
    expect(share((m) => field(m.desired_occupations as string[], ['43']))).toBeLessThan(0.08);
    expect(share((m) => field(m.desired_occupations as string[], ['43']))).toBeGreaterThan(0);
    for (const m of mentees.filter((x) => x.home_town === 'Pirna')) expect(m.travel_km).toBeGreaterThanOrEqual(25);
    // Those who want an apprenticeship mostly have B1 or more (vocational school asks it).
    const apprentices = mentees.filter((m) => (m.desired_kinds as string[]).includes('apprenticeship'));
    expect(apprentices.filter((m) => ['B1', 'B2', 'C1'].includes(m.german_level)).length / apprentices.length).toBeGreaterThan(0.5);
  });
});
