import { describe, expect, it } from 'vitest';
import { byUrgency, nextSteps, NO_CONTACT_DAYS } from '../../server/mentees/next-step.ts';
import type { MenteeActivity, MenteePlacement } from '../../server/mentees/queries.ts';

/* The mentee list's "next step" (server/mentees/next-step.ts) as pure rules: which reasons apply to whom, in which order. */

const TODAY = '2026-12-07';
const noon = (day: string) => new Date(`${day}T11:00:00Z`);
const activity = (over: Partial<MenteeActivity> = {}): MenteeActivity => ({
  id: 'm',
  unseenAnswers: 0,
  firstUnseenAnswerAt: null,
  lastContactAt: noon(TODAY),
  ...over,
});
const placement = (startDate: string, contactDates: string[] = []): MenteePlacement => ({
  id: `p-${startDate}`,
  menteeId: 'm',
  employerName: 'Betrieb',
  vacancyTitle: null,
  kind: 'job',
  startDate,
  endedOn: null,
  contactDates,
});
const reasons = (steps: { reason: string }[]) => steps.map((s) => s.reason);

describe('next steps of one mentee', () => {
  it('lists every reason that applies, most urgent first', () => {
    const steps = nextSteps(
      { status: 'active' },
      {
        activity: activity({ unseenAnswers: 2, firstUnseenAnswerAt: noon('2026-12-05'), lastContactAt: noon('2026-10-01') }),
        placements: [placement('2026-11-01')],
        newMatches: 3,
      },
      TODAY,
    );
    expect(reasons(steps)).toEqual(['employerAnswered', 'checkInOverdue', 'newMatches', 'noContact']);
    expect(steps[3]).toEqual({ reason: 'noContact', days: 67 });
  });

  it(`counts "no contact" from ${NO_CONTACT_DAYS} whole Berlin days, not one before`, () => {
    const at = (day: string) =>
      nextSteps({ status: 'active' }, { activity: activity({ lastContactAt: noon(day) }), placements: [], newMatches: 0 }, TODAY);
    expect(at('2026-11-08')).toEqual([]);
    expect(at('2026-11-07')).toEqual([{ reason: 'noContact', days: 30 }]);
  });

  it('a check-in is due from a week before its date, overdue after it, and gone once a contact satisfied it', () => {
    expect(reasons(nextSteps({ status: 'placed' }, { placements: [placement('2026-12-01')], newMatches: 0 }, TODAY))).toEqual([]);
    expect(nextSteps({ status: 'placed' }, { placements: [placement('2026-11-25')], newMatches: 0 }, TODAY)).toEqual([
      { reason: 'checkInDue', dueDate: '2026-12-09', placementId: 'p-2026-11-25' },
    ]);
    expect(
      reasons(nextSteps({ status: 'placed' }, { placements: [placement('2026-11-20', ['2026-12-03'])], newMatches: 0 }, TODAY)),
    ).toEqual([]);
  });

  it('new matches and silence concern active mentees only; a closed profile has no next step', () => {
    const facts = {
      activity: activity({ lastContactAt: noon('2026-01-01'), unseenAnswers: 1, firstUnseenAnswerAt: noon(TODAY) }),
      placements: [],
      newMatches: 4,
    };
    expect(reasons(nextSteps({ status: 'placed' }, facts, TODAY))).toEqual(['employerAnswered']);
    expect(nextSteps({ status: 'closed' }, facts, TODAY)).toEqual([]);
  });
});

describe('the order of the list', () => {
  it('ranks by the most urgent step, then who waited longest; rows without a step keep their order at the end', () => {
    const rows = [
      { name: 'quiet-1', steps: [] },
      { name: 'silent-40', steps: [{ reason: 'noContact' as const, days: 40 }] },
      { name: 'silent-90', steps: [{ reason: 'noContact' as const, days: 90 }] },
      { name: 'quiet-2', steps: [] },
      { name: 'matches-2', steps: [{ reason: 'newMatches' as const, count: 2 }] },
      { name: 'due', steps: [{ reason: 'checkInDue' as const, dueDate: '2026-12-10', placementId: 'p' }] },
      { name: 'answered-late', steps: [{ reason: 'employerAnswered' as const, count: 1, since: noon('2026-12-06') }] },
      { name: 'answered-early', steps: [{ reason: 'employerAnswered' as const, count: 1, since: noon('2026-12-01') }] },
      { name: 'overdue', steps: [{ reason: 'checkInOverdue' as const, dueDate: '2026-11-20', placementId: 'p' }] },
    ];
    expect(rows.sort(byUrgency).map((r) => r.name)).toEqual([
      'answered-early',
      'answered-late',
      'overdue',
      'due',
      'matches-2',
      'silent-90',
      'silent-40',
      'quiet-1',
      'quiet-2',
    ]);
  });
});
