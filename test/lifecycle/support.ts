import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { MENTEE_INDEX } from '../../search/mentee-index.ts';
import { hashShareToken, newShareToken } from '../../server/shortlists/service.ts';
import { propose } from '../../server/introductions/service.ts';
import { todayInBerlin } from '../../server/time/berlin.ts';
import { flushOutbox, masterClient, unique } from '../helpers/app.ts';
import { createTestMentee, employerOf, publishVacancy } from '../matching/support.ts';

export const NOTE = 'Kurs 2019-2021, 3 Kinder';

/** The document in the real index, or null when Meilisearch says there is none (any other failure throws). */
export async function indexedDocument(indexName: string, id: string): Promise<Record<string, unknown> | null> {
  try {
    return (await masterClient().index(indexName).getDocument(id)) as Record<string, unknown>;
  } catch (error) {
    if ((error as { cause?: { code?: string } }).cause?.code === 'document_not_found') return null;
    throw error;
  }
}

export const menteeDocument = (id: string) => indexedDocument(MENTEE_INDEX, id);

/** A share link written as the shortlist feature writes it (the token itself is not needed here). */
export async function addShareLink(app: FastifyInstance, menteeId: string): Promise<string> {
  const row = await app.db
    .insertInto('share_links')
    .values({
      mentee_id: menteeId,
      token_hash: hashShareToken(newShareToken()),
      locale: 'de',
      expires_at: new Date(Date.now() + 7 * 86_400_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * A profile with a history: indexed, on a shortlist, shared by link, proposed to an employer
 * (with the notice e-mail naming its code), its card viewed by the employer (an audit row with
 * the code), placed, and a follow-up contact after the start.
 */
export async function menteeWithHistory(app: FastifyInstance, mentor: { accountId: string; projectId: number }) {
  const mentee = await createTestMentee(app, mentor, { notes: NOTE });
  const employer = await employerOf(app);
  const vacancyId = await publishVacancy(app, employer.employerId, { title: `Lagerhelfer ${unique('v')}` });
  await app.db.insertInto('shortlist_items').values({ mentee_id: mentee.id, vacancy_id: vacancyId }).execute();
  const shareLinkId = await addShareLink(app, mentee.id);
  const proposed = await propose(app, { id: mentor.accountId, projectId: mentor.projectId }, mentee.id, {
    vacancyId,
    message: 'Sehr zuverlässig.',
  });
  if (!proposed.ok) throw new Error(`Could not propose: ${JSON.stringify(proposed)}`);
  const introductionId = proposed.value;
  const card = await employer.agent.get(`/employer/introductions/${introductionId}`);
  if (card.status !== 200) throw new Error(`The employer could not open the card: ${card.status}`);
  const placement = await app.db
    .insertInto('placements')
    .values({
      introduction_id: introductionId,
      mentee_id: mentee.id,
      project_id: mentor.projectId,
      employer_id: employer.employerId,
      kind: 'job',
      start_date: todayInBerlin(),
      first_introduced_on: todayInBerlin(),
      socially_insured: true,
      qualification_adequate: false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await app.db
    .insertInto('follow_ups')
    .values({
      placement_id: placement.id,
      contact_date: todayInBerlin(),
      concerns: ['language'],
      dropout_risk: false,
      note: 'Sprachkurs gesucht.',
    })
    .execute();
  await flushOutbox(app);
  return { menteeId: mentee.id, code: mentee.code, employer, vacancyId, shareLinkId, introductionId, placementId: placement.id };
}

/** Every table of the schema whose rows, read as text, contain `needle` (case-insensitive), with how many. */
export async function tablesHolding(app: FastifyInstance, needle: string): Promise<Record<string, number>> {
  const { rows: tables } = await sql<{ name: string }>`
    SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`.execute(
    app.db,
  );
  const found: Record<string, number> = {};
  for (const { name } of tables) {
    const { rows } = await sql<{
      n: string;
    }>`SELECT count(*) AS n FROM ${sql.table(name)} AS t WHERE t::text ILIKE ${`%${needle}%`}`.execute(app.db);
    if (Number(rows[0]!.n) > 0) found[name] = Number(rows[0]!.n);
  }
  return found;
}

export async function erasedCount(app: FastifyInstance, reason: 'retention' | 'request'): Promise<number> {
  const row = await app.db
    .selectFrom('erased_mentees')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('reason', '=', reason)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
