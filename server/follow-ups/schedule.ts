/**
 * The follow-up (Nachbetreuung) rules after a placement, as pure functions on
 * 'YYYY-MM-DD' strings (calendar dates; "today" is the Berlin date, given by the caller).
 *
 * - Check-ins are due 2 weeks, 1, 3 and 6 months after the start (calendar months:
 *   a month after 31 January is the last day of February).
 * - Contacts are taken in date order; each satisfies the earliest unsatisfied check-in
 *   due at most 7 days after the contact (a contact a few days early counts, a late
 *   one catches up the oldest missed check-in first).
 * - An open check-in is `upcoming` when due in more than 7 days, `due` from 7 days before
 *   its date up to the day itself, `overdue` after it.
 * - A placement is `sustained` when it has not ended by start + 6 months; an ended one never is.
 */

import { addDays, addMonths, daysBetween } from '../time/calendar.ts';

export const CHECK_INS = [
  { key: '2w', days: 14, months: 0 },
  { key: '1m', days: 0, months: 1 },
  { key: '3m', days: 0, months: 3 },
  { key: '6m', days: 0, months: 6 },
] as const;
export type CheckInKey = (typeof CHECK_INS)[number]['key'];

/** How close a contact or a due date must be to count: a week. */
export const WINDOW_DAYS = 7;
export const SUSTAINED_AFTER_MONTHS = 6;

export type OpenState = 'upcoming' | 'due' | 'overdue';
export type CheckInState = OpenState | 'done';
export type PlacementStatus = 'active' | 'ended' | 'sustained';

export interface CheckIn {
  key: CheckInKey;
  dueDate: string;
  state: CheckInState;
  /** The contact that satisfied it. */
  doneOn: string | null;
}

// The calendar arithmetic the rules need lives in server/time/calendar.ts; re-exported for the rules' callers.
export { addDays, addMonths, daysBetween };

export function dueDates(startDate: string): { key: CheckInKey; dueDate: string }[] {
  return CHECK_INS.map((c) => ({ key: c.key, dueDate: addDays(addMonths(startDate, c.months), c.days) }));
}

export function openState(dueDate: string, today: string): OpenState {
  const daysLeft = daysBetween(today, dueDate);
  if (daysLeft < 0) return 'overdue';
  return daysLeft <= WINDOW_DAYS ? 'due' : 'upcoming';
}

/** Every check-in of a placement with what satisfied it or how urgent it is. */
export function checkInSchedule(startDate: string, contactDates: readonly string[], today: string): CheckIn[] {
  const checkIns: CheckIn[] = dueDates(startDate).map((c) => ({ ...c, state: openState(c.dueDate, today), doneOn: null }));
  for (const contact of [...contactDates].sort()) {
    const latestDue = addDays(contact, WINDOW_DAYS);
    const satisfied = checkIns.find((c) => c.doneOn === null && c.dueDate <= latestDue);
    if (satisfied) {
      satisfied.doneOn = contact;
      satisfied.state = 'done';
    }
  }
  return checkIns;
}

/** The earliest check-in still open, or null when all are done. */
export function nextCheckIn(schedule: readonly CheckIn[]): (CheckIn & { state: OpenState }) | null {
  return (schedule.find((c) => c.state !== 'done') as (CheckIn & { state: OpenState }) | undefined) ?? null;
}

export function placementStatus(placement: { startDate: string; endedOn: string | null }, today: string): PlacementStatus {
  if (placement.endedOn !== null) return 'ended';
  return today >= addMonths(placement.startDate, SUSTAINED_AFTER_MONTHS) ? 'sustained' : 'active';
}

/** Overdue before due, each oldest due date first; upcoming last. */
export function byUrgency(a: { state: OpenState; dueDate: string }, b: { state: OpenState; dueDate: string }): number {
  const rank: Record<OpenState, number> = { overdue: 0, due: 1, upcoming: 2 };
  return rank[a.state] - rank[b.state] || (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : 0);
}
