import type { Agent } from 'supertest';
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../../server/follow-ups/schedule.ts';
import { todayInBerlin } from '../../server/time/berlin.ts';
import { useTestApp } from '../helpers/app.ts';
import { createPlacement, type CreatedPlacement } from '../helpers/placements.ts';
import { mainOf, mentorOf, pageTitle, projectIdOf } from '../mentees/support.ts';

/*
 * The follow-up dashboard (GET /mentor/follow-ups): the project's running placements
 * whose next check-in is due or overdue, overdue first. Other test files add placements
 * to the same project, so these tests look at the rows of their own placements.
 */

const app = useTestApp();
let projectId: number;
let mentor: { agent: Agent; accountId: string };
const today = todayInBerlin();
const placements: Record<string, CreatedPlacement> = {};

beforeAll(async () => {
  projectId = await projectIdOf(app, 'aul-dresden');
  mentor = await mentorOf(app, projectId);
  const placed = (startDate: string, extra: Partial<Parameters<typeof createPlacement>[1]> = {}) =>
    createPlacement(app, { projectId, mentorId: mentor.accountId, startDate, ...extra });
  // 2w due in 3 days
  placements.dueSoon = await placed(addDays(today, -11));
  // 2w overdue by 2 days
  placements.overdueRecent = await placed(addDays(today, -16));
  // 2w due today
  placements.dueToday = await placed(addDays(today, -14));
  // 2w overdue by two months
  placements.overdueOld = await placed(addMonths(addDays(today, -14), -2));
  // 2w in 10 days: nothing due yet
  placements.upcoming = await placed(addDays(today, -4));
  // overdue, but ended
  placements.ended = await placed(addDays(today, -40), { endedOn: addDays(today, -1) });
  // overdue 2w made up by a contact; 1m still more than a week away
  placements.contacted = await placed(addDays(today, -16));
  await app.db
    .insertInto('follow_ups')
    .values({ placement_id: placements.contacted.placementId, contact_date: addDays(today, -1), concerns: [], dropout_risk: false })
    .execute();
  // overdue, with a latest contact that flagged a risk of dropping out (an older one did not)
  placements.risky = await placed(addDays(today, -50));
  await app.db
    .insertInto('follow_ups')
    .values([
      { placement_id: placements.risky.placementId, contact_date: addDays(today, -40), concerns: [], dropout_risk: false },
      { placement_id: placements.risky.placementId, contact_date: addDays(today, -39), concerns: ['workplace'], dropout_risk: true },
    ])
    .execute();
});

const ours = (ids: string[]) => {
  const byId = new Map(Object.entries(placements).map(([name, p]) => [p.placementId, name]));
  return ids.filter((id) => byId.has(id)).map((id) => byId.get(id));
};

describe('the follow-up dashboard', () => {
  it('lists overdue check-ins before due ones, oldest first, and leaves out the rest', async () => {
    const page = await mentor.agent.get('/mentor/follow-ups');
    expect(page.status).toBe(200);
    expect(pageTitle(page.text)).toMatch(/^Nachbetreuung – /);
    const main = mainOf(page.text);
    const rows = [...main.matchAll(/<tr data-placement="([0-9a-f-]{36})">/g)].map((m) => m[1]!);
    expect(ours(rows)).toEqual(['overdueOld', 'risky', 'overdueRecent', 'dueToday', 'dueSoon']);
    // Every row links to its placement page.
    for (const name of ['overdueOld', 'dueSoon'] as const) {
      const p = placements[name]!;
      expect(main).toContain(`<a href="/mentor/placements/${p.placementId}">${p.menteeCode}</a>`);
    }
    const riskyRow = new RegExp(`<tr data-placement="${placements.risky!.placementId}">([\\s\\S]*?)</tr>`).exec(main)![1]!;
    expect(riskyRow).toContain('<strong>Abbruchgefahr</strong>');
    expect(riskyRow).toContain('Nach 1 Monat'); // the 2-week one was made up by the first contact
    expect(riskyRow).toContain('Überfällig');
  });

  it('answers JSON with counts and the items in the same order', async () => {
    const response = await mentor.agent.get('/mentor/follow-ups').set('Accept', 'application/json');
    expect(response.status).toBe(200);
    const { counts, items } = response.body as {
      counts: { overdue: number; due: number };
      items: { placementId: string; state: string }[];
    };
    expect(counts.overdue).toBe(items.filter((i) => i.state === 'overdue').length);
    expect(counts.due).toBe(items.filter((i) => i.state === 'due').length);
    expect(counts.overdue).toBeGreaterThanOrEqual(3);
    expect(counts.due).toBeGreaterThanOrEqual(2);
    expect(ours(items.map((i) => i.placementId))).toEqual(['overdueOld', 'risky', 'overdueRecent', 'dueToday', 'dueSoon']);
    const first = items.find((i) => i.placementId === placements.overdueOld!.placementId);
    expect(first).toEqual({
      placementId: placements.overdueOld!.placementId,
      url: `/mentor/placements/${placements.overdueOld!.placementId}`,
      menteeCode: placements.overdueOld!.menteeCode,
      employerName: placements.overdueOld!.employerName,
      checkIn: '2w',
      dueDate: addDays(addMonths(addDays(today, -14), -2), 14),
      state: 'overdue',
      dropoutRisk: false,
    });
    // Overdue before due throughout, whoever else has placements in the project.
    const states = items.map((i) => i.state);
    expect(states.lastIndexOf('overdue')).toBeLessThan(states.indexOf('due') === -1 ? Infinity : states.indexOf('due'));
  });

  it("shows another project's mentor none of these", async () => {
    const stranger = await mentorOf(app, await projectIdOf(app, 'aul-leipzig'));
    const response = await stranger.agent.get('/mentor/follow-ups').set('Accept', 'application/json');
    expect(response.status).toBe(200);
    expect(ours(response.body.items.map((i: { placementId: string }) => i.placementId))).toEqual([]);
  });
});
