import type { FastifyInstance } from 'fastify';
import type { Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { writeIndexed } from '../indexing/write.ts';
import { MENTEE_INDEX } from '../../search/mentee-index.ts';
import { VACANCY_INDEX } from '../../search/vacancy-index.ts';
import { insertAudit } from '../audit/queries.ts';
import { conflict, invalid, notFound, ok, type NotFound, type Result } from '../http/refusal.ts';
import { berlinDateTime, berlinFormat, todayInBerlin } from '../time/berlin.ts';
import { translate } from '../i18n/index.ts';
import { findProjectMentee, updateProjectMentee } from '../mentees/queries.ts';
import { profileCard, type ProfileCard } from './card.ts';
import * as queries from './queries.ts';
import type { AnswerInput, OutcomeInput, ProposalInput } from './schemas.ts';
import { actorOf, canTake, targetOf, type IntroductionStatus, type Step } from './transitions.ts';

export interface Mentor {
  id: string;
  projectId: number;
}
export interface Employer {
  accountId: string;
  employerId: string;
}

/** The German text of a notice (mentors and employers read German; the keys live in the locale files). */
const de = (key: string, vars?: Record<string, unknown>) => translate('de', key, vars);

/**
 * A mentor proposes a mentee of their project for a published vacancy. Only
 * with the mentee's recorded consent, once at a time per vacancy. The
 * employer's accounts get a notice that names the pseudonym and nothing else.
 */
export async function propose(app: FastifyInstance, mentor: Mentor, menteeId: string, input: ProposalInput): Promise<Result<string>> {
  const mentee = await findProjectMentee(app.db, mentor.projectId, menteeId);
  if (!mentee) return notFound();
  if (!mentee.consent || !mentee.consentAt) return conflict('introduction.errors.noConsent');
  if (mentee.status !== 'active') return conflict('introduction.errors.menteeNotActive');
  const vacancy = await queries.findProposableVacancy(app.db, input.vacancyId, todayInBerlin());
  if (!vacancy) {
    if (await queries.awaitsEmployerApproval(app.db, input.vacancyId)) return conflict('introduction.errors.employerPending');
    return invalid({ vacancyId: 'introduction.errors.vacancy' });
  }

  const id = await app.db.transaction().execute(async (trx) => {
    const created = await queries.insertIntroduction(trx, {
      mentee_id: mentee.id,
      vacancy_id: vacancy.id,
      employer_id: vacancy.employer_id,
      project_id: mentor.projectId,
      mentor_id: mentor.id,
      message: input.message,
    });
    if (!created) return null;
    await queries.insertEvent(trx, { introductionId: created, from: null, to: 'proposed', actorId: mentor.id, actorRole: 'mentor' });
    const url = `${app.publicUrl}/employer/introductions/${created}`;
    for (const to of await queries.employerRecipients(trx, vacancy.employer_id)) {
      await app.mail.enqueue(trx, {
        to,
        kind: 'introduction_new',
        subject: de('introduction.mail.newSubject', { title: vacancy.title }),
        text: de('introduction.mail.newText', { title: vacancy.title, code: mentee.code, url }),
      });
    }
    return created;
  });
  if (!id) return conflict('introduction.errors.duplicate');
  app.mail.worker.kick();
  return { ok: true, value: id };
}

/** An employer's answer, checked against the current status under a row lock; the mentor gets a notice. */
export async function answer(
  app: FastifyInstance,
  employer: Employer,
  id: string,
  input: AnswerInput,
): Promise<Result<IntroductionStatus>> {
  const row = await queries.findEmployerIntroduction(app.db, employer.employerId, id);
  if (!row) return notFound();
  const step: Step = input.answer;
  if (input.answer === 'interview' && input.date < todayInBerlin()) return invalid({ date: 'introduction.errors.dateInPast' });
  if (input.answer === 'trial' && input.date < todayInBerlin()) return invalid({ [input.field]: 'introduction.errors.dateInPast' });
  const to = targetOf(step);
  const interviewAt = input.answer === 'interview' ? berlinDateTime(`${input.date}T${input.time}`) : null;
  const detail: Record<string, unknown> = {};
  if (input.answer === 'interview') detail.interviewAt = `${input.date}T${input.time}`;
  if (input.answer === 'trial') detail.trialOn = input.date;
  if (input.answer === 'decline') detail.reason = input.reason;
  if (input.answer === 'decline' && input.reasonText) detail.reasonText = input.reasonText;
  if (input.message) detail.message = input.message;

  const outcome = await app.db.transaction().execute(async (trx) => {
    const locked = await queries.lockIntroduction(trx, row.id);
    if (!locked || !canTake(locked.status, step)) return { from: locked?.status ?? row.status, taken: false };
    await queries.updateIntroduction(trx, row.id, {
      status: to,
      status_changed_at: new Date(),
      ...(interviewAt ? { interview_at: interviewAt } : {}),
      ...(input.answer === 'trial' ? { trial_on: input.date } : {}),
      ...(input.answer === 'decline' ? { decline_reason: input.reason } : {}),
    });
    await queries.insertEvent(trx, {
      introductionId: row.id,
      from: locked.status,
      to,
      actorId: employer.accountId,
      actorRole: 'employer',
      detail,
    });
    const mentorEmail = await queries.mentorRecipient(trx, row.mentor_id);
    if (mentorEmail) {
      const vars = {
        code: row.mentee_code,
        title: row.vacancy_title,
        employer: row.employer_name,
        answer: de(`introduction.answers.${input.answer}`),
        details: answerDetails(input, interviewAt),
        url: `${app.publicUrl}/mentor/introductions/${row.id}`,
      };
      await app.mail.enqueue(trx, {
        to: mentorEmail,
        kind: 'introduction_answer',
        subject: de('introduction.mail.answerSubject', vars),
        text: de('introduction.mail.answerText', vars),
      });
    }
    return { from: locked.status, taken: true };
  });
  if (!outcome.taken) return conflict(transitionMessage(outcome.from, step));
  app.mail.worker.kick();
  return { ok: true, value: to };
}

// The notice's dates as a German reader writes them (15.01.2027, 10:00), in Berlin time whatever the server's zone.
const MAIL_DAY = berlinFormat('de-DE', { dateStyle: 'medium' });
const MAIL_TIME = berlinFormat('de-DE', { timeStyle: 'short' });
/** A trial day "YYYY-MM-DD" as the instant of its Berlin noon: the same calendar day in every zone the formatter could see. */
const berlinDay = (day: string) => berlinDateTime(`${day}T12:00`);

/** What the mentor needs of the answer beyond its name: when the interview is, when trial work starts, why it was declined. */
function answerDetails(input: AnswerInput, interviewAt: Date | null): string {
  if (input.answer === 'interview' && interviewAt)
    return de('introduction.mail.interviewDetails', { date: MAIL_DAY.format(interviewAt), time: MAIL_TIME.format(interviewAt) });
  if (input.answer === 'trial') return de('introduction.mail.trialDetails', { date: MAIL_DAY.format(berlinDay(input.date)) });
  if (input.answer === 'decline') {
    const reason = de(`values.declineReason.${input.reason}`);
    return de('introduction.mail.declineDetails', { reason: input.reasonText ? `${reason} – ${input.reasonText}` : reason });
  }
  return '';
}

export async function withdraw(app: FastifyInstance, mentor: Mentor, id: string): Promise<Result<IntroductionStatus>> {
  const row = await queries.findProjectIntroduction(app.db, mentor.projectId, id);
  if (!row) return notFound();
  const outcome = await app.db.transaction().execute(async (trx) => {
    const locked = await queries.lockIntroduction(trx, row.id);
    if (!locked || !canTake(locked.status, 'withdraw')) return { from: locked?.status ?? row.status, taken: false };
    await queries.updateIntroduction(trx, row.id, { status: 'withdrawn', status_changed_at: new Date() });
    await queries.insertEvent(trx, {
      introductionId: row.id,
      from: locked.status,
      to: 'withdrawn',
      actorId: mentor.id,
      actorRole: 'mentor',
    });
    return { from: locked.status, taken: true };
  });
  if (!outcome.taken) return conflict(transitionMessage(outcome.from, 'withdraw'));
  return { ok: true, value: 'withdrawn' };
}

/**
 * The mentor records the outcome: a placement (job or apprenticeship, start,
 * socially insured, qualification-adequate). The mentee's status becomes
 * placed, and leaves matching; the employer may then mark the vacancy filled.
 */
export async function recordOutcome(app: FastifyInstance, mentor: Mentor, id: string, input: OutcomeInput): Promise<Result<string>> {
  const row = await queries.findProjectIntroduction(app.db, mentor.projectId, id);
  if (!row) return notFound();
  const outcome = await writeIndexed(app, async (trx, reindex) => {
    const locked = await queries.lockIntroduction(trx, row.id);
    if (!locked || !canTake(locked.status, 'place')) return { from: locked?.status ?? row.status, placement: null };
    await queries.updateIntroduction(trx, row.id, { status: 'placed', status_changed_at: new Date() });
    const detail = {
      outcome: input.outcome,
      startDate: input.startDate,
      sociallyInsured: input.sociallyInsured,
      qualificationAdequate: input.qualificationAdequate,
    };
    await queries.insertEvent(trx, {
      introductionId: row.id,
      from: locked.status,
      to: 'placed',
      actorId: mentor.id,
      actorRole: 'mentor',
      detail,
    });
    const placement = await queries.insertPlacement(trx, {
      introduction_id: row.id,
      mentee_id: row.mentee_id,
      project_id: row.project_id,
      employer_id: row.employer_id,
      kind: input.outcome,
      start_date: input.startDate!,
      socially_insured: input.sociallyInsured,
      qualification_adequate: input.qualificationAdequate,
      first_introduced_on: await queries.firstIntroductionDay(trx, row.mentee_id),
    });
    await updateProjectMentee(trx, mentor.projectId, row.mentee_id, { status: 'placed' });
    await reindex(MENTEE_INDEX, [row.mentee_id]);
    return { from: locked.status, placement };
  });
  if (!outcome.placement) return conflict(transitionMessage(outcome.from, 'place'));
  return { ok: true, value: outcome.placement };
}

/**
 * The employer opens an introduction: the anonymised card, and an audit row
 * for this view (who, when, which profile, from which introduction).
 */
export async function openCard(
  app: FastifyInstance,
  employer: Employer,
  id: string,
): Promise<Result<{ row: queries.IntroductionRow; card: ProfileCard }, NotFound>> {
  const row = await queries.findEmployerIntroduction(app.db, employer.employerId, id);
  if (!row) return notFound();
  // The card exists while the introduction stands on the mentee's consent: never after a withdrawal or a
  // decline, and never once the consent is gone (revoking it also withdraws open introductions).
  if (row.status === 'withdrawn' || row.status === 'declined') return notFound();
  // Only an organisation the programme office approved sees mentees (one that is pending cannot receive proposals either).
  if (row.employer_status !== 'approved') return notFound();
  const mentee = await findProjectMentee(app.db, row.project_id, row.mentee_id);
  // A closed profile has no card either: closing withdraws the open introductions, and ends the rest's card.
  if (!mentee || !mentee.consent || mentee.status === 'closed') return notFound();
  await app.db.transaction().execute(async (trx) => {
    await insertAudit(trx, {
      actorId: employer.accountId,
      actorRole: 'employer',
      action: 'profile_card.viewed',
      subjectType: 'mentee',
      subjectId: mentee.id,
      detail: { introductionId: row.id, code: mentee.code, employerId: employer.employerId },
    });
    if (!row.employer_seen_at) await queries.updateIntroduction(trx, row.id, { employer_seen_at: new Date() });
  });
  return ok({ row, card: profileCard(mentee, { lat: row.vacancy_lat, lng: row.vacancy_lng }) });
}

/** Why a mentee's open introductions end without a step of their own. */
export type WithdrawalReason = 'consent_revoked' | 'profile_closed';

/**
 * Consent revoked or the profile closed: every open introduction of the mentee
 * is withdrawn in the same transaction as the profile change, with a line (and
 * the reason) in its history.
 */
export async function withdrawOpenIntroductions(
  trx: Transaction<Database>,
  menteeId: string,
  actorId: string | null,
  reason: WithdrawalReason,
): Promise<void> {
  for (const open of await queries.openIntroductionsOf(trx, menteeId)) {
    await queries.updateIntroduction(trx, open.id, { status: 'withdrawn', status_changed_at: new Date() });
    await queries.insertEvent(trx, {
      introductionId: open.id,
      from: open.status,
      to: 'withdrawn',
      actorId,
      actorRole: 'mentor',
      detail: { reason },
    });
  }
}

/** The employer marks the vacancy of an introduction filled: closed, and out of search. */
export async function fillVacancy(app: FastifyInstance, employer: Employer, vacancyId: string): Promise<Result<'filled'>> {
  return writeIndexed(app, async (trx, reindex): Promise<Result<'filled'>> => {
    if (await queries.markVacancyFilled(trx, employer.employerId, vacancyId)) {
      await reindex(VACANCY_INDEX, [vacancyId]);
      return ok('filled');
    }
    // Not changed: someone else's (or no) vacancy, or one already marked filled.
    return (await queries.isOwnFilledVacancy(trx, employer.employerId, vacancyId))
      ? conflict('introduction.errors.alreadyFilled')
      : notFound();
  });
}

/** The message for a refused step: final statuses say so; otherwise the step does not fit the status. */
export function transitionMessage(from: IntroductionStatus, step: Step): string {
  if (from === 'placed' || from === 'declined' || from === 'withdrawn') return 'introduction.errors.final';
  return actorOf(step) === 'mentor' && step === 'place' ? 'introduction.errors.placeTooEarly' : 'introduction.errors.transition';
}
