/**
 * The judging aid: for each profile, the published vacancies that pass every
 * hard constraint (kind, travel distance, German level, working time,
 * driving licence), which are the only ones a judge considers. Vacancies of
 * the desired occupations come first, then the same field and the
 * experience, then all others, so nothing is hidden. Also checks that every
 * judged vacancy is such a candidate.
 *
 *   npx tsx test/matching-eval/candidates.ts [P01 …]      list candidates
 *   npx tsx test/matching-eval/candidates.ts --check      only check the judgements
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { distanceKm } from '../../server/domain.ts';
import { MenteeInput } from '../../server/mentees/schemas.ts';
import {
  brokenConstraints,
  courseReaches,
  loadProfiles,
  qualificationStretch,
  loadVacancies,
  menteeInput,
  placeOf,
  type EvalProfile,
  type EvalVacancy,
} from './fixture.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const occupations = new Map(
  (JSON.parse(readFileSync(path.join(here, '../../server/occupations/occupations.json'), 'utf8')) as { code: string; de: string }[]).map(
    (o) => [o.code, o.de],
  ),
);

function candidatesOf(profile: EvalProfile, vacancies: readonly EvalVacancy[]) {
  const home = placeOf(profile.homeTown);
  return (
    vacancies
      .filter((v) => v.status === 'published')
      .map((v) => ({ v, km: distanceKm(home, placeOf(v.town)), broken: brokenConstraints(profile, home, v, placeOf(v.town)) }))
      // A German course that ends in time lifts the German level (issue 15): those vacancies are candidates too, marked COURSE.
      .filter((c) => c.broken.length === 0 || (c.broken.length === 1 && c.broken[0] === 'german' && courseReaches(profile, c.v)))
  );
}

function group(profile: EvalProfile, code: string): number {
  if (profile.desiredOccupations.includes(code)) return 0;
  if (profile.desiredOccupations.some((d) => d.slice(0, 3) === code.slice(0, 3)) || profile.experience.some((e) => e.occupation === code))
    return 1;
  return 2;
}

const args = process.argv.slice(2);
const checkOnly = args.includes('--check');
const wanted = new Set(args.filter((a) => /^P\d+$/.test(a)));
const vacancies = loadVacancies();
const byKey = new Map(vacancies.map((v) => [v.key, v]));
let problems = 0;

for (const profile of loadProfiles()) {
  const parsed = MenteeInput.safeParse(menteeInput(profile));
  if (!parsed.success) {
    problems += 1;
    process.stdout.write(`${profile.key}: not a valid mentee form: ${JSON.stringify(parsed.error.issues)}\n`);
  }
  const candidates = candidatesOf(profile, vacancies);
  const candidateKeys = new Set(candidates.map((c) => c.v.key));
  for (const j of profile.judgements) {
    if (!byKey.has(j.vacancy)) {
      problems += 1;
      process.stdout.write(`${profile.key}: judged ${j.vacancy} does not exist\n`);
    } else if (!candidateKeys.has(j.vacancy)) {
      problems += 1;
      process.stdout.write(`${profile.key}: judged ${j.vacancy} breaks a hard constraint or is not published\n`);
    }
  }
  if (checkOnly || (wanted.size > 0 && !wanted.has(profile.key))) continue;

  const grades = new Map(profile.judgements.map((j) => [j.vacancy, j.grade]));
  process.stdout.write(
    `\n== ${profile.key} ${profile.about}\n   ${profile.germanLevel}, ${profile.homeTown} ${profile.travelKm} km, ${profile.workingTime}, licence ${profile.drivingLicence}, ` +
      `kinds ${profile.desiredKinds.join('+')}, wants ${profile.desiredOccupations.map((c) => `${c} ${occupations.get(c)}`).join('; ')}, ` +
      `experience ${profile.experience.map((e) => `${e.occupation} ${e.years}y`).join(', ') || '-'}; ${candidates.length} candidates\n`,
  );
  candidates.sort(
    (a, b) =>
      group(profile, a.v.occupation) - group(profile, b.v.occupation) || a.v.occupation.localeCompare(b.v.occupation) || a.km - b.km,
  );
  let lastGroup = -1;
  for (const { v, km } of candidates) {
    const g = group(profile, v.occupation);
    if (g !== lastGroup) process.stdout.write(['   -- desired', '   -- same field / experience', '   -- other'][g]! + '\n');
    lastGroup = g;
    const flags = [
      v.kind === 'apprenticeship' ? 'appr' : '',
      v.partTimeTraining ? 'ptt' : '',
      v.drivingLicence ? 'lic' : '',
      v.qualification,
      v.support.includes('trains_without_qualification') ? 'TRAINS' : '',
      v.startDate ? `start ${v.startDate}` : 'no start',
      courseReaches(profile, v) ? 'COURSE' : '',
      qualificationStretch(profile, v) ? 'QUAL-STRETCH' : '',
    ]
      .filter(Boolean)
      .join(',');
    process.stdout.write(
      `   ${grades.has(v.key) ? `[${grades.get(v.key)}]` : '   '} ${v.key} ${v.occupation} ${v.title} | ${v.town} ${km.toFixed(1)} km | ${v.germanLevel} ${v.workingTime} ${flags}` +
        `${v.note ? ` | NOTE ${v.note}` : ''}\n`,
    );
  }
}
process.stdout.write(problems ? `\n${problems} problem(s)\n` : '\nall judgements are candidates\n');
process.exitCode = problems ? 1 : 0;
