import type { Insertable } from 'kysely';
import type { GermanLevel, VacanciesTable } from '../db/database.ts';
import { GERMAN_LEVELS, SUPPORT_OPTIONS, germanLevelRank } from '../domain.ts';
import { displayTown, type DemoEmployer } from './employers.ts';
import { demoTerms } from './pay.ts';
import type { Random } from './random.ts';
import { occupationText } from './texts.ts';
import type { SaxonTown } from './towns.ts';

export interface SeedOccupation {
  code: string;
  title_de: string;
  apprenticeship: boolean;
}
export interface SeedPlace {
  id: number;
  name: string;
  postcode: string | null;
  lat: number;
  lng: number;
}

/** What a vacancy is drawn from: employers, the occupation list, the towns with their gazetteer places. */
export interface DemoWorld {
  employers: readonly { value: DemoEmployer; weight: number }[];
  occupations: ReadonlyMap<string, SeedOccupation>;
  towns: readonly { value: SaxonTown; weight: number }[];
  places: ReadonlyMap<string, SeedPlace>;
  /** Postings drawn lately (employer, occupation, kind, town): an employer posts each once. demo.ts clears it per chunk, so memory stays flat. */
  seen: Set<string>;
  now: Date;
}

/** Training of three and a half years (the electrical, mechatronic and metal trades) and of two. */
const DURATION_MONTHS: Record<string, number> = {
  '24232': 42,
  '24412': 42,
  '25102': 42,
  '25212': 42,
  '26112': 42,
  '26212': 42,
  '26252': 42,
  '26312': 36,
  '34212': 42,
  '34232': 42,
  '22102': 36,
  '62102': 24,
  '25122': 24,
  '24202': 24,
  '63302': 24,
  '51322': 24,
  '32102': 24,
  '92122': 24,
};
/** Skilled-level jobs employers fill with people they train on the job (cash desk, bus with a paid licence, bakery counter). */
const LEARNT_ON_THE_JOB = new Set(['62112', '52132', '62312', '62322', '63302', '52122', '54112', '24422']);
/** Jobs whose holders need recognition of a foreign qualification: employers who help say so. */
const RECOGNITION = new Set(['81302', '81102', '81112', '81332', '81212', '81404', '81712', '81822', '81804', '83113', '83133']);
const LICENCE: Record<string, string> = {
  '52122': 'Sie haben den Führerschein Klasse CE und die Fahrerkarte (oder machen beides bei uns).',
  '52132': 'Den Führerschein Klasse D machen Quereinsteiger bei uns, wir zahlen ihn.',
  '52182': 'Sie brauchen den Führerschein Klasse B.',
  '51321': 'Sie brauchen den Führerschein Klasse B.',
};
const TIME_TEXT = { full: 'in Vollzeit', part: 'in Teilzeit', either: 'in Voll- oder Teilzeit' } as const;
const TIME_SIMPLE = { full: 'Vollzeit.', part: 'Teilzeit.', either: 'Vollzeit oder Teilzeit.' } as const;
/** The sentence each support option adds to the description (keyed by name, so an option added to domain.ts without one is just not described). */
const SUPPORT_TEXT: Record<string, string> = {
  language_course: 'Wir zahlen Ihnen einen Deutschkurs neben der Arbeit.',
  workplace_mentor: 'Eine feste Ansprechperson begleitet Sie in der Einarbeitung.',
  family_hours: 'Die Arbeitszeiten passen zu Kita und Schule.',
  recognition_help: 'Wir helfen bei der Anerkennung Ihres ausländischen Abschlusses.',
  accommodation: 'Wir helfen Ihnen bei der Suche nach einer Wohnung.',
  trains_without_qualification: 'Ohne Berufsabschluss? Wir lernen Quereinsteiger an.',
};
/** Employers who ask for a qualification but also train people without one say so with this option (matching reads it). */
const TRAINS_WITHOUT = 'trains_without_qualification';
const OPTIONS: readonly string[] = SUPPORT_OPTIONS;

function list(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} und ${items.at(-1)}`;
}
function germanText(level: GermanLevel): string {
  if (level === 'none') return 'Deutschkenntnisse sind nicht nötig.';
  if (level === 'A1' || level === 'A2') return `Einfache Deutschkenntnisse (${level}) reichen.`;
  return `Sie sprechen Deutsch mindestens auf Niveau ${level}.`;
}
function qualificationText(qualification: string, skilled: boolean): string {
  if (qualification === 'vocational')
    return 'Sie haben eine abgeschlossene Ausbildung in diesem Beruf; ausländische Abschlüsse sind willkommen.';
  if (qualification === 'academic') return 'Sie haben ein abgeschlossenes Studium in diesem Fach.';
  return skilled ? 'Quereinsteiger sind willkommen, wir lernen Sie an.' : 'Eine Ausbildung ist nicht nötig, wir arbeiten Sie ein.';
}

const day = (date: Date) => date.toISOString().slice(0, 10);
const addDays = (date: Date, days: number) => new Date(date.getTime() + days * 86_400_000);
const germanDate = (iso: string) => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${d}.${m}.${y}`;
};
const levelsBetween = (low: GermanLevel, high: GermanLevel) =>
  GERMAN_LEVELS.filter((l) => germanLevelRank(l) >= germanLevelRank(low) && germanLevelRank(l) <= germanLevelRank(high));

