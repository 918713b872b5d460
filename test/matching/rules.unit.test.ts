import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { WORK_PERMITS, type GermanLevel } from '../../server/domain.ts';
import { translate, type Locale } from '../../server/i18n/index.ts';
import { presenter } from '../../server/matches/present.ts';
import { loadOccupations } from '../../server/occupations/data.ts';
import { RECOGNITION_FINDER_URL, regulatedCodes, regulationOf } from '../../server/occupations/regulated.ts';
import { BERUFSSPRACHKURS_URL, courseCovers } from '../../search/german-course-rules.ts';
import { classify, explain, pairScore, type Criterion, type MatchMentee, type MatchVacancy } from '../../search/match-explain.ts';
import { QUALIFICATION_FACTORS, qualificationOutcome } from '../../search/qualification-rules.ts';
import { WORK_PERMIT_RULES, workPermitRule } from '../../search/work-permit-rules.ts';

/**
 * Issue 15's rules, pure: qualification and recognition, regulated occupations, German courses and work
 * permits, each with the sentence a mentor reads (German and English) and the hint a mentee's page can use.
 */

const TODAY = '2026-12-07';
const home = { lat: 51.05, lng: 13.74 }; // Dresden

const mentee = (over: Partial<MatchMentee> = {}): MatchMentee => ({
  germanLevel: 'B1',
  location: home,
  travelKm: 25,
  workingTime: 'full',
  drivingLicence: false,
  qualification: 'none',
  academic: false,
  workPermit: 'yes',
  desiredOccupations: ['29302'],
  desiredKinds: ['job', 'apprenticeship'],
  experience: [],
  germanCourseLevel: null,
  germanCourseEnd: null,
  ...over,
});

const vacancy = (over: Partial<MatchVacancy> = {}): MatchVacancy => ({
  kind: 'job',
  occupationCode: '29302',
  _geo: home,
  germanLevel: 'A2',
  germanLevelRank: 2,
  workingTime: 'full',
  partTimeTraining: false,
  drivingLicence: false,
  qualification: 'none',
  support: [],
  startDate: null,
  startAsap: false,
  ...over,
});

const desired = { kind: 'desired' as const, weight: 1, related: '29302' };

/** The presenter as a page uses it, on a stand-in request that only speaks (no app, no services). */
function sentences(locale: Locale) {
  const request = { locale, t: (key: string, vars?: Record<string, unknown>) => translate(locale, key, vars) } as unknown as FastifyRequest;
  const p = presenter(request, new Map());
  return (criteria: Criterion[], name: Criterion['name']) => p.criterion(criteria.find((c) => c.name === name)!);
}
const de = sentences('de');
const en = sentences('en');
const line = (m: MatchMentee, v: MatchVacancy, name: Criterion['name'], say = de) => say(explain(m, v, desired, 0, TODAY), name);

