import { describe, expect, it } from 'vitest';
import { eraseOnRequest } from '../../server/lifecycle/erasure.ts';
import { MenteeInput } from '../../server/mentees/schemas.ts';
import { useTestApp } from '../helpers/app.ts';
import { createPlacement } from '../helpers/placements.ts';
import { mentorOf, twoProjects } from '../matching/support.ts';

describe('what erasure leaves of the mentor’s free text', () => {
  const app = useTestApp();
  it('empties the notes of follow-up contacts and of an ended placement, and keeps dates, concerns and flags', async () => {
    const [projectId] = await twoProjects(app);
    const mentor = await mentorOf(app, projectId);
    const placement = await createPlacement(app, { projectId, mentorId: mentor.accountId, startDate: '2026-06-01' });
    await app.db
      .insertInto('follow_ups')
      .values({
        placement_id: placement.placementId,
        contact_date: '2026-10-01',
        concerns: ['childcare'],
        dropout_risk: true,
        note: 'Kita-Platz fehlt, Tochter krank',
      })
      .execute();
    await app.db
      .updateTable('placements')
      .set({ end_note: 'Umzug zu den Eltern nach Hof' })
      .where('id', '=', placement.placementId)
      .execute();

    expect(await eraseOnRequest(app, { id: mentor.accountId, projectId }, placement.menteeId)).toBe(true);

    const kept = await app.db
      .selectFrom('placements')
      .select(['mentee_id', 'end_note', 'start_date'])
      .where('id', '=', placement.placementId)
      .executeTakeFirstOrThrow();
    expect(kept.mentee_id).toBeNull();
    expect(kept.end_note).toBeNull();
    const contact = await app.db
      .selectFrom('follow_ups')
      .selectAll()
      .where('placement_id', '=', placement.placementId)
      .executeTakeFirstOrThrow();
    expect(contact).toMatchObject({ note: '', concerns: ['childcare'], dropout_risk: true, contact_date: '2026-10-01' });
  });

  it('keeps contact data off the profile card: other languages refuse e-mail addresses and phone numbers', () => {
    const base = {
      gender: 'f',
      ageBand: '25to34',
      germanLevel: 'B1',
      schooling: 'secondary',
      qualification: 'none',
      desiredOccupations: ['51312'],
      desiredKinds: ['job'],
      homeTown: 'Dresden',
      travelKm: '25',
      workingTime: 'full',
      workPermit: 'yes',
      locale: 'de',
      notes: '',
    };
    expect(MenteeInput.safeParse({ ...base, otherLanguages: 'Arabisch, Englisch' }).success).toBe(true);
    const refused = MenteeInput.safeParse({ ...base, otherLanguages: 'Arabisch, ruf an 0176 1234567' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path[0]).toBe('otherLanguages');
  });
});
