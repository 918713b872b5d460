import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { findPlace } from '../../server/places/queries.ts';
import { unique } from '../helpers/app.ts';

export type Gender = 'f' | 'm' | 'd' | 'unspecified';
export type Qualification = 'none' | 'foreign_unrecognised' | 'recognition_pending' | 'recognised';

const code = () => `MT-${randomBytes(4).toString('hex').toUpperCase().slice(0, 5)}`;

/**
 * Writes the rows the figures count straight into the tables (projects, mentees, erased mentees,
 * employers with a vacancy, introductions, placements, follow-ups), remembering what it made so
 * `cleanUp` removes exactly that. Timestamps are UTC; the figures count them on their Berlin day.
 */
export async function rowWriter(app: FastifyInstance) {
  const db = app.db;
  const place = (await findPlace(db, 'Dresden'))!;
  const projects: number[] = [];
  const menteeCodes: string[] = [];
  const employerIds: string[] = [];
  const employerNames: string[] = [];
  const vacancyOf = new Map<string, string>();

  return {
    menteeCodes,
    employerNames,

    async project(label: string): Promise<number> {
      const slug = unique(`fig-${label}-`);
      const { id } = await db
        .insertInto('projects')
        .values({ slug, name: `Kennzahlen-Test ${label} ${slug}`, carrier: 'Testträger', districts: [], towns: [] })
        .returning('id')
        .executeTakeFirstOrThrow();
      projects.push(id);
      return id;
    },

    async mentee(
      project: number,
      created: string,
      gender: Gender,
      qualification: Qualification,
      closed: string | null = null,
    ): Promise<string> {
      const row = { id: randomUUID(), code: code() };
      menteeCodes.push(row.code);
      await db
        .insertInto('mentees')
        .values({
          ...row,
          project_id: project,
          mentor_id: null,
          status: closed ? 'closed' : 'active',
          gender,
          age_band: '25to34',
          german_level: 'B1',
          other_languages: [],
          schooling: 'secondary',
          qualification,
          academic: false,
          experience: '[]',
          desired_occupations: ['51312'],
          desired_kinds: ['job'],
          home_place_id: place.id,
          home_town: place.name,
          lat: place.lat,
          lng: place.lng,
          travel_km: 25,
          working_time: 'full',
          driving_licence: false,
          work_permit: 'yes',
          consent: true,
          consent_at: created,
          created_at: created,
          updated_at: created,
          closed_at: closed,
        })
        .execute();
      return row.id;
    },

    async erased(
      project: number,
      gender: Gender,
      qualification: Qualification,
      from: string,
      to: string,
      reason: 'retention' | 'request' = 'retention',
    ) {
      await db
        .insertInto('erased_mentees')
        .values({ project_id: project, gender, qualification, accompanied_from: from, accompanied_to: to, reason })
        .execute();
    },

    async employer(): Promise<string> {
      const name = `Betrieb ${unique('fig')}`;
      const employer = await db
        .insertInto('employers')
        .values({ name, town: place.name, place_id: place.id, status: 'approved' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const vacancy = await db
        .insertInto('vacancies')
        .values({
          employer_id: employer.id,
          kind: 'job',
          occupation_code: '51312',
          title: 'Lagerhelfer (m/w/d)',
          description: 'Lager.',
          summary: 'Lager.',
          place_id: place.id,
          town: place.name,
          postcode: place.postcode ?? '',
          lat: place.lat,
          lng: place.lng,
          working_time: 'full',
          part_time_training: false,
          start_date: null,
          duration_months: null,
          german_level: 'A2',
          qualification: 'none',
          driving_licence: false,
          shift_work: false,
          support: [],
          status: 'closed',
          expires_at: null,
          published_at: null,
          closed_at: new Date(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      employerIds.push(employer.id);
      employerNames.push(name);
      vacancyOf.set(employer.id, vacancy.id);
      return employer.id;
    },

    async introduce(project: number, menteeId: string, employerId: string, created: string) {
      await db
        .insertInto('introductions')
        .values({
          mentee_id: menteeId,
          vacancy_id: vacancyOf.get(employerId)!,
          employer_id: employerId,
          project_id: project,
          created_at: created,
        })
        .execute();
    },

    async placement(
      project: number,
      employerId: string,
      kind: 'job' | 'apprenticeship',
      start: string,
      insured: boolean,
      adequate: boolean,
      firstIntroduced: string | null,
      endedOn: string | null = null,
    ): Promise<string> {
      const row = await db
        .insertInto('placements')
        .values({
          project_id: project,
          employer_id: employerId,
          kind,
          start_date: start,
          first_introduced_on: firstIntroduced,
          socially_insured: insured,
          qualification_adequate: adequate,
          ended_on: endedOn,
          end_reason: endedOn ? 'dropped_out' : null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    async contact(placementId: string, day: string) {
      await db
        .insertInto('follow_ups')
        .values({ placement_id: placementId, contact_date: day, concerns: [], dropout_risk: false })
        .execute();
    },

    async cleanUp() {
      if (projects.length > 0) {
        await db
          .deleteFrom('follow_ups')
          .where('placement_id', 'in', db.selectFrom('placements').select('id').where('project_id', 'in', projects))
          .execute();
        await db.deleteFrom('placements').where('project_id', 'in', projects).execute();
        await db.deleteFrom('introductions').where('project_id', 'in', projects).execute();
      }
      if (employerIds.length > 0) {
        await db.deleteFrom('vacancies').where('employer_id', 'in', employerIds).execute();
        await db.deleteFrom('employers').where('id', 'in', employerIds).execute();
      }
      if (projects.length > 0) {
        await db.deleteFrom('mentees').where('project_id', 'in', projects).execute();
        await db.deleteFrom('erased_mentees').where('project_id', 'in', projects).execute();
        await db.deleteFrom('projects').where('id', 'in', projects).execute();
      }
    },
  };
}
