import type { Db } from '../server/db/database.ts';
import { keysetPages } from './bulk.ts';

/** One page of a keyset walk: rows after `after` in id order, at most `limit`. */
export interface KeysetPage {
  after?: string;
  limit: number;
}

export interface IndexDocument {
  id: string;
}

/** Which of an index's documents changed: these ids, or all of them (a rebuild swapped in, drift repaired). */
export type ChangedDocuments = readonly string[] | 'all';

/**
 * What a feature hands search/ for one of its indexes: how to read its rows and how a row becomes a
 * document. search/ reads no feature's tables itself; the outbox, the rebuild and the consistency
 * check all go through these, so the three agree on what the index holds.
 */
export interface IndexSource<Row extends { id: string }> {
  index: string;
  /** The rows of these ids as they are now (ids the index should not hold may be missing). */
  rowsByIds(db: Db, ids: readonly string[]): Promise<Row[]>;
  /** A keyset page of the rows, in id order (the rebuild). */
  rowsPage(db: Db, page: KeysetPage): Promise<Row[]>;
  /** A keyset page of the ids and versions the index should hold, in id order (the consistency check). */
  versionsPage(db: Db, page: KeysetPage): Promise<{ id: string; version: number }[]>;
  /** How many documents a rebuild sends (its progress lines); 0 when not known. */
  count?(db: Db): Promise<number>;
  /** The row's document, or null when the row stays out of the index (a closed profile). */
  toDocument(row: Row): IndexDocument | null;
  /**
   * What the feature derives from the index learns of a change, called once Meilisearch confirmed it (the
   * change is searchable) and awaited, so a drain returns only after it (the stored match lists: server/matches).
   */
  afterChange?(db: Db, changed: ChangedDocuments): Promise<void>;
}

/** A source with its row type hidden: what the outbox, the rebuild and the check work with. */
export interface IndexFeed {
  readonly index: string;
  /** The documents of these ids as the rows are now; an id without one leaves the index. */
  documents(db: Db, ids: readonly string[]): Promise<IndexDocument[]>;
  /** Every document, a keyset page of rows at a time. */
  pages(db: Db, pageSize: number): AsyncGenerator<IndexDocument[]>;
  versionsPage(db: Db, page: KeysetPage): Promise<{ id: string; version: number }[]>;
  count(db: Db): Promise<number>;
  /** The source's `afterChange`, or nothing when it has none. */
  afterChange(db: Db, changed: ChangedDocuments): Promise<void>;
}

const documentsOf = <Row extends { id: string }>(source: IndexSource<Row>, rows: Row[]): IndexDocument[] =>
  rows.map((row) => source.toDocument(row)).filter((doc): doc is IndexDocument => doc !== null);

export function indexFeed<Row extends { id: string }>(source: IndexSource<Row>): IndexFeed {
  return {
    index: source.index,
    documents: async (db, ids) => (ids.length === 0 ? [] : documentsOf(source, await source.rowsByIds(db, ids))),
    // Pages are walked by row id (a row left out still moves the keyset on), then mapped.
    async *pages(db, pageSize) {
      for await (const rows of keysetPages((page) => source.rowsPage(db, page), pageSize)) {
        const documents = documentsOf(source, rows);
        if (documents.length > 0) yield documents;
      }
    },
    versionsPage: (db, page) => source.versionsPage(db, page),
    count: async (db) => (source.count ? source.count(db) : 0),
    afterChange: async (db, changed) => {
      if (changed.length > 0) await source.afterChange?.(db, changed);
    },
  };
}

/** The feeds registered at start (server/indexing/sources.ts), one per index. */
export class IndexSources {
  private readonly byIndex: ReadonlyMap<string, IndexFeed>;

  constructor(feeds: readonly IndexFeed[]) {
    this.byIndex = new Map(feeds.map((feed) => [feed.index, feed]));
  }

  get(index: string): IndexFeed {
    const feed = this.byIndex.get(index);
    if (!feed) throw new Error(`No index source is registered for "${index}"`);
    return feed;
  }

  all(): IndexFeed[] {
    return [...this.byIndex.values()];
  }
}