/** Jobs start on the 1st or the 15th, as contracts do: the next such day from `date`. */
function jobStart(date: Date): string {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth();
  const d = date.getUTCDate();
  return day(d === 1 ? date : d <= 15 ? new Date(Date.UTC(y, m, 15)) : new Date(Date.UTC(y, m + 1, 1)));
}

/** Apprenticeships start on 1 August or 1 September (nursing also 1 April and 1 October), the next one at least two months away. */
function trainingStart(r: Random, now: Date, code: string): string {
  const months = code === '81302' ? [3, 7, 8, 9] : [7, 8];
  const soon = addDays(now, 60);
  const starts = [0, 1].flatMap((y) => months.map((m) => new Date(Date.UTC(now.getUTCFullYear() + y, m, 1)))).filter((d) => d >= soon);
  return day(starts[Math.min(starts.length - 1, r.int(0, 1))]!);
}

/** Who posts what where: an employer by weight, one of its sector's occupations, its town (chains: towns by population). */
function drawPosting(r: Random, world: DemoWorld) {
  for (let attempt = 0; ; attempt += 1) {
    const employer = r.weighted(world.employers);
    const sector = employer.sector;
    const occupation = world.occupations.get(r.weighted(sector.occupations))!;
    const helper = occupation.code.endsWith('1');
    const kind: 'job' | 'apprenticeship' =
      occupation.apprenticeship && !helper && r.chance(sector.apprenticeships) ? 'apprenticeship' : 'job';
    const town = sector.branches && r.chance(0.6) ? r.weighted(world.towns) : employer.town;
    const key = `${employer.id}|${occupation.code}|${kind}|${town.name}`;
    // A second ad for the same post looks like a copy; after a few tries (the big employers) it is allowed.
    if (!world.seen.has(key) || attempt === 4) {
      world.seen.add(key);
      return { employer, occupation, kind, town };
    }
  }
}

/**
 * One demo vacancy: an employer drawn by its weight, one of its sector's
 * occupations, its town (chains post in towns by population), the German,
 * qualification, working time, support and texts that fit the occupation,
 * pay from pay.ts drawn from `terms` (its own generator).
 */
