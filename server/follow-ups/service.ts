import type { FastifyInstance } from 'fastify';
import { conflict, ok, type Conflict, type Result } from '../http/refusal.ts';
import { writeIndexed } from '../indexing/write.ts';
import { MENTEE_INDEX } from '../../search/mentee-index.ts';
import * as queries from './queries.ts';
import type { ContactRow, PlacementRow, RunningPlacementRow } from './queries.ts';
import {
  byUrgency,
  checkInSchedule,
  nextCheckIn,
  placementStatus,
  type CheckIn,
  type CheckInKey,
  type OpenState,
  type PlacementStatus,
} from './schedule.ts';
import type { EndInput, FollowUpInput } from './schemas.ts';

export const placementPath = (id: string) => `/mentor/placements/${id}`;

export interface PlacementOverview {
  placement: Omit<PlacementRow, 'projectId'> & { status: PlacementStatus; url: string };
  schedule: (CheckIn & { next: boolean })[];
  contacts: ContactRow[];
}

/** A placement of the mentor's project with its check-ins and contacts; undefined when it is not theirs. */
export async function placementOverview(
  app: FastifyInstance,
  projectId: number,
  id: string,
  today: string,
): Promise<PlacementOverview | undefined> {
  const row = await queries.findProjectPlacement(app.db, projectId, id);
  if (!row) return undefined;
  const contacts = await queries.listContacts(app.db, row.id);
  const { projectId: _project, ...placement } = row;
  const status = placementStatus(row, today);
  // An ended placement has nothing left to follow up: its check-ins show what was done, nothing is open.
  const schedule = checkInSchedule(
    row.startDate,
    contacts.map((c) => c.contactDate),
    today,
  );
  const next = status === 'ended' ? null : nextCheckIn(schedule);
  return {
    placement: { ...placement, status, url: placementPath(row.id) },
    schedule: schedule.filter((c) => status !== 'ended' || c.state === 'done').map((c) => ({ ...c, next: c === next })),
    contacts,
  };
}

export async function recordContact(app: FastifyInstance, placementId: string, mentorId: string, input: FollowUpInput): Promise<string> {
  return queries.insertContact(app.db, {
    placementId,
    contactDate: input.date,
    concerns: input.concerns,
    dropoutRisk: input.dropoutRisk,
    note: input.note,
    createdBy: mentorId,
  });
}

/** A placement that has ended takes no more contacts and cannot end again (409, JSON code placement_ended). */
export const placementEnded = conflict('followUps.errors.ended', 'placement_ended');

/**
 * Ends a placement; its mentee, still linked and placed with nothing else running, is looking
 * again ('active'), and the mentees index learns so through the outbox. A conflict when it had ended already.
 */
export async function endPlacement(
  app: FastifyInstance,
  projectId: number,
  placement: Pick<PlacementRow, 'id' | 'menteeId'>,
  input: EndInput,
): Promise<Result<undefined, Conflict>> {
  const reactivated = await writeIndexed(app, async (trx, reindex) => {
    const ended = await queries.endProjectPlacement(trx, projectId, placement.id, {
      endedOn: input.endedOn,
      reason: input.reason,
      note: input.note || null,
    });
    if (!ended) return null;
    if (!placement.menteeId || !(await queries.reactivatePlacedMentee(trx, projectId, placement.menteeId))) return false;
    await reindex(MENTEE_INDEX, [placement.menteeId]);
    return true;
  });
  return reactivated === null ? placementEnded : ok(undefined);
}

export interface DueCheckIn {
  placementId: string;
  url: string;
  menteeCode: string | null;
  employerName: string;
  checkIn: CheckInKey;
  dueDate: string;
  state: Exclude<OpenState, 'upcoming'>;
  dropoutRisk: boolean;
}

/** The next open check-in of each running placement when it is due or overdue, most urgent first. */
export function dueCheckIns<T extends RunningPlacementRow>(rows: readonly T[], today: string): (DueCheckIn & { row: T })[] {
  const due: (DueCheckIn & { row: T })[] = [];
  for (const row of rows) {
    const next = nextCheckIn(checkInSchedule(row.startDate, row.contactDates, today));
    if (!next || next.state === 'upcoming') continue;
    due.push({
      placementId: row.id,
      url: placementPath(row.id),
      menteeCode: row.menteeCode,
      employerName: row.employerName,
      checkIn: next.key,
      dueDate: next.dueDate,
      state: next.state,
      dropoutRisk: row.dropoutRisk,
      row,
    });
  }
  return due.sort(byUrgency);
}

export interface Dashboard {
  counts: { overdue: number; due: number };
  items: DueCheckIn[];
}

export async function followUpDashboard(app: FastifyInstance, projectId: number, today: string): Promise<Dashboard> {
  const items = dueCheckIns(await queries.listRunningProjectPlacements(app.db, projectId, today), today).map(
    ({ row: _row, ...item }) => item,
  );
  return {
    counts: { overdue: items.filter((i) => i.state === 'overdue').length, due: items.filter((i) => i.state === 'due').length },
    items,
  };
}
