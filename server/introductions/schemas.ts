import { z } from 'zod';
import { checkbox, isCalendarDate, optionalDate, textWithout } from '../http/form-values.ts';
import { containsContactData } from '../mentees/schemas.ts';
import { DECLINE_REASONS } from './transitions.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v) ?? '';

export const IntroductionId = z.object({ id: z.string().regex(UUID) });

/** A message that travels to the other side: short, and never a way to pass on contact data of the mentee. */
const message = (max: number) =>
  textWithout(max, 'introduction.errors.messageLong', containsContactData, 'introduction.errors.messageContact');

export const ProposalInput = z.object({
  vacancyId: z.preprocess(trimmed, z.string().regex(UUID, 'introduction.errors.vacancy')),
  message: message(1000),
});
export type ProposalInput = z.infer<typeof ProposalInput>;
export const PROPOSAL_FIELDS = ['vacancyId', 'message'] as const;

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})$/;
/** A day as people write it here: 15.01.2027 (German), 15/01/2027 (British English), day and month with or without a leading zero. */
const DAY_MONTH_YEAR = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/;

/**
 * A day typed or picked into a date field, as "YYYY-MM-DD", or null when it is no day of the calendar.
 * Browsers with a date picker send "YYYY-MM-DD"; one without it sends what the person typed, written the
 * way the page writes dates ("15.01.2027"), so both are read. Length first: only short text reaches a regex.
 */
export function dayOf(value: string): string | null {
  if (value.length > 10) return null;
  const written = DAY_MONTH_YEAR.exec(value);
  const iso = written ? `${written[3]}-${written[2]!.padStart(2, '0')}-${written[1]!.padStart(2, '0')}` : value;
  return isCalendarDate(iso) ? iso : null;
}

function isTime(value: string): boolean {
  return /^\d{2}:\d{2}$/.test(value) && Number(value.slice(0, 2)) < 24 && Number(value.slice(3, 5)) < 60;
}

/** A text field's value: trimmed, missing counts as empty, anything that is no text as empty too (the field then says what it needs). */
const field = z.preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string());

/*
 * An employer's answer: one of four, each with only its own fields (GOV.UK's conditional reveal on the
 * page). Each branch is its own object, so the fields of the answers not chosen are dropped unread: a
 * reason left selected before switching to "interview" neither fails nor lands anywhere.
 */
const Interested = z.object({ answer: z.literal('interested'), message: message(1000) });

/** An interview: its day and time, as `date` and `time` from the form, or `date` as "YYYY-MM-DDTHH:MM" from JSON clients. */
const Interview = z.object({ answer: z.literal('interview'), date: field, time: field, message: message(1000) }).transform((value, ctx) => {
  // "2027-01-15T10:00" in one field: split it, so both ways of sending arrive the same.
  const joined = DATE_TIME.exec(value.date);
  const date = dayOf(joined ? joined[1]! : value.date);
  const time = value.time || (joined ? joined[2]! : '');
  if (!date) ctx.addIssue({ code: 'custom', path: ['date'], message: 'introduction.errors.interviewDate' });
  if (!isTime(time)) ctx.addIssue({ code: 'custom', path: ['time'], message: 'introduction.errors.interviewTime' });
  return { answer: value.answer, date: date ?? '', time, message: value.message };
});

/**
 * Trial work: its first day. The page's field is `trialDate` (the interview has its own `date`);
 * JSON clients and older forms send `date`, so the error names the field the client sent.
 */
const Trial = z
  .object({ answer: z.literal('trial'), trialDate: field.optional(), date: field, message: message(1000) })
  .transform((value, ctx) => {
    const name = value.trialDate === undefined ? 'date' : 'trialDate';
    const date = dayOf(value.trialDate ?? value.date);
    if (!date) ctx.addIssue({ code: 'custom', path: [name], message: 'introduction.errors.trialDate' });
    return { answer: value.answer, date: date ?? '', field: name, message: value.message };
  });

/** A decline: one of the listed reasons, and in a few words why, if the employer wants to say. */
const Decline = z.object({
  answer: z.literal('decline'),
  reason: z.preprocess(trimmed, z.enum(DECLINE_REASONS, { message: 'introduction.errors.reason' })),
  reasonText: textWithout(500, 'introduction.errors.reasonTextLong', containsContactData, 'introduction.errors.messageContact'),
  message: message(1000),
});

export const AnswerInput = z.discriminatedUnion('answer', [Interested, Interview, Trial, Decline], { error: 'introduction.errors.answer' });
export type AnswerInput = z.infer<typeof AnswerInput>;
/** The answer form's fields in page order (the error summary links them in this order). */
export const ANSWER_FIELDS = ['answer', 'date', 'time', 'trialDate', 'reason', 'reasonText', 'message'] as const;

export const OutcomeInput = z.object({
  outcome: z.enum(['job', 'apprenticeship'], { message: 'introduction.errors.outcome' }),
  startDate: optionalDate('introduction.errors.startDate').refine((v) => v !== null, 'introduction.errors.startDate'),
  sociallyInsured: checkbox,
  qualificationAdequate: checkbox,
});
export type OutcomeInput = z.infer<typeof OutcomeInput>;
export const OUTCOME_FIELDS = ['outcome', 'startDate', 'sociallyInsured', 'qualificationAdequate'] as const;
