import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  byUrgency,
  checkInSchedule,
  dueDates,
  nextCheckIn,
  openState,
  placementStatus,
} from '../../server/follow-ups/schedule.ts';

/* The follow-up rules (server/follow-ups/schedule.ts) as pure functions on calendar dates. */

describe('calendar arithmetic', () => {
  it('adds calendar months, ending at the last day of a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-01-30', 1)).toBe('2026-02-28');
    expect(addMonths('2026-03-31', 1)).toBe('2026-04-30');
    expect(addMonths('2026-03-31', 3)).toBe('2026-06-30');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
    expect(addMonths('2026-01-15', 1)).toBe('2026-02-15');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
  });

  it('knows leap years', () => {
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2027-08-29', 6)).toBe('2028-02-29');
    expect(addMonths('2028-02-29', 6)).toBe('2028-08-29');
    expect(addMonths('2100-01-31', 1)).toBe('2100-02-28'); // not a leap year
    expect(addMonths('2000-01-31', 1)).toBe('2000-02-29'); // a leap year
    expect(addDays('2028-02-22', 14)).toBe('2028-03-07');
    expect(addDays('2026-02-22', 14)).toBe('2026-03-08');
  });

  it('crosses years and the change to summer time without losing a day', () => {
    expect(addDays('2026-12-25', 14)).toBe('2027-01-08');
    expect(addDays('2026-03-20', 14)).toBe('2026-04-03');
    expect(addMonths('2026-10-15', 3)).toBe('2027-01-15');
  });
});

describe('the check-ins', () => {
  it('are due 2 weeks, 1, 3 and 6 months after the start', () => {
    expect(dueDates('2026-01-31')).toEqual([
      { key: '2w', dueDate: '2026-02-14' },
      { key: '1m', dueDate: '2026-02-28' },
      { key: '3m', dueDate: '2026-04-30' },
      { key: '6m', dueDate: '2026-07-31' },
    ]);
  });

  it('are upcoming more than 7 days ahead, due within 7 days or today, overdue after', () => {
    expect(openState('2026-03-20', '2026-03-12')).toBe('upcoming');
    expect(openState('2026-03-20', '2026-03-13')).toBe('due');
    expect(openState('2026-03-20', '2026-03-20')).toBe('due');
    expect(openState('2026-03-20', '2026-03-21')).toBe('overdue');
  });

  it('start upcoming, with the first one next', () => {
    const schedule = checkInSchedule('2026-03-01', [], '2026-03-02');
    expect(schedule.map((c) => c.state)).toEqual(['upcoming', 'upcoming', 'upcoming', 'upcoming']);
    expect(nextCheckIn(schedule)).toMatchObject({ key: '2w', dueDate: '2026-03-15', state: 'upcoming' });
  });

  it('are satisfied by a contact up to 7 days before they are due', () => {
    // 2w is due 2026-03-15: a contact on 03-08 counts, on 03-07 it does not
    expect(checkInSchedule('2026-03-01', ['2026-03-08'], '2026-03-10')[0]).toMatchObject({
      key: '2w',
      state: 'done',
      doneOn: '2026-03-08',
    });
    const early = checkInSchedule('2026-03-01', ['2026-03-07'], '2026-03-10');
    expect(early[0]).toMatchObject({ key: '2w', state: 'due', doneOn: null });
    expect(nextCheckIn(early)?.key).toBe('2w');
  });

  it('take one contact each, the earliest open one first', () => {
    // Nothing for five weeks: the late contact makes up for the 2-week check-in; the 1-month one stays overdue.
    const late = checkInSchedule('2026-03-01', ['2026-04-05'], '2026-04-05');
    expect(late.map((c) => [c.key, c.state])).toEqual([
      ['2w', 'done'],
      ['1m', 'overdue'],
      ['3m', 'upcoming'],
      ['6m', 'upcoming'],
    ]);
    expect(nextCheckIn(late)).toMatchObject({ key: '1m', dueDate: '2026-04-01', state: 'overdue' });

    // Two contacts the same week satisfy two check-ins only when both are within reach.
    const twice = checkInSchedule('2026-03-01', ['2026-03-27', '2026-03-14'], '2026-03-28');
    expect(twice.map((c) => c.doneOn)).toEqual(['2026-03-14', '2026-03-27', null, null]);
  });

  it('ignore contacts that no check-in is near', () => {
    const schedule = checkInSchedule('2026-03-01', ['2026-03-02', '2026-03-03'], '2026-03-04');
    expect(schedule.every((c) => c.doneOn === null)).toBe(true);
  });

  it('are all done after four timely contacts', () => {
    const schedule = checkInSchedule('2026-01-31', ['2026-02-14', '2026-02-27', '2026-04-28', '2026-07-30'], '2026-09-01');
    expect(schedule.map((c) => c.state)).toEqual(['done', 'done', 'done', 'done']);
    expect(nextCheckIn(schedule)).toBeNull();
  });

  it('sort overdue before due, oldest due date first', () => {
    const items = [
      { id: 'due-late', state: 'due' as const, dueDate: '2026-05-07' },
      { id: 'overdue-recent', state: 'overdue' as const, dueDate: '2026-04-30' },
      { id: 'due-soon', state: 'due' as const, dueDate: '2026-05-02' },
      { id: 'overdue-old', state: 'overdue' as const, dueDate: '2026-03-01' },
    ];
    expect(items.sort(byUrgency).map((i) => i.id)).toEqual(['overdue-old', 'overdue-recent', 'due-soon', 'due-late']);
  });
});

describe('a placement', () => {
  it('is active until six months after the start, then sustained', () => {
    expect(placementStatus({ startDate: '2026-01-31', endedOn: null }, '2026-07-30')).toBe('active');
    expect(placementStatus({ startDate: '2026-01-31', endedOn: null }, '2026-07-31')).toBe('sustained');
    expect(placementStatus({ startDate: '2025-08-31', endedOn: null }, '2026-02-28')).toBe('sustained');
    expect(placementStatus({ startDate: '2025-08-31', endedOn: null }, '2026-02-27')).toBe('active');
  });

  it('that ended is never sustained', () => {
    expect(placementStatus({ startDate: '2025-01-01', endedOn: '2025-03-01' }, '2026-01-01')).toBe('ended');
    expect(placementStatus({ startDate: '2025-01-01', endedOn: '2025-09-01' }, '2026-01-01')).toBe('ended');
  });
});
