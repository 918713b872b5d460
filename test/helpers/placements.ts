import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { enqueueIndexing } from '../../server/indexing/write.ts';
import { MENTEE_INDEX } from '../../search/mentee-index.ts';
import { findPlace } from '../../server/places/queries.ts';
import { createEmployer, createTestMentee } from './factories.ts';
import { unique } from './app.ts';

export interface PlacementOptions {
  projectId: number;
  /** The mentee's mentor (and, unless `introductionMentorId` says otherwise, the one who introduced them). */
  mentorId: string;
  /** Who made the introduction; null for an introduction whose mentor account is gone. Default: mentorId. */
  introductionMentorId?: string | null;
  startDate: string;
  kind?: 'job' | 'apprenticeship';
  sociallyInsured?: boolean;
  qualificationAdequate?: boolean;
  endedOn?: string;
  employerName?: string;
  vacancyTitle?: string;
  /** Words for the mentee's notes (to check they appear nowhere they should not). */
  notes?: string;
}

export interface CreatedPlacement {
  placementId: string;
  menteeId: string;
  menteeCode: string;
  employerName: string;
  vacancyTitle: string;
  introductionId: string;
}

/**
 * A placed mentee as the introduction's outcome step leaves it: a mentee (through the
 * mentee service) set to 'placed' and re-indexed, an employer, a vacancy, a 'placed'
 * introduction and the placement row. Rows past the mentee are written directly.
 */
export async function createPlacement(app: FastifyInstance, options: PlacementOptions): Promise<CreatedPlacement> {
  const mentee = await createTestMentee(
    app,
    { accountId: options.mentorId, projectId: options.projectId },
    {
      qualification: 'foreign_unrecognised',
      desiredOccupations: ['51312'],
      desiredKinds: [options.kind ?? 'job'],
      notes: options.notes ?? '',
    },
  );

  const employerName = options.employerName ?? `Betrieb ${unique()}`;
  const { accountId } = await createEmployer(app, { organisation: employerName });
  const { employer_id: employerId } = await app.db
    .selectFrom('accounts')
    .select('employer_id')
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
  const place = (await findPlace(app.db, 'Dresden'))!;
  const vacancyTitle = options.vacancyTitle ?? 'Fachkraft für Lagerlogistik (m/w/d)';

  return app.db.transaction().execute(async (trx) => {
    const vacancy = await trx
      .insertInto('vacancies')
      .values({
        employer_id: employerId!,
        kind: options.kind ?? 'job',
        occupation_code: '51312',
        title: vacancyTitle,
        description: 'Wir suchen Verstärkung für unser Lager.',
        summary: 'Sie arbeiten im Lager.',
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
        published_at: new Date(),
        closed_at: new Date(),
        filled_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const introduction = await trx
      .insertInto('introductions')
      .values({
        mentee_id: mentee.id,
        vacancy_id: vacancy.id,
        employer_id: employerId!,
        project_id: options.projectId,
        mentor_id: options.introductionMentorId === undefined ? options.mentorId : options.introductionMentorId,
        status: 'placed',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const placement = await trx
      .insertInto('placements')
      .values({
        introduction_id: introduction.id,
        mentee_id: mentee.id,
        project_id: options.projectId,
        employer_id: employerId!,
        kind: options.kind ?? 'job',
        start_date: options.startDate,
        socially_insured: options.sociallyInsured ?? true,
        qualification_adequate: options.qualificationAdequate ?? false,
        ended_on: options.endedOn ?? null,
        end_reason: options.endedOn ? 'other' : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .updateTable('mentees')
      .set({ status: options.endedOn ? 'active' : 'placed', version: sql`version + 1` })
      .where('id', '=', mentee.id)
      .execute();
    await enqueueIndexing(trx, MENTEE_INDEX, [mentee.id]);
    return {
      placementId: placement.id,
      menteeId: mentee.id,
      menteeCode: mentee.code,
      employerName,
      vacancyTitle,
      introductionId: introduction.id,
    };
  });
}
