/**
 * Writes test/matching-eval/vacancies.json from plan.ts, vacancy-texts.ts and
 * near-misses.ts. Deterministic: the same sources give the same file, byte
 * for byte. The judgements in profiles.json refer to the keys (V001 …), so
 * new vacancies must only ever be appended.
 *
 *   npx tsx test/matching-eval/generate-vacancies.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { VacancyInput } from '../../server/vacancies/schemas.ts';
import { NEAR_MISSES } from './near-misses.ts';
import { ISSUE_15_VACANCIES } from './issue-15-vacancies.ts';
import { PLAN } from './plan.ts';
import { EMPLOYERS, TEXTS } from './vacancy-texts.ts';
import type { EvalVacancy } from './fixture.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../..');
const occupations = JSON.parse(readFileSync(path.join(root, 'server/occupations/occupations.json'), 'utf8')) as {
  code: string;
  de: string;
  apprenticeship: boolean;
}[];
const postcodes = JSON.parse(readFileSync(path.join(root, 'server/places/postcodes.json'), 'utf8')) as Record<string, string>;
const occupationByCode = new Map(occupations.map((o) => [o.code, o]));

/** mulberry32: a fixed generator, so the file does not depend on other code's random streams. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]! };
}
const r = random(20261123);

const OFFERS = [
  'pünktliche Bezahlung nach Tarif',
  'einen unbefristeten Vertrag',
  'einen Zuschuss zum Deutschlandticket',
  'feste Arbeitszeiten',
  '30 Tage Urlaub',
  'ein freundliches, internationales Team',
];
const JOB_STARTS = ['2027-01-04', '2027-01-15', '2027-02-01', '2027-03-01', '2027-04-01', null];
const SUPPORT = ['language_course', 'workplace_mentor', 'family_hours', 'recognition_help', 'accommodation'] as const;
const LONG_TRAINING = /^(24232|24412|25102|25212|25222|26112|26122|26212|26252|26312|34212|34232)$/;
const SHORT_TRAINING = /^(62102|25122|24202|63302|51322)$/;
/** Skilled-level codes whose jobs employers fill with people they train on the job (cash desk, taxi, courier). */
const LEARNT_ON_THE_JOB = /^(62112|52112|52182)$/;

const WORKING_TIME = { F: 'full', P: 'part', E: 'either' } as const;
const TIME_TEXT = { full: 'in Vollzeit', part: 'in Teilzeit', either: 'in Voll- oder Teilzeit' } as const;
const TIME_SIMPLE = { full: 'Vollzeit.', part: 'Teilzeit.', either: 'Vollzeit oder Teilzeit.' } as const;

function list(items: readonly string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} und ${items.at(-1)}`;
}

function germanText(level: string): string {
  if (level === 'none') return 'Deutschkenntnisse sind nicht nötig.';
  if (level === 'A1' || level === 'A2') return `Einfache Deutschkenntnisse (${level}) reichen.`;
  return `Sie sprechen Deutsch mindestens auf Niveau ${level}.`;
}

function qualificationText(qualification: string, careerChangers: boolean): string {
  if (qualification === 'vocational')
    return 'Sie haben eine abgeschlossene Ausbildung in diesem Beruf; ausländische Abschlüsse sind willkommen.';
  if (qualification === 'academic')
    return 'Sie haben ein abgeschlossenes Studium; wir helfen bei der Anerkennung ausländischer Abschlüsse.';
  return careerChangers
    ? 'Quereinsteiger sind willkommen, wir arbeiten Sie ein.'
    : 'Eine Ausbildung ist nicht nötig, wir arbeiten Sie ein.';
}

function defaultQualification(code: string, kind: string, careerChangers: boolean): 'none' | 'vocational' | 'academic' {
  if (kind === 'apprenticeship' || careerChangers || code.endsWith('1') || LEARNT_ON_THE_JOB.test(code)) return 'none';
  return code.endsWith('4') ? 'academic' : 'vocational';
}

function fromSpec(code: string, spec: string, index: number): Omit<EvalVacancy, 'key'> {
  const [town, germanLevel, time, flags = ''] = spec.split('|') as [string, EvalVacancy['germanLevel'], keyof typeof WORKING_TIME, string?];
  const text = TEXTS[code];
  if (!text) throw new Error(`No texts for occupation ${code}`);
  const kind = flags.includes('A') ? 'apprenticeship' : 'job';
  const careerChangers = flags.includes('N');
  const variant = /\d/.exec(flags)?.[0];
  const workingTime = WORKING_TIME[time];
  const licence = flags.includes('L');
  const shift = flags.includes('S');
  const partTimeTraining = kind === 'apprenticeship' && flags.includes('T');
  const qualification = defaultQualification(code, kind, careerChangers);
  const employer = r.pick(EMPLOYERS[text.employers]);
  const offers = [r.pick(OFFERS), r.pick(OFFERS)].filter((o, i, all) => all.indexOf(o) === i);
  const support = SUPPORT.filter((s) => r.next() < (s === 'language_course' && ['none', 'A1', 'A2'].includes(germanLevel) ? 0.6 : 0.25));
  const extras = [licence ? 'Ein Führerschein Klasse B ist erforderlich.' : '', shift ? 'Die Arbeit ist im Schichtdienst.' : '']
    .filter(Boolean)
    .join(' ');

  let title: string;
  let description: string;
  let summary: string;
  let startDate: string | null;
  let durationMonths: number | null = null;
  if (kind === 'apprenticeship') {
    if (!text.apprenticeship || !occupationByCode.get(code)?.apprenticeship)
      throw new Error(`${code} is not an apprenticeship occupation (${spec})`);
    title = text.apprenticeship;
    startDate = r.next() < 0.6 ? '2027-08-01' : '2027-09-01';
    durationMonths = LONG_TRAINING.test(code) ? 42 : SHORT_TRAINING.test(code) ? 24 : 36;
    description =
      `${employer} bildet in ${town} aus. Beginn ist am ${germanDate(startDate)}, die Ausbildung dauert ${durationMonths} Monate. ` +
      `In der Ausbildung lernen Sie: ${list(text.tasks)}. ${partTimeTraining ? 'Die Ausbildung ist auch in Teilzeit möglich. ' : ''}` +
      `${germanText(germanLevel)} ${extras} Wir bieten ${list(offers)}.`;
    summary = `Ausbildung in ${town}. ${text.simple} ${partTimeTraining ? 'Auch in Teilzeit möglich.' : TIME_SIMPLE[workingTime]}`;
  } else {
    title = text.titles[Number(variant ?? index) % text.titles.length]!;
    startDate = r.pick(JOB_STARTS);
    const when = startDate ? `ab ${germanDate(startDate)}` : 'ab sofort';
    description =
      `${employer} sucht in ${town} ${when} Verstärkung ${TIME_TEXT[workingTime]}. Ihre Aufgaben: ${list(text.tasks)}. ` +
      `${qualificationText(qualification, careerChangers)} ${germanText(germanLevel)} ${extras} Wir bieten ${list(offers)}.`;
    summary = `${text.simple} Arbeitsort: ${town}. ${TIME_SIMPLE[workingTime]}`;
  }
  return {
    status: flags.includes('D') ? 'draft' : flags.includes('C') ? 'closed' : 'published',
    kind,
    occupation: code,
    title,
    description: description.replace(/\s+/g, ' ').trim(),
    summary: summary.replace(/\s+/g, ' ').trim(),
    town,
    postcode: postcodeOf(town),
    workingTime,
    partTimeTraining,
    startDate,
    durationMonths,
    germanLevel,
    qualification,
    drivingLicence: licence,
    shiftWork: shift,
    support: [...support],
    expiresAt: null,
    note: null,
  };
}

function germanDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${Number(d)}.${Number(m)}.${y}`;
}

