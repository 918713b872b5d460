import { randomBytes, randomInt } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Insertable } from 'kysely';
import { writeIndexed } from '../indexing/write.ts';
import { MENTEE_INDEX } from '../../search/mentee-index.ts';
import type { MenteesTable } from '../db/database.ts';
import { invalid, notFound, ok, type Invalid, type NotFound, type Result } from '../http/refusal.ts';
import { findPlace } from '../places/queries.ts';
import * as queries from './queries.ts';
import { withdrawOpenIntroductions } from '../introductions/service.ts';
import type { MenteeInput } from './schemas.ts';
import type { MenteeProfile } from './types.ts';

export type FieldErrors = Record<string, string>;
/** A profile that could not be saved says why field by field (the shared Result, server/http/refusal.ts). */
type Outcome<T> = Result<T, Invalid>;

/** 128 random bits, written like a UUID so Postgres stores it as one (not a v4 UUID: no fixed bits). */
export function newMenteeId(): string {
  const hex = randomBytes(16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Letters and digits that cannot be mistaken for each other when read aloud or copied. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export function newPseudonym(): string {
  return `MT-${Array.from({ length: 5 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('')}`;
}

/** Checks the references of a profile (home town, occupations) against the lists. */
async function resolve(
  app: FastifyInstance,
  input: MenteeInput,
): Promise<Outcome<Omit<Insertable<MenteesTable>, 'id' | 'code' | 'project_id' | 'mentor_id'>>> {
  const codes = [...new Set([...input.desiredOccupations, ...input.experience.map((e) => e.occupation)])];
  const [place, known] = await Promise.all([
    findPlace(app.db, input.homeTown),
    codes.length ? app.db.selectFrom('occupations').select('code').where('code', 'in', codes).execute() : Promise.resolve([]),
  ]);
  const knownCodes = new Set(known.map((o) => o.code));
  const errors: FieldErrors = {};
  if (!place) errors.homeTown = 'mentee.errors.homeTownUnknown';
  if (input.desiredOccupations.some((c) => !knownCodes.has(c))) errors.desiredOccupations = 'mentee.errors.desiredOccupations';
  if (input.experience.some((e) => !knownCodes.has(e.occupation))) errors.experience = 'mentee.errors.experienceOccupation';
  if (!place || Object.keys(errors).length > 0) return invalid(errors);
  return {
    ok: true,
    value: {
      gender: input.gender,
      age_band: input.ageBand,
      german_level: input.germanLevel,
      other_languages: input.otherLanguages,
      schooling: input.schooling,
      qualification: input.qualification,
      academic: input.academic,
      experience: JSON.stringify(input.experience),
      desired_occupations: [...new Set(input.desiredOccupations)],
      desired_kinds: [...new Set(input.desiredKinds)],
      home_place_id: place.id,
      home_town: place.name,
      lat: place.lat,
      lng: place.lng,
      travel_km: input.travelKm,
      working_time: input.workingTime,
      driving_licence: input.drivingLicence,
      work_permit: input.workPermit,
      german_course_level: input.germanCourseLevel,
      german_course_end: input.germanCourseEnd,
      consent: input.consent,
      locale: input.locale,
      notes: input.notes,
    },
  };
}

export async function createMentee(
  app: FastifyInstance,
  mentor: { id: string; projectId: number },
  input: MenteeInput,
): Promise<Outcome<{ id: string; code: string }>> {
  const resolved = await resolve(app, input);
  if (!resolved.ok) return resolved;
  const id = newMenteeId();
  const code = await writeIndexed(app, async (trx, reindex) => {
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const candidate = newPseudonym();
      const inserted = await queries.insertMentee(trx, {
        ...resolved.value,
        id,
        code: candidate,
        project_id: mentor.projectId,
        mentor_id: mentor.id,
        consent_at: input.consent ? new Date() : null,
      });
      if (inserted) {
        await reindex(MENTEE_INDEX, [id]);
        return candidate;
      }
    }
    throw new Error('Could not find a free pseudonym code');
  });
  return ok({ id, code });
}

/** Saves a profile of the mentor's project; not found when it is not theirs. Consent keeps its first date while it stays given. */
export async function updateMentee(
  app: FastifyInstance,
  projectId: number,
  id: string,
  input: MenteeInput,
  actorId: string | null = null,
): Promise<Result<string, Invalid | NotFound>> {
  const existing = await queries.findProjectMentee(app.db, projectId, id);
  if (!existing) return notFound();
  const resolved = await resolve(app, input);
  if (!resolved.ok) return resolved;
  const consentAt = input.consent ? (existing.consent ? existing.consentAt : new Date()) : null;
  await writeIndexed(app, async (trx, reindex) => {
    await queries.updateProjectMentee(trx, projectId, id, { ...resolved.value, consent_at: consentAt });
    if (existing.consent && !input.consent) await withdrawOpenIntroductions(trx, id, actorId, 'consent_revoked');
    await reindex(MENTEE_INDEX, [id]);
  });
  return ok(id);
}

/**
 * Closes or reopens a profile of the mentor's project; false when it is not theirs. Closing withdraws the
 * open introductions, as revoking consent does: no employer keeps a card of a mentee the programme let go.
 */
export async function setMenteeStatus(
  app: FastifyInstance,
  projectId: number,
  id: string,
  status: 'active' | 'closed',
  actorId: string | null = null,
): Promise<boolean> {
  const changed = await writeIndexed(app, async (trx, reindex) => {
    const ok = await queries.updateProjectMentee(trx, projectId, id, { status, closed_at: status === 'closed' ? new Date() : null });
    if (ok && status === 'closed') await withdrawOpenIntroductions(trx, id, actorId, 'profile_closed');
    if (ok) await reindex(MENTEE_INDEX, [id]);
    return ok;
  });
  return changed;
}

/** The form's values for a stored profile. */
export function menteeFormValues(m: MenteeProfile, occupationLabel: (code: string) => string): Record<string, unknown> {
  return {
    gender: m.gender,
    ageBand: m.ageBand,
    germanLevel: m.germanLevel,
    otherLanguages: m.otherLanguages.join(', '),
    schooling: m.schooling,
    qualification: m.qualification,
    academic: m.academic ? 'on' : '',
    experienceOccupation: m.experience.map((e) => occupationLabel(e.occupation)),
    experienceYears: m.experience.map((e) => String(e.years)),
    desiredOccupations: m.desiredOccupations.map(occupationLabel),
    desiredKinds: m.desiredKinds,
    homeTown: m.homeTown,
    travelKm: String(m.travelKm),
    workingTime: m.workingTime,
    drivingLicence: m.drivingLicence ? 'on' : '',
    workPermit: m.workPermit,
    germanCourseLevel: m.germanCourseLevel ?? '',
    germanCourseEnd: m.germanCourseEnd ?? '',
    consent: m.consent ? 'on' : '',
    locale: m.locale,
    notes: m.notes,
  };
}