describe('qualification in the ranking (issue 15, point 1)', () => {
  const vocational = vacancy({ qualification: 'vocational' });

  it('a vacancy asking for a vocational qualification the mentee lacks is a stretch, and the line says why', () => {
    expect(classify(mentee(), vocational, 0, TODAY)).toBe('stretch');
    expect(line(mentee(), vocational, 'qualification')).toMatchObject({
      status: 'stretched',
      detail: 'Berufsausbildung verlangt, kein Berufsabschluss: darum knapp daneben',
    });
    expect(line(mentee(), vocational, 'qualification', en).detail).toBe('Vocational qualification required, none held: so a near miss');
  });

  it('unless the employer trains people without one (support option) or the vacancy is an apprenticeship', () => {
    const trains = vacancy({ qualification: 'vocational', support: ['trains_without_qualification'] });
    expect(classify(mentee(), trains, 0, TODAY)).toBe('match');
    expect(line(mentee(), trains, 'qualification')).toMatchObject({
      status: 'met',
      detail: 'Berufsabschluss verlangt, der Betrieb lernt aber auch Menschen ohne Abschluss an',
    });
    expect(classify(mentee(), vacancy({ kind: 'apprenticeship', qualification: 'vocational' }), 0, TODAY)).toBe('match');
  });

  it('recognition pending and foreign-not-recognised are partial: matches, ranked below met and above missing', () => {
    const recognised = pairScore(mentee({ qualification: 'recognised' }), vocational, desired, 0);
    const pending = pairScore(mentee({ qualification: 'recognition_pending' }), vocational, desired, 0);
    const unrecognised = pairScore(mentee({ qualification: 'foreign_unrecognised' }), vocational, desired, 0);
    const missing = pairScore(mentee(), vocational, desired, 0);
    expect([recognised, pending, unrecognised, missing]).toEqual([
      1,
      QUALIFICATION_FACTORS.pending,
      QUALIFICATION_FACTORS.unrecognised,
      0.9,
    ]);
    expect(classify(mentee({ qualification: 'recognition_pending' }), vocational, 0, TODAY)).toBe('match');
    expect(line(mentee({ qualification: 'recognition_pending' }), vocational, 'qualification')).toMatchObject({
      status: 'partial',
      detail:
        'Berufsausbildung verlangt: Anerkennung läuft – darum weiter unten als ein anerkannter Abschluss; der Bescheid stärkt die Bewerbung',
    });
    expect(line(mentee({ qualification: 'foreign_unrecognised' }), vocational, 'qualification').detail).toBe(
      'Berufsausbildung verlangt: ausländischer Abschluss, nicht anerkannt – zum Arbeiten nicht nötig, darum weiter unten; eine Anerkennung stärkt die Bewerbung',
    );
  });

  it('a degree: missing is a stretch, a foreign one not recognised is partial', () => {
    const academic = vacancy({ qualification: 'academic' });
    expect(qualificationOutcome(mentee(), academic)).toEqual({ status: 'stretched', reason: 'academic_missing' });
    expect(qualificationOutcome(mentee({ academic: true, qualification: 'foreign_unrecognised' }), academic)).toEqual({
      status: 'partial',
      reason: 'academic_unrecognised',
    });
    expect(qualificationOutcome(mentee({ academic: true, qualification: 'recognised' }), academic).status).toBe('met');
  });

  it('a job asking for nothing suits someone qualified a little less than one that uses the qualification', () => {
    const plain = vacancy();
    const qualified = mentee({ qualification: 'recognised' });
    expect(pairScore(qualified, plain, desired, 0)).toBe(QUALIFICATION_FACTORS.belowQualification);
    expect(pairScore(qualified, vocational, desired, 0)).toBeGreaterThan(pairScore(qualified, plain, desired, 0));
    expect(pairScore(mentee(), plain, desired, 0)).toBe(1);
    expect(line(mentee(), plain, 'qualification')).toMatchObject({ status: 'not_needed', detail: 'Kein Berufsabschluss verlangt' });
  });

  it('a stretch breaks exactly one soft constraint: a missing qualification beyond the travel distance is no stretch', () => {
    const far = { lat: 51.05, lng: 14.2 }; // about 32 km east: beyond 25 km, within 37.5 km
    expect(classify(mentee(), vacancy({ _geo: far }), 32, TODAY)).toBe('stretch');
    expect(classify(mentee(), vacancy({ _geo: far, qualification: 'vocational' }), 32, TODAY)).toBeNull();
  });
});