export function drawVacancy(r: Random, terms: Random, world: DemoWorld): Insertable<VacanciesTable> {
  const { now } = world;
  const { employer, occupation, kind, town } = drawPosting(r, world);
  const sector = employer.sector;
  const code = occupation.code;
  const text = occupationText(code, occupation.title_de);
  const helper = code.endsWith('1');
  const apprenticeship = kind === 'apprenticeship';
  const place = world.places.get(town.name)!;
  const status = r.weighted([
    { value: 'published' as const, weight: 85 },
    { value: 'draft' as const, weight: 10 },
    { value: 'closed' as const, weight: 5 },
  ]);
  const publishedAt = status === 'draft' ? null : new Date(now.getTime() - r.int(0, 60) * 86_400_000 - r.int(0, 86_000) * 1000);
  const workingTime = apprenticeship ? 'full' : r.chance(sector.partTime) ? 'part' : r.chance(0.35) ? 'either' : 'full';
  const partTimeTraining = apprenticeship && r.chance(0.08);
  const durationMonths = apprenticeship ? (DURATION_MONTHS[code] ?? 36) : null;
  const startDate = apprenticeship ? trainingStart(r, now, code) : jobStart(addDays(now, r.int(14, 120)));
  const [low, high] = text.german;
  const germanLevel: GermanLevel = apprenticeship
    ? germanLevelRank(low) >= germanLevelRank('B2')
      ? r.pick(['B1', 'B2'] as const)
      : germanLevelRank(low) <= germanLevelRank('A2')
        ? 'A2'
        : 'B1'
    : r.pick(levelsBetween(low, high));
  const skilled = !helper && !apprenticeship;
  const qualification =
    apprenticeship || helper
      ? 'none'
      : code.endsWith('4')
        ? 'academic'
        : code.endsWith('3')
          ? 'vocational'
          : (LEARNT_ON_THE_JOB.has(code) && r.chance(0.6)) || r.chance(0.06)
            ? 'none'
            : 'vocational';
  const drivingLicence = code in LICENCE || r.chance(sector.driving);
  const shiftWork = r.chance(apprenticeship ? sector.shifts / 2 : sector.shifts);
  const support = new Set<string>(SUPPORT_OPTIONS.filter((option) => r.chance(sector.support[option] ?? 0)));
  if ((skilled && qualification === 'none') || (apprenticeship && r.chance(0.4))) support.add('workplace_mentor');
  // Asks for the qualification, trains career changers too: the option says so (LEARNT_ON_THE_JOB first).
  if (
    OPTIONS.includes(TRAINS_WITHOUT) &&
    skilled &&
    qualification === 'vocational' &&
    !RECOGNITION.has(code) &&
    r.chance(LEARNT_ON_THE_JOB.has(code) ? 0.6 : 0.12)
  )
    support.add(TRAINS_WITHOUT);
  if (qualification !== 'none' && RECOGNITION.has(code) && r.chance(0.5)) support.add('recognition_help');
  // Recognition is of a vocational or academic qualification: no help to offer where none is asked.
  if (qualification === 'none') support.delete('recognition_help');
  const agreementGroup = !apprenticeship && sector.agreement && r.chance(sector.agreement.chance) ? sector.agreement.group(code) : null;
  const offers = [r.pick(sector.offers), r.pick(sector.offers)].filter((v, i, all) => all.indexOf(v) === i);
  const title = apprenticeship
    ? (text.apprenticeship ?? `Ausbildung ${occupation.title_de} (m/w/d)`)
    : `${r.pick(text.titles)}${workingTime === 'part' && !/Teilzeit/.test(text.titles.join()) ? ' in Teilzeit' : ''}`;
  const plain = title.replace(/ \(m\/w\/d\).*$/, '').replace(/^Ausbildung /, '');
  const where = displayTown(town);
  const sentences = apprenticeship
    ? [
        `${employer.name} bildet in ${where} aus: ${plain}. Beginn ist am ${germanDate(startDate)}, die Ausbildung dauert ${durationMonths} Monate.`,
        text.tasks.length > 0 ? `In der Ausbildung lernen Sie: ${list(text.tasks)}.` : '',
        'Sie lernen im Betrieb und in der Berufsschule.',
        germanText(germanLevel),
      ]
    : [
        `${employer.name} sucht in ${where} ${TIME_TEXT[workingTime]} Verstärkung: ${plain}.`,
        text.tasks.length > 0 ? `Ihre Aufgaben: ${list(text.tasks)}.` : '',
        qualificationText(qualification, skilled),
        germanText(germanLevel),
        LICENCE[code] ?? (drivingLicence ? 'Ein Führerschein Klasse B ist nötig.' : ''),
        shiftWork ? 'Die Arbeit ist im Schichtdienst, auch am Wochenende.' : '',
      ];
  const description = [
    ...sentences,
    ...OPTIONS.filter((o) => support.has(o) && SUPPORT_TEXT[o]).map((o) => SUPPORT_TEXT[o]!),
    `Wir bieten ${list(offers)}.`,
  ]
    .filter(Boolean)
    .join(' ');
  const summary = apprenticeship
    ? `Ausbildung in ${where}, ${String(durationMonths! / 12).replace('.', ',')} Jahre. ${text.simple} Sie lernen im Betrieb und in der Schule.`
    : `${text.simple} ${TIME_SIMPLE[workingTime]} In ${where}.`;
  return {
    id: r.uuid(),
    employer_id: employer.id,
    kind,
    occupation_code: code,
    title,
    description,
    summary,
    place_id: place.id,
    town: place.name,
    postcode: place.postcode!,
    lat: place.lat,
    lng: place.lng,
    working_time: workingTime,
    part_time_training: partTimeTraining,
    start_date: startDate,
    duration_months: durationMonths,
    german_level: germanLevel,
    qualification,
    driving_licence: drivingLicence,
    shift_work: shiftWork,
    support: SUPPORT_OPTIONS.filter((o) => support.has(o)),
    status,
    published_at: publishedAt,
    closed_at: status === 'closed' ? now : null,
    expires_at: r.chance(0.7) ? day(addDays(now, r.int(20, 200))) : null,
    ...demoTerms(terms, {
      kind,
      occupation_code: code,
      working_time: workingTime,
      duration_months: durationMonths,
      town: place.name,
      dialling: town.dialling,
      care: ['care_home', 'home_care', 'hospital'].includes(sector.id),
      agreement: agreementGroup ? { name: sector.agreement!.name, group: agreementGroup } : null,
    }),
  };
}
