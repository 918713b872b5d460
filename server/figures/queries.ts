import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { BERLIN_SQL } from '../time/berlin.ts';

export interface Period {
  /** First day, 'YYYY-MM-DD' (Berlin calendar), inclusive. */
  from: string;
  /** Last day, inclusive. */
  to: string;
  /** One project, or null for all. */
  projectId: number | null;
}

/** Counts of people, placements, employers and contacts in a period, before any suppression. */
export interface RawFigures {
  menteesAccompanied: number;
  women: number;
  withoutQualification: number;
  employersAdvised: number;
  jobs: number;
  jobsSociallyInsured: number;
  jobsQualificationAdequate: number;
  apprenticeships: number;
  apprenticeshipsSociallyInsured: number;
  apprenticeshipsQualificationAdequate: number;
  /** Placements whose sixth month ends in the period (the base of the sustained share). */
  sixMonthsDue: number;
  sustained: number;
  followUpContacts: number;
  /** Placements starting in the period with a first-introduction day: the median's base. */
  medianBase: number;
  medianDaysToPlacement: number | null;
}

/**
 * Every figure the programme reports, in one statement (one snapshot): the only place they are computed.
 *
 * - Timestamps count on their Berlin calendar day; `from` and `to` are inclusive.
 * - Mentees accompanied: live profiles created by `to` and not closed before `from`, plus the
 *   anonymous rows left by erased profiles whose accompaniment overlaps the period.
 * - Employers advised: distinct employers with an introduction made in the period.
 * - Placements: those starting in the period. Sustained: placements whose start + 6 calendar months
 *   (31 March + 6 months = 30 September) falls in the period and that had not ended before that day.
 * - Follow-up contacts: contacts dated in the period, counted for the placement's project.
 * - Median days from the first introduction to the start, over placements starting in the period.
 */
export async function computeFigures(db: Db, period: Period): Promise<RawFigures> {
  const { from, to, projectId } = period;
  const inProject = (column: string) => sql`(${projectId}::int IS NULL OR ${sql.ref(column)} = ${projectId}::int)`;
  const berlinDay = (column: string) => sql`(${sql.ref(column)} AT TIME ZONE ${BERLIN_SQL})::date`;
  const sixMonths = sql`(p.start_date + interval '6 months')::date`;

  const result = await sql<Record<keyof RawFigures, string | number | null>>`
    WITH accompanied AS (
      SELECT m.gender, m.qualification FROM mentees m
       WHERE ${inProject('m.project_id')}
         AND ${berlinDay('m.created_at')} <= ${to}::date
         AND (m.closed_at IS NULL OR ${berlinDay('m.closed_at')} >= ${from}::date)
      UNION ALL
      SELECT e.gender, e.qualification FROM erased_mentees e
       WHERE ${inProject('e.project_id')}
         AND e.accompanied_from <= ${to}::date
         AND e.accompanied_to >= ${from}::date
    ),
    starting AS (
      SELECT p.kind, p.socially_insured, p.qualification_adequate, p.start_date - p.first_introduced_on AS days_to_placement
        FROM placements p
       WHERE ${inProject('p.project_id')} AND p.start_date BETWEEN ${from}::date AND ${to}::date
    ),
    six_months AS (
      SELECT p.ended_on IS NULL OR p.ended_on >= ${sixMonths} AS sustained
        FROM placements p
       WHERE ${inProject('p.project_id')} AND ${sixMonths} BETWEEN ${from}::date AND ${to}::date
    )
    SELECT
      (SELECT count(*) FROM accompanied) AS "menteesAccompanied",
      (SELECT count(*) FROM accompanied WHERE gender = 'f') AS "women",
      (SELECT count(*) FROM accompanied WHERE qualification = 'none') AS "withoutQualification",
      (SELECT count(DISTINCT i.employer_id) FROM introductions i
        WHERE ${inProject('i.project_id')} AND ${berlinDay('i.created_at')} BETWEEN ${from}::date AND ${to}::date) AS "employersAdvised",
      (SELECT count(*) FROM starting WHERE kind = 'job') AS "jobs",
      (SELECT count(*) FROM starting WHERE kind = 'job' AND socially_insured) AS "jobsSociallyInsured",
      (SELECT count(*) FROM starting WHERE kind = 'job' AND qualification_adequate) AS "jobsQualificationAdequate",
      (SELECT count(*) FROM starting WHERE kind = 'apprenticeship') AS "apprenticeships",
      (SELECT count(*) FROM starting WHERE kind = 'apprenticeship' AND socially_insured) AS "apprenticeshipsSociallyInsured",
      (SELECT count(*) FROM starting WHERE kind = 'apprenticeship' AND qualification_adequate) AS "apprenticeshipsQualificationAdequate",
      (SELECT count(*) FROM six_months) AS "sixMonthsDue",
      (SELECT count(*) FROM six_months WHERE sustained) AS "sustained",
      (SELECT count(*) FROM follow_ups f JOIN placements p ON p.id = f.placement_id
        WHERE ${inProject('p.project_id')} AND f.contact_date BETWEEN ${from}::date AND ${to}::date) AS "followUpContacts",
      (SELECT count(days_to_placement) FROM starting) AS "medianBase",
      (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY days_to_placement) FROM starting WHERE days_to_placement IS NOT NULL) AS "medianDaysToPlacement"
  `.execute(db);

  const row = result.rows[0]!;
  // count(*) arrives as a string (int8); every count here is far below 2^53.
  const figures = Object.fromEntries(Object.entries(row).map(([key, value]) => [key, value === null ? null : Number(value)]));
  return figures as unknown as RawFigures;
}

/** The projects to choose from, by name. */
export function listProjectChoices(db: Db): Promise<{ id: number; name: string }[]> {
  return db.selectFrom('projects').select(['id', 'name']).orderBy('name').execute();
}