describe('regulated occupations (issue 15, point 2)', () => {
  const nurseJob = vacancy({ occupationCode: '81302', qualification: 'vocational', germanLevel: 'B1', germanLevelRank: 3 });
  const nurse = mentee({ qualification: 'foreign_unrecognised', desiredOccupations: ['81302'] });

  it('every regulated code is in the occupation list, names its law and where it is marked, and is no helper occupation', () => {
    const known = new Set(loadOccupations().map((o) => o.code));
    for (const code of regulatedCodes()) {
      expect(known.has(code), code).toBe(true);
      expect(regulationOf(code)!.law.length, code).toBeGreaterThan(5);
      expect(regulationOf(code)!.source, code).toMatch(/Anerkennungs-Finder/);
      expect(code[4], `${code} is a helper level`).not.toBe('1');
    }
    for (const code of ['81302', '81404', '81804', '81353', '81712', '83113']) expect(regulationOf(code), code).toBeDefined();
    for (const code of ['81301', '82101', '83111', '51312']) expect(regulationOf(code), code).toBeUndefined();
  });

  it('a job in it is a stretch without recognition, with the hint and the link to the recognition finder', () => {
    expect(classify(nurse, nurseJob, 0, TODAY)).toBe('stretch');
    const shown = line(nurse, nurseJob, 'qualification');
    expect(shown).toMatchObject({
      status: 'stretched',
      detail:
        'Reglementierter Beruf (Pflegeberufegesetz (PflBG) §§ 1, 40): arbeiten als Fachkraft nur mit Anerkennung – darum knapp daneben',
      hint: 'Anerkennung nötig – der Anerkennungs-Finder nennt die zuständige Stelle',
      link: { href: RECOGNITION_FINDER_URL, label: 'Anerkennungs-Finder' },
    });
    expect(RECOGNITION_FINDER_URL).toBe('https://www.anerkennung-in-deutschland.de/html/de/pro/anerkennungs-finder.php');
    expect(line(nurse, nurseJob, 'qualification', en).hint).toBe('Recognition needed – the recognition finder names the authority');
  });

  it('recognition pending is still a stretch there, and says so; recognised is a match', () => {
    const pending = mentee({ qualification: 'recognition_pending' });
    expect(classify(pending, nurseJob, 0, TODAY)).toBe('stretch');
    expect(line(pending, nurseJob, 'qualification').hint).toBe('Anerkennung läuft – als Fachkraft in diesem Beruf erst mit dem Bescheid');
    expect(classify(mentee({ qualification: 'recognised' }), nurseJob, 0, TODAY)).toBe('match');
  });

  it('without any qualification the way in is an apprenticeship or a helper job: no finder link', () => {
    const shown = line(mentee(), nurseJob, 'qualification');
    expect(shown.status).toBe('stretched');
    expect(shown.link).toBeUndefined();
    expect(shown.hint).toBe('Ohne anerkannten Abschluss: eine Ausbildung oder eine Helferstelle in diesem Feld');
  });

  it('apprenticeships and helper jobs in the same field stay matches', () => {
    expect(classify(nurse, vacancy({ ...nurseJob, kind: 'apprenticeship', qualification: 'none' }), 0, TODAY)).toBe('match');
    expect(classify(nurse, vacancy({ occupationCode: '81301', germanLevel: 'A2', germanLevelRank: 2 }), 0, TODAY)).toBe('match');
  });
});

describe('the German gap and courses (issue 15, point 3)', () => {
  const b1 = vacancy({ germanLevel: 'B1', germanLevelRank: 3, startDate: '2027-04-01' });
  const a2 = mentee({ germanLevel: 'A2' });
  const inCourse = (end: string, level: GermanLevel = 'B1') =>
    mentee({ germanLevel: 'A2', germanCourseLevel: level, germanCourseEnd: end });

  it('one level short is a stretch that names the level and links the job-related German courses', () => {
    expect(classify(a2, b1, 0, TODAY)).toBe('stretch');
    expect(line(a2, b1, 'german')).toMatchObject({
      status: 'stretched',
      detail: 'Deutsch A2, die Stelle verlangt B1: eine Stufe höher',
      hint: 'Deutsch B1 nötig – ein Berufssprachkurs kann die Lücke schließen',
      link: { href: BERUFSSPRACHKURS_URL, label: 'Berufssprachkurse (BAMF)' },
    });
    expect(line(a2, b1, 'german', en).hint).toBe('German B1 needed – a job-related German course (Berufssprachkurs) can close the gap');
  });

  it('a course ending before the vacancy starts turns the gap into a match: "B1 voraussichtlich ab 03/2027"', () => {
    const m = inCourse('2027-03-20');
    expect(classify(m, b1, 0, TODAY)).toBe('match');
    expect(line(m, b1, 'german')).toMatchObject({
      status: 'met',
      detail: 'Deutsch A2, die Stelle verlangt B1: B1 voraussichtlich ab 03/2027 (der Kurs endet vor Stellenbeginn)',
    });
    expect(line(m, b1, 'german', en).detail).toBe(
      'German A2, vacancy asks B1: B1 expected by 03/2027 (the course ends before the vacancy starts)',
    );
  });

  it('a course ending after the start does not; nor one that has ended, nor one below the level asked', () => {
    expect(classify(inCourse('2027-04-02'), b1, 0, TODAY)).toBe('stretch');
    expect(courseCovers(inCourse('2026-12-01'), b1, TODAY)).toBeNull();
    expect(courseCovers(inCourse('2027-03-01', 'A2'), b1, TODAY)).toBeNull();
  });

  it('without a start date (or "as soon as possible") the course must end within 8 weeks', () => {
    const open = vacancy({ germanLevel: 'B1', germanLevelRank: 3, startDate: null });
    expect(courseCovers(inCourse('2027-01-31'), open, TODAY)).toEqual({ level: 'B1', expected: '2027-01', rule: 'within_weeks' });
    expect(courseCovers(inCourse('2027-02-02'), open, TODAY)).toBeNull();
    expect(courseCovers(inCourse('2027-01-31'), { ...b1, startAsap: true }, TODAY)?.rule).toBe('within_weeks');
    expect(line(inCourse('2027-01-31'), open, 'german').detail).toBe(
      'Deutsch A2, die Stelle verlangt B1: B1 voraussichtlich ab 01/2027 (der Kurs endet in den nächsten 8 Wochen; die Stelle nennt keinen festen Beginn)',
    );
  });

  it('a course two levels up lifts the gap by two, when it ends in time', () => {
    const m = mentee({ germanLevel: 'A1', germanCourseLevel: 'B1', germanCourseEnd: '2027-03-01' });
    expect(classify(m, b1, 0, TODAY)).toBe('match');
    expect(classify(mentee({ germanLevel: 'A1' }), b1, 0, TODAY)).toBeNull();
  });
});

