import type { FastifyRequest } from 'fastify';
import type { ProfileCard } from './card.ts';
import type { ContactRow, IntroductionRow, listEvents } from './queries.ts';
import { berlinDateTime } from '../time/berlin.ts';
import { INTRODUCTION_STATUSES, OPEN_STATUSES, stepsFor, type IntroductionStatus } from './transitions.ts';

const DAY_MS = 86_400_000;

/** Whole days since a moment (0 today). */
export function daysSince(moment: Date, now = new Date()): number {
  return Math.max(0, Math.floor((now.getTime() - moment.getTime()) / DAY_MS));
}

/** An introduction as JSON (the same names as forms use). */
export function introductionJson(row: IntroductionRow) {
  return {
    id: row.id,
    status: row.status,
    menteeCode: row.mentee_code,
    vacancy: { id: row.vacancy_id, title: row.vacancy_title, kind: row.vacancy_kind, filled: row.vacancy_filled_at !== null },
    employer: { name: row.employer_name },
    message: row.message,
    interviewAt: row.interview_at,
    trialOn: row.trial_on,
    declineReason: row.decline_reason,
    createdAt: row.created_at,
    statusChangedAt: row.status_changed_at,
    placementId: row.placement_id,
  };
}

export type EventRow = Awaited<ReturnType<typeof listEvents>>[number];

export function eventJson(event: EventRow) {
  return { from: event.from_status, to: event.to_status, actorRole: event.actor_role, at: event.at, detail: event.detail };
}

/** What the employer may see of a step: dates, the decline reason, the employer's own message. Never what the mentor recorded. */
const EMPLOYER_DETAIL = ['interviewAt', 'trialOn', 'reason', 'reasonText'] as const;

export function employerEventJson(event: EventRow) {
  const detail = event.detail as Record<string, unknown>;
  const shown: Record<string, unknown> = {};
  for (const key of EMPLOYER_DETAIL) if (key in detail) shown[key] = detail[key];
  if (event.actor_role === 'employer' && 'message' in detail) shown.message = detail.message;
  return { from: event.from_status, to: event.to_status, actorRole: event.actor_role, at: event.at, detail: shown };
}

/** An introduction as the employer sees it: without the mentor's placement record. */
export function employerIntroductionJson(row: IntroductionRow) {
  const { placementId: _placement, ...rest } = introductionJson(row);
  return rest;
}

/** One line of the history: when, who (the role; a mentor by name to colleagues), what. */
export function historyLines(request: FastifyRequest, events: EventRow[], showNames: boolean) {
  const t = request.t.bind(request);
  return events.map((e) => {
    const detail = e.detail as Record<string, unknown>;
    return {
      at: e.at,
      actor: t(`introduction.roles.${e.actor_role}`) + (showNames && e.display_name ? ` (${e.display_name})` : ''),
      status: e.to_status,
      // Stored as Berlin wall-clock time ("2027-01-15T10:00"); the page writes it the way its language does.
      interviewAt: typeof detail.interviewAt === 'string' ? berlinDateTime(detail.interviewAt) : undefined,
      trialOn: detail.trialOn,
      reason:
        typeof detail.reason === 'string'
          ? t(`values.declineReason.${detail.reason}`) + (typeof detail.reasonText === 'string' ? ` – ${detail.reasonText}` : '')
          : undefined,
      message: detail.message,
    };
  });
}

/** The mentor's board: one column per status, each oldest waiting first, with counts. */
export function pipelineColumns(rows: IntroductionRow[], now = new Date()) {
  return INTRODUCTION_STATUSES.map((status) => {
    const items = rows
      .filter((r) => r.status === status)
      .map((r) => ({ ...introductionJson(r), waitingDays: daysSince(r.status_changed_at, now), url: `/mentor/introductions/${r.id}` }));
    return { status, count: items.length, open: OPEN_STATUSES.includes(status), items };
  });
}

export function employerSteps(status: IntroductionStatus) {
  return stepsFor(status, 'employer');
}

/** The card's lines for the page, each value through the translations. */
export function cardLines(request: FastifyRequest, card: ProfileCard, occupationTitle: (code: string) => string) {
  const t = request.t.bind(request);
  const yesNo = (v: boolean) => t(v ? 'common.yes' : 'common.no');
  return [
    { term: t('introduction.card.germanLevel'), value: t(`values.menteeGermanLevel.${card.germanLevel}`) },
    { term: t('introduction.card.otherLanguages'), value: card.otherLanguages.join(', ') || '–' },
    { term: t('introduction.card.schooling'), value: t(`values.schooling.${card.schooling}`) },
    {
      term: t('introduction.card.qualification'),
      value: t(`values.menteeQualification.${card.qualification}`) + (card.academic ? ` · ${t('introduction.card.academic')}` : ''),
    },
    {
      term: t('introduction.card.experience'),
      value: card.experience.length
        ? card.experience
            .map((e) => t('introduction.card.experienceItem', { occupation: occupationTitle(e.occupation), years: e.years }))
            .join('; ')
        : '–',
    },
    { term: t('introduction.card.workingTime'), value: t(`values.menteeWorkingTime.${card.workingTime}`) },
    { term: t('introduction.card.distance'), value: t(`values.distanceBand.${card.distanceBand}`) },
    { term: t('introduction.card.drivingLicence'), value: yesNo(card.drivingLicence) },
    { term: t('introduction.card.workPermit'), value: t(`values.workPermit.${card.workPermit}`) },
  ];
}

/** A phone number as a tel: link (RFC 3966 has no spaces; only digits and + stay). */
const telHref = (phone: string) => `tel:${phone.replace(/[^\d+]/g, '')}`;

/**
 * Who the employer contacts about an introduction (never the mentee): the mentor by name, else as
 * "your mentor from project X", with the work phone and e-mail the mentor set; a mentor who set
 * neither is reached through the project's contact. `via` names the project when its contact stands in.
 */
export function contactCard(request: FastifyRequest, row: ContactRow | undefined) {
  if (!row) return null;
  const own = Boolean(row.contact_phone || row.contact_email);
  const phone = own ? row.contact_phone : row.project_phone;
  const email = own ? row.contact_email : row.project_email;
  return {
    name: row.display_name || request.t('introduction.contact.genericName', { project: row.project_name }),
    via: !own && (phone || email) ? row.project_name : null,
    phone,
    phoneHref: phone ? telHref(phone) : null,
    email,
  };
}
