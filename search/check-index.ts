import { createHash } from 'node:crypto';
import { indexChanged } from './index-events.ts';
import { sql, type Kysely } from 'kysely';
import { MeilisearchApiError, type Meilisearch } from 'meilisearch';
import type { Database } from '../server/db/database.ts';
import { BulkIndexer, keysetPages } from './bulk.ts';
import { OUTBOX_LOCK_KEY } from './outbox.ts';
import type { IndexFeed, IndexSources } from './sources.ts';

/** Ids and versions per request to Meilisearch and per keyset page from PostgreSQL. */
const PAGE = 10_000;
/** Documents loaded and sent per repair task. */
const BATCH = 1_000;
const TASK_TIMEOUT_MS = 10 * 60_000;

/**
 * Counts and checksums come from the last look (after a repair: the re-check); missing, extra and
 * stale are the drift found before any repair: ids the index lacks, holds without a row, or holds
 * with another version.
 */
export interface IndexCheck extends Comparison {
  index: string;
  /** Drift was found, repaired, and the re-check found the index equal to the database. */
  repaired: boolean;
  /** The index equals the database now (after the repair, if one was made). */
  equal: boolean;
}

type Conn = Kysely<Database>;
type Versions = Map<string, number | null>;

const line = (id: string, version: number | null | undefined) => `${id}:${version ?? ''}`;

