import type { FastifyInstance } from 'fastify';
import { audit } from '../audit/service.ts';
import * as queries from './queries.ts';

/** The file a person gets on request (access, Art. 15 GDPR): everything stored about their profile. */
export interface MenteeExport {
  exportedAt: string;
  portal: string;
  mentee: Record<string, unknown>;
  shortlist: Record<string, unknown>[];
  shareLinks: Record<string, unknown>[];
  introductions: Record<string, unknown>[];
  placements: Record<string, unknown>[];
  /** Who viewed or handled the profile, from the audit log. */
  profileAccess: Record<string, unknown>[];
}

/** Everything about one profile of the mentor's project; undefined when it is not theirs. The export itself is audited. */
export async function exportMentee(
  app: FastifyInstance,
  mentor: { id: string; projectId: number },
  id: string,
): Promise<MenteeExport | undefined> {
  const m = await queries.menteeForExport(app.db, mentor.projectId, id);
  if (!m) return undefined;
  const [shortlist, shareLinks, introductions, placements] = await Promise.all([
    queries.shortlistForExport(app.db, m.id),
    queries.shareLinksForExport(app.db, m.id),
    queries.introductionsForExport(app.db, m.id),
    queries.placementsForExport(app.db, m.id),
  ]);
  const [events, followUps] = await Promise.all([
    queries.introductionEventsForExport(
      app.db,
      introductions.map((i) => i.id),
    ),
    queries.followUpsForExport(
      app.db,
      placements.map((p) => p.id),
    ),
  ]);
  await audit(app.db, { id: mentor.id, role: 'mentor' }, 'mentee.exported', { type: 'mentee', id: m.id });
  const access = await queries.auditForExport(app.db, m.id);

  return {
    exportedAt: new Date().toISOString(),
    portal: 'Jobbrücke Sachsen',
    mentee: {
      id: m.id,
      code: m.code,
      project: m.project_name,
      status: m.status,
      gender: m.gender,
      ageBand: m.age_band,
      germanLevel: m.german_level,
      otherLanguages: m.other_languages,
      schooling: m.schooling,
      qualification: m.qualification,
      academic: m.academic,
      experience: m.experience,
      desiredOccupations: m.desired_occupations,
      desiredKinds: m.desired_kinds,
      homeTown: m.home_town,
      location: { lat: m.lat, lng: m.lng },
      travelKm: m.travel_km,
      workingTime: m.working_time,
      drivingLicence: m.driving_licence,
      workPermit: m.work_permit,
      consent: m.consent,
      consentAt: m.consent_at,
      locale: m.locale,
      notes: m.notes,
      createdAt: m.created_at,
      updatedAt: m.updated_at,
      closedAt: m.closed_at,
    },
    shortlist: shortlist.map((s) => ({
      vacancyId: s.vacancy_id,
      title: s.title,
      kind: s.kind,
      employer: s.employer_name,
      town: s.town,
      vacancyStatus: s.status,
      addedAt: s.added_at,
    })),
    shareLinks: shareLinks.map((l) => ({
      id: l.id,
      locale: l.locale,
      createdAt: l.created_at,
      expiresAt: l.expires_at,
      revokedAt: l.revoked_at,
    })),
    introductions: introductions.map((i) => ({
      id: i.id,
      vacancy: { id: i.vacancy_id, title: i.vacancy_title, kind: i.vacancy_kind },
      employer: i.employer_name,
      status: i.status,
      message: i.message,
      interviewAt: i.interview_at,
      trialOn: i.trial_on,
      declineReason: i.decline_reason,
      employerSeenAt: i.employer_seen_at,
      createdAt: i.created_at,
      statusChangedAt: i.status_changed_at,
      history: events
        .filter((e) => e.introduction_id === i.id)
        .map((e) => ({ at: e.at, from: e.from_status, to: e.to_status, by: e.actor_role, detail: e.detail })),
    })),
    placements: placements.map((p) => ({
      id: p.id,
      introductionId: p.introduction_id,
      employer: p.employer_name,
      kind: p.kind,
      startDate: p.start_date,
      sociallyInsured: p.socially_insured,
      qualificationAdequate: p.qualification_adequate,
      endedOn: p.ended_on,
      endReason: p.end_reason,
      endNote: p.end_note,
      createdAt: p.created_at,
      followUps: followUps
        .filter((f) => f.placement_id === p.id)
        .map((f) => ({ date: f.contact_date, concerns: f.concerns, dropoutRisk: f.dropout_risk, note: f.note, createdAt: f.created_at })),
    })),
    profileAccess: access.map((a) => ({ at: a.at, action: a.action, by: a.actor_role, employer: a.employer_name })),
  };
}

/** A file name with the pseudonym, safe in a header (the code is [A-Z0-9-] only). */
export function exportFileName(code: string): string {
  return `jobbruecke-${code.replace(/[^A-Za-z0-9-]/g, '')}.json`;
}
