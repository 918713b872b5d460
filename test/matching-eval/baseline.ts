import { sql, type Kysely } from 'kysely';
import type { Database } from '../../server/db/database.ts';
import { GERMAN_LEVELS } from '../../server/domain.ts';
import type { MenteeProfile } from '../../server/mentees/types.ts';

/**
 * The plain baseline the portal's ranking is measured against: PostgreSQL
 * full-text search (German configuration) for the German titles of the
 * desired occupations over the vacancies' search_vector (title, summary,
 * description), ranked by ts_rank, with the portal's hard constraints as SQL.
 *
 * A title names both gendered forms ("Kauffrau / Kaufmann für
 * Büromanagement"); each form is one plainto_tsquery (all its words), where
 * a one-word first form borrows the rest of the last one ("Kauffrau für
 * Büromanagement"), and all forms of all desired occupations are OR'ed.
 */
export function titleForms(title: string): string[] {
  const forms = title
    .split(' / ')
    .map((f) => f.trim())
    .filter(Boolean);
  const last = forms.at(-1) ?? '';
  const rest = last.split(/\s+/).slice(1).join(' ');
  return forms.map((form, i) => (i < forms.length - 1 && !/\s/.test(form) && rest ? `${form} ${rest}` : form));
}

const EARTH_RADIUS_KM = 6371.0088;

export async function baselineRanking(
  db: Kysely<Database>,
  mentee: Pick<
    MenteeProfile,
    'desiredOccupations' | 'desiredKinds' | 'location' | 'travelKm' | 'germanLevel' | 'workingTime' | 'drivingLicence'
  >,
  options: { today: string; limit: number; employerId?: string },
): Promise<string[]> {
  const occupations = await db.selectFrom('occupations').select('title_de').where('code', 'in', mentee.desiredOccupations).execute();
  const forms = occupations.flatMap((o) => titleForms(o.title_de));
  if (forms.length === 0) return [];
  const query = sql.join(
    forms.map((form) => sql`plainto_tsquery('german', ${form})`),
    sql` || `,
  );
  const { lat, lng } = mentee.location;
  const la = sql`${lat}::float8`;
  const lo = sql`${lng}::float8`;
  const distance = sql`2 * ${EARTH_RADIUS_KM}::float8 * asin(least(1, sqrt(
      power(sin(radians(v.lat - ${la}) / 2), 2) + cos(radians(${la})) * cos(radians(v.lat)) * power(sin(radians(v.lng - ${lo}) / 2), 2))))`;
  const levels = sql`ARRAY[${sql.join([...GERMAN_LEVELS])}]::text[]`;
  const workingTime =
    mentee.workingTime === 'full'
      ? sql`v.working_time IN ('full', 'either')`
      : mentee.workingTime === 'part'
        ? sql`(v.working_time IN ('part', 'either') OR v.part_time_training)`
        : sql`true`;
  const { rows } = await sql<{ id: string }>`
    SELECT v.id
    FROM vacancies v
    JOIN employers e ON e.id = v.employer_id
    CROSS JOIN (SELECT ${query} AS q) AS search
    WHERE v.status = 'published'
      AND e.status = 'approved'
      AND (v.expires_at IS NULL OR v.expires_at >= ${options.today}::date)
      AND v.search_vector @@ search.q
      AND v.kind = ANY(${[...mentee.desiredKinds]}::text[])
      AND ${distance} <= ${mentee.travelKm}::float8
      AND array_position(${levels}, v.german_level) <= array_position(${levels}, ${mentee.germanLevel}::text)
      AND ${workingTime}
      AND (NOT v.driving_licence OR ${mentee.drivingLicence}::boolean)
      AND (${options.employerId ?? null}::uuid IS NULL OR v.employer_id = ${options.employerId ?? null}::uuid)
    ORDER BY ts_rank(v.search_vector, search.q) DESC, v.published_at DESC, v.id
    LIMIT ${options.limit}::int`.execute(db);
  return rows.map((r) => r.id);
}