/** sha256 over the sorted "id:version" lines; the same function for both sides. */
export function checksum(versions: Versions): string {
  const lines = [...versions].map(([id, version]) => line(id, version)).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/**
 * The index's ids and versions, 10,000 a request. Meilisearch lists documents in its own order,
 * not by id, so this side is held in memory: about 100 bytes an id (~100 MB at a million).
 */
async function indexVersions(client: Meilisearch, index: string, pageSize: number): Promise<Versions> {
  const versions: Versions = new Map();
  for (let offset = 0; ; offset += pageSize) {
    let page;
    try {
      page = await client
        .index<{ id: string; version?: number }>(index)
        .getDocuments({ fields: ['id', 'version'], limit: pageSize, offset });
    } catch (error) {
      if (error instanceof MeilisearchApiError && error.cause?.code === 'index_not_found') {
        throw new Error(`The index "${index}" does not exist; start the app once (or run npm run reindex) to create it`, { cause: error });
      }
      throw error;
    }
    for (const doc of page.results) versions.set(String(doc.id), typeof doc.version === 'number' ? doc.version : null);
    if (page.results.length < pageSize) return versions;
  }
}

interface Comparison {
  databaseCount: number;
  indexCount: number;
  databaseChecksum: string;
  indexChecksum: string;
  missing: string[];
  extra: string[];
  stale: string[];
}

/**
 * The database side is walked a keyset page at a time in id order (the order of the checksum's
 * sorted lines: uuids sort alike as bytes and as lower-case text), so it is never all in memory.
 */
async function compare(db: Conn, client: Meilisearch, feed: IndexFeed, pageSize: number): Promise<Comparison> {
  const actual = await indexVersions(client, feed.index, pageSize);
  const indexCount = actual.size;
  const indexHash = createHash('sha256');
  [...actual.keys()].sort().forEach((id, i) => indexHash.update(`${i > 0 ? '\n' : ''}${line(id, actual.get(id))}`));
  const databaseHash = createHash('sha256');
  let databaseCount = 0;
  const missing: string[] = [];
  const stale: string[] = [];
  for await (const rows of keysetPages((page) => feed.versionsPage(db, page), pageSize)) {
    for (const { id, version } of rows) {
      databaseHash.update(`${databaseCount > 0 ? '\n' : ''}${line(id, version)}`);
      databaseCount += 1;
      if (!actual.has(id)) missing.push(id);
      else if (actual.get(id) !== version) stale.push(id);
      actual.delete(id); // what is left at the end has no row
    }
  }
  return {
    databaseCount,
    indexCount,
    databaseChecksum: databaseHash.digest('hex'),
    indexChecksum: indexHash.digest('hex'),
    missing,
    extra: [...actual.keys()].sort(),
    stale,
  };
}

async function repair(db: Conn, client: Meilisearch, feed: IndexFeed, found: Comparison, log?: (message: string) => void): Promise<void> {
  const upsert = [...found.missing, ...found.stale];
  const bulk = new BulkIndexer(client, feed.index, {
    label: `repairing ${feed.index}`,
    total: upsert.length + found.extra.length,
    log,
    taskTimeoutMs: TASK_TIMEOUT_MS,
  });
  try {
    for (let i = 0; i < upsert.length; i += BATCH) {
      const ids = upsert.slice(i, i + BATCH);
      const documents = await feed.documents(db, ids);
      await bulk.add(documents);
      // A row that went away since the comparison leaves the index as well.
      const present = new Set(documents.map((d) => d.id));
      await bulk.delete(ids.filter((id) => !present.has(id)));
    }
    for (let i = 0; i < found.extra.length; i += BATCH) await bulk.delete(found.extra.slice(i, i + BATCH));
    await bulk.finish();
  } finally {
    bulk.close();
  }
  if (bulk.tasks === 0) return;
  // A repaired document may be new to the index (it newly fits lists that never held it): everything derived is stale.
  await feed.afterChange(db, 'all');
  indexChanged(feed.index);
}

/**
 * Compares every index with PostgreSQL (ids and versions) and, with repair,
 * pushes the missing and stale documents and deletes the extra ones, then
 * checks again. The outbox lock is held throughout, so the worker neither
 * writes between the two reads nor interleaves with the repair; changes made
 * meanwhile wait in the outbox.
 */
export async function checkIndexes(
  db: Kysely<Database>,
  client: Meilisearch,
  sources: IndexSources,
  options: {
    repair: boolean;
    log?: (message: string) => void;
    /** Ids per request to Meilisearch and per keyset page (tests use a tiny one to cross many page boundaries). */
    pageSize?: number;
  },
): Promise<IndexCheck[]> {
  const pageSize = options.pageSize ?? PAGE;
  return db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${OUTBOX_LOCK_KEY})`.execute(conn);
    try {
      const report: IndexCheck[] = [];
      for (const feed of sources.all()) {
        const found = await compare(conn, client, feed, pageSize);
        const drift = found.missing.length + found.extra.length + found.stale.length > 0;
        if (!drift || !options.repair) {
          report.push({ index: feed.index, ...found, repaired: false, equal: !drift && found.databaseChecksum === found.indexChecksum });
          continue;
        }
        await repair(conn, client, feed, found, options.log);
        const after = await compare(conn, client, feed, pageSize);
        const equal =
          after.missing.length + after.extra.length + after.stale.length === 0 && after.databaseChecksum === after.indexChecksum;
        report.push({
          index: feed.index,
          databaseCount: after.databaseCount,
          indexCount: after.indexCount,
          databaseChecksum: after.databaseChecksum,
          indexChecksum: after.indexChecksum,
          missing: found.missing,
          extra: found.extra,
          stale: found.stale,
          repaired: equal,
          equal,
        });
      }
      return report;
    } finally {
      await sql`SELECT pg_advisory_unlock(${OUTBOX_LOCK_KEY})`.execute(conn);
    }
  });
}

const SHOWN = 20;

function ids(label: string, list: readonly string[]): string[] {
  if (list.length === 0) return [];
  const more = list.length > SHOWN ? ` … and ${list.length - SHOWN} more` : '';
  return [`  ${label}: ${list.slice(0, SHOWN).join(', ')}${more}`];
}

/** The report as printed: one line per index, then at most 20 ids of each kind of drift. */
export function formatCheck(check: IndexCheck, options: { repair: boolean }): string[] {
  const counts = `${check.databaseCount} in the database, ${check.indexCount} in the index`;
  const drift = check.missing.length + check.extra.length + check.stale.length > 0;
  if (!drift) {
    return [`${check.index}: ${counts}, ${check.equal ? 'checksums equal' : 'checksums differ'}`];
  }
  const found = `${check.index}: drift — ${check.missing.length} missing, ${check.extra.length} extra, ${check.stale.length} stale`;
  const outcome = !options.repair
    ? ' (dry run, not repaired)'
    : check.repaired
      ? `; repaired: now equal (${counts})`
      : `; repair incomplete: ${counts}, checksums differ`;
  return [`${found}${outcome}`, ...ids('missing', check.missing), ...ids('extra', check.extra), ...ids('stale', check.stale)];
}
