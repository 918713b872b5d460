import { z } from 'zod';
import { checkbox, isCalendarDate, optionalDate, textWithout } from '../http/form-values.ts';
import { containsContactData } from '../mentees/schemas.ts';
import { DECLINE_REASONS, EMPLOYER_ANSWERS } from './transitions.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v) ?? '';

export const IntroductionId = z.object({ id: z.string().regex(UUID) });

/** A message that travels to the other side: short, and never a way to pass on contact data of the mentee. */
const message = (max: number) => textWithout(max, 'introduction.errors.messageLong', containsContactData, 'introduction.errors.messageContact');

export const ProposalInput = z.object({
  vacancyId: z.preprocess(trimmed, z.string().regex(UUID, 'introduction.errors.vacancy')),
  message: message(1000),
});
export type ProposalInput = z.infer<typeof ProposalInput>;
export const PROPOSAL_FIELDS = ['vacancyId', 'message'] as const;

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/;

/**
 * An employer's answer. An interview needs its day and time (`date` and
 * `time`, or `date` as "YYYY-MM-DDTHH:MM" from JSON clients); trial work its
 * first day; a decline its reason. The result carries `date` as the day and
 * `time` as "HH:MM" (interview only). Dates lie ahead (today counts).
 */
export const AnswerInput = z
  .object({
    answer: z.enum(EMPLOYER_ANSWERS, { message: 'introduction.errors.answer' }),
    date: z.preprocess(trimmed, z.string()),
    time: z.preprocess(trimmed, z.string()),
    reason: z.preprocess((v) => trimmed(v) || undefined, z.enum(DECLINE_REASONS, { message: 'introduction.errors.reason' }).optional()),
    message: message(1000),
  })
  .transform((value) => {
    // "2027-01-15T10:00" in one field: split it, so both ways of sending arrive the same.
    const joined = DATE_TIME.exec(value.date);
    return joined ? { ...value, date: value.date.slice(0, 10), time: value.time || value.date.slice(11, 16) } : value;
  })
  .superRefine((value, ctx) => {
    if ((value.answer === 'interview' || value.answer === 'trial') && !isCalendarDate(value.date)) {
      ctx.addIssue({ code: 'custom', path: ['date'], message: value.answer === 'interview' ? 'introduction.errors.interviewDate' : 'introduction.errors.trialDate' });
    }
    if (value.answer === 'interview' && !isTime(value.time)) ctx.addIssue({ code: 'custom', path: ['time'], message: 'introduction.errors.interviewTime' });
    if (value.answer === 'decline' && !value.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'introduction.errors.reason' });
  });
export type AnswerInput = z.infer<typeof AnswerInput>;
export const ANSWER_FIELDS = ['answer', 'date', 'time', 'reason', 'message'] as const;

export const OutcomeInput = z.object({
  outcome: z.enum(['job', 'apprenticeship'], { message: 'introduction.errors.outcome' }),
  startDate: optionalDate('introduction.errors.startDate').refine((v) => v !== null, 'introduction.errors.startDate'),
  sociallyInsured: checkbox,
  qualificationAdequate: checkbox,
});
export type OutcomeInput = z.infer<typeof OutcomeInput>;
export const OUTCOME_FIELDS = ['outcome', 'startDate', 'sociallyInsured', 'qualificationAdequate'] as const;

function isTime(value: string): boolean {
  return /^\d{2}:\d{2}$/.test(value) && Number(value.slice(0, 2)) < 24 && Number(value.slice(3, 5)) < 60;
}