function postcodeOf(town: string): string {
  const postcode = postcodes[town];
  if (!postcode) throw new Error(`Unknown town (not in postcodes.json): ${town}`);
  return postcode;
}

const FIELDS_AFTER_THE_SET = new Set(['payKind', 'applyViaMentor', 'weeklyHours', 'contract', 'schoolLevel']);
const vacancies: EvalVacancy[] = [];
const add = (v: Omit<EvalVacancy, 'key'>) => vacancies.push({ key: `V${String(vacancies.length + 1).padStart(3, '0')}`, ...v });

for (const [code, specs] of Object.entries(PLAN)) {
  specs.forEach((spec, i) => add(fromSpec(code, spec, i)));
}
for (const hand of [...NEAR_MISSES, ...ISSUE_15_VACANCIES]) {
  const apprenticeship = hand.kind === 'apprenticeship';
  add({
    status: 'published',
    kind: hand.kind,
    occupation: hand.occupation,
    title: hand.title,
    description: hand.description,
    summary: hand.summary,
    town: hand.town,
    postcode: postcodeOf(hand.town),
    workingTime: hand.workingTime,
    partTimeTraining: hand.partTimeTraining ?? false,
    startDate: (hand as { startDate?: string }).startDate ?? (apprenticeship ? '2027-08-01' : null),
    durationMonths: apprenticeship ? (LONG_TRAINING.test(hand.occupation) ? 42 : 36) : null,
    germanLevel: hand.germanLevel,
    qualification: hand.qualification,
    drivingLicence: hand.drivingLicence ?? false,
    shiftWork: hand.shiftWork ?? false,
    support: hand.support ?? [],
    expiresAt: null,
    note: hand.note,
  });
}

for (const v of vacancies) {
  if (!occupationByCode.has(v.occupation)) throw new Error(`${v.key}: unknown occupation ${v.occupation}`);
  if (v.kind === 'apprenticeship' && !occupationByCode.get(v.occupation)!.apprenticeship)
    throw new Error(`${v.key}: ${v.occupation} has no apprenticeship`);
  const parsed = VacancyInput.safeParse(v);
  // The employer form has since grown required fields (pay, hours, contract, how to apply, school level) that this set predates: load.ts stores without them.
  const issues = parsed.success ? [] : parsed.error.issues.filter((i) => !FIELDS_AFTER_THE_SET.has(String(i.path[0])));
  if (issues.length > 0) throw new Error(`${v.key}: ${JSON.stringify(issues)}`);
}

writeFileSync(path.join(here, 'vacancies.json'), `${JSON.stringify(vacancies, null, 2)}\n`);
process.stdout.write(`${vacancies.length} vacancies written (${vacancies.filter((v) => v.note).length} hand-written near-misses)\n`);