describe('work permits (issue 15, point 4)', () => {
  it('every status has one rule for a job and one for an apprenticeship, each naming its legal source', () => {
    for (const permit of WORK_PERMITS) {
      for (const kind of ['job', 'apprenticeship'] as const) {
        const rule = workPermitRule(permit, kind);
        expect(rule.source, `${permit}/${kind}`).toMatch(/AufenthG|BeschV|AsylG/);
      }
    }
    expect(WORK_PERMIT_RULES).toHaveLength(WORK_PERMITS.length * 2);
  });

  it('says in one line what the status means for this job or apprenticeship, with the provisions', () => {
    const job = vacancy();
    const training = vacancy({ kind: 'apprenticeship' });
    expect(line(mentee(), job, 'workPermit')).toMatchObject({
      status: 'met',
      detail:
        'Arbeitserlaubnis vorhanden: diese Arbeit ist erlaubt, wenn der Aufenthaltstitel sie nicht einschränkt (§ 4a Abs. 1, 3 AufenthG)',
    });
    expect(line(mentee({ workPermit: 'pending' }), job, 'workPermit')).toMatchObject({
      status: 'unmet',
      detail:
        'Erlaubnis beantragt: arbeiten erst, wenn die Ausländerbehörde sie erteilt – Ausländerbehörde fragen (§ 4a Abs. 4 AufenthG, § 61 AsylG, § 32 BeschV)',
    });
    expect(line(mentee({ workPermit: 'pending' }), training, 'workPermit').detail).toBe(
      'Erlaubnis beantragt: eine Ausbildung braucht keine Zustimmung der Arbeitsagentur, aber die Erlaubnis der Ausländerbehörde – Ausländerbehörde fragen (§ 32 Abs. 2 Nr. 2 BeschV, § 60c AufenthG)',
    );
    expect(line(mentee({ workPermit: 'temporary_protection' }), job, 'workPermit')).toMatchObject({
      status: 'met',
      detail:
        'Vorübergehender Schutz: Arbeit ist erlaubt, wenn „Erwerbstätigkeit erlaubt“ im Titel steht – sonst Ausländerbehörde fragen (§ 24 Abs. 6, § 4a AufenthG)',
    });
    expect(line(mentee({ workPermit: 'unknown' }), training, 'workPermit', en).detail).toBe(
      "Status unclear: whether this apprenticeship is allowed is written in the residence document – ask the foreigners' authority (§ 4a Abs. 3 AufenthG)",
    );
  });

  it("where it depends, the line in every language says to ask the foreigners' authority", () => {
    for (const locale of ['de', 'en', 'uk', 'ru', 'ar', 'fa'] as const) {
      for (const rule of WORK_PERMIT_RULES.filter((r) => r.outcome === 'ask')) {
        expect(translate(locale, `matchHints.workPermit.${rule.permit}.${rule.kind}`), `${locale} ${rule.permit}/${rule.kind}`).toMatch(
          /Ausländerbehörde|foreigners' authority/,
        );
      }
    }
  });

  it('the status does not move a vacancy between matches and stretch', () => {
    for (const workPermit of WORK_PERMITS) expect(classify(mentee({ workPermit }), vacancy(), 0, TODAY)).toBe('match');
  });
});
