import { sql } from 'kysely';
import type { Db } from '../db/database.ts';
import { takeExcluded } from '../db/upsert.ts';
import type { ProjectData } from './data.ts';

/**
 * Brings the projects in the database up to projects.json at every start: new slugs are
 * inserted, and rows nobody has edited follow the file. A row an admin created or edited
 * (updated_at set) is the admin's: the file never overwrites it.
 */
export async function upsertProjects(db: Db, projects: readonly ProjectData[]): Promise<void> {
  if (projects.length === 0) return;
  await db
    .insertInto('projects')
    .values(
      projects.map((p) => ({
        slug: p.slug,
        name: p.name,
        carrier: p.carrier,
        districts: p.districts,
        towns: p.towns,
        contact_email: p.contact.email,
        contact_phone: p.contact.phone,
        contact_url: p.contact.url,
      })),
    )
    .onConflict((oc) =>
      oc
        .column('slug')
        .doUpdateSet(takeExcluded('projects', ['name', 'carrier', 'districts', 'towns', 'contact_email', 'contact_phone', 'contact_url']))
        .where('projects.updated_at', 'is', null),
    )
    .execute();
}

const columns = ['id', 'slug', 'name', 'carrier', 'districts', 'towns', 'contact_email', 'contact_phone', 'contact_url'] as const;

export function listProjects(db: Db) {
  return db.selectFrom('projects').select(columns).orderBy('name').execute();
}

export function findProjectById(db: Db, id: number) {
  return db.selectFrom('projects').select(columns).where('id', '=', id).executeTakeFirst();
}

export function findProjectBySlug(db: Db, slug: string) {
  return db.selectFrom('projects').select(columns).where('slug', '=', slug).executeTakeFirst();
}

/** Projects that name the town among the towns they serve (ß and ss compared alike). */
export function projectsServingTown(db: Db, town: string) {
  return db
    .selectFrom('projects')
    .select(columns)
    .where(
      sql<boolean>`EXISTS (SELECT 1 FROM unnest(towns) t WHERE replace(lower(t), 'ß', 'ss') = ${town.toLowerCase().replaceAll('ß', 'ss')})`,
    )
    .orderBy('name')
    .execute();
}

/**
 * Every project with its distance in km from a point: the distance to the
 * nearest of the towns it serves. Where a project's town name is shared by
 * several places (Ebersbach, Kirchberg, Neukirchen …), the one nearest to the
 * centre of the project's unambiguous towns is meant: a project's towns lie
 * together. A project none of whose towns is in the gazetteer comes last, with
 * a null distance.
 */
export async function projectsByDistance(db: Db, point: { lat: number; lng: number }) {
  const { rows } = await sql<{ id: number; distance_km: number | null }>`
    WITH candidates AS (
      SELECT p.id AS project_id, t.name AS town, pl.id AS place_id, pl.lat, pl.lng, pl.postcode, pl.state,
             count(*) OVER (PARTITION BY p.id, t.name) AS sharing
      FROM projects p
      CROSS JOIN LATERAL unnest(p.towns) AS t(name)
      JOIN places pl ON replace(lower(pl.name), 'ß', 'ss') = replace(lower(t.name), 'ß', 'ss')
    ), centres AS (
      SELECT project_id, avg(lat) AS lat, avg(lng) AS lng FROM candidates WHERE sharing = 1 GROUP BY project_id
    ), town_places AS (
      SELECT DISTINCT ON (c.project_id, c.town) c.project_id, c.lat, c.lng
      FROM candidates c LEFT JOIN centres ce ON ce.project_id = c.project_id
      ORDER BY c.project_id, c.town,
               power(c.lat - ce.lat, 2) + power((c.lng - ce.lng) * cos(radians(ce.lat)), 2) NULLS LAST,
               c.postcode IS NULL, c.state <> '13', c.place_id
    )
    SELECT p.id, min(
      2 * 6371.0088 * asin(least(1, sqrt(
        power(sin(radians(tp.lat - ${point.lat}) / 2), 2)
        + cos(radians(${point.lat})) * cos(radians(tp.lat)) * power(sin(radians(tp.lng - ${point.lng}) / 2), 2)
      )))
    ) AS distance_km
    FROM projects p
    LEFT JOIN town_places tp ON tp.project_id = p.id
    GROUP BY p.id`.execute(db);
  const distances = new Map(rows.map((r) => [r.id, r.distance_km === null ? null : Number(r.distance_km)]));
  const projects = await listProjects(db);
  return projects
    .map((project) => ({ ...project, distance_km: distances.get(project.id) ?? null }))
    .sort((a, b) => (a.distance_km ?? Infinity) - (b.distance_km ?? Infinity) || a.name.localeCompare(b.name, 'de'));
}
