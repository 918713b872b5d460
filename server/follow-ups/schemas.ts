import { z } from 'zod';
import { checkbox, isCalendarDate, list, textWithout } from '../http/form-values.ts';
import { containsContactData } from '../mentees/schemas.ts';

export const CONCERNS = ['language', 'workplace', 'school', 'childcare', 'housing', 'other'] as const;
export type Concern = (typeof CONCERNS)[number];
export const END_REASONS = ['dropped_out', 'dismissed', 'changed_job', 'moved_away', 'other'] as const;
export type EndReason = (typeof END_REASONS)[number];

export const NOTE_MAX = 1000;

/** Placement ids are UUIDs (gen_random_uuid), written in lower case. */
export const PlacementId = z.object({ id: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/) });

/** The days a date may fall on: not before the placement started, not after today (Berlin). */
export interface DateBounds {
  startDate: string;
  today: string;
}

function boundedDate(prefix: 'date' | 'endedOn', bounds: DateBounds) {
  return z
    .preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string({ message: `followUps.errors.${prefix}` }))
    .refine(isCalendarDate, `followUps.errors.${prefix}`)
    .refine((s) => !isCalendarDate(s) || s <= bounds.today, `followUps.errors.${prefix}Future`)
    .refine((s) => !isCalendarDate(s) || s >= bounds.startDate, `followUps.errors.${prefix}BeforeStart`);
}

/** A mentor's note: short, and, like mentee notes, without e-mail addresses or phone numbers. */
const note = textWithout(
  NOTE_MAX,
  'followUps.errors.noteLong',
  containsContactData,
  'followUps.errors.noteContact',
  'followUps.errors.note',
);

export function FollowUpInput(bounds: DateBounds) {
  return z.object({
    date: boundedDate('date', bounds),
    concerns: list(z.enum(CONCERNS, { message: 'followUps.errors.concerns' })).transform((items) => [...new Set(items)]),
    dropoutRisk: checkbox,
    note,
  });
}
export type FollowUpInput = z.infer<ReturnType<typeof FollowUpInput>>;
export const FOLLOW_UP_FIELDS = ['date', 'concerns', 'dropoutRisk', 'note'] as const;

export function EndInput(bounds: DateBounds) {
  return z.object({
    endedOn: boundedDate('endedOn', bounds),
    reason: z.enum(END_REASONS, { message: 'followUps.errors.reason' }),
    note,
  });
}
export type EndInput = z.infer<ReturnType<typeof EndInput>>;
export const END_FIELDS = ['endedOn', 'reason', 'note'] as const;
