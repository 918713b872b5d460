/**
 * A small LRU cache of public search answers. Repeated identical queries are
 * answered from memory instead of reaching Meilisearch; the cache is dropped
 * whenever the index changes.
 *
 * Two timings, because correctness comes from the invalidation, not the clock:
 * - after `ttlMs` (5 minutes) an answer is stale: it is still served once while a
 *   refresh runs in the background (stale-while-revalidate), so an expired entry
 *   never makes a searcher wait for Meilisearch;
 * - after `maxStaleMs` (30 minutes) it is gone (the safety net for a missed change notice).
 * Every change to the index drops the cache (search/engine.ts: at once for this instance's
 * pushes, within half a second for another's, and a failed check counts as a change), so
 * a refresh of an unchanged index brings the same answer back. With 30 s, the bench's search
 * mix refreshed about one page in seven in the background while it was timed (562 of 3,772
 * pages reached Meilisearch at 100k), and those searches took the CPU from the pages.
 * Concurrent misses for the same key share one computation.
 *
 * Two bounds, because answers differ in size: `maxEntries`, and `maxBytes` of the
 * answers' serialised size (key and JSON, weighed once when stored). A count alone let a
 * cache of shared text answers (0 to 1,000 whole documents each) grow to hundreds of MB.
 */
export interface QueryCacheOptions {
  maxEntries?: number;
  /** Total size of the stored keys and answers as JSON characters (the heap holds a small multiple); no bound when absent. */
  maxBytes?: number;
  ttlMs?: number;
  maxStaleMs?: number;
  /** The clock (tests pass their own). */
  now?: () => number;
}

/** An answer's weight: its key and its JSON, in characters. */
export function weighAnswer(key: string, value: unknown): number {
  return key.length + (JSON.stringify(value)?.length ?? 0);
}

export class QueryCache<T> {
  private readonly entries = new Map<string, { value: T; storedAt: number; bytes: number }>();
  private readonly inFlight = new Map<string, Promise<T>>();
  /** Bumped by every clear(): an answer computed before a change must not be stored after it. */
  private currentGeneration = 0;

  private storedBytes = 0;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly ttlMs: number;
  private readonly maxStaleMs: number;
  private readonly now: () => number;

  constructor(options: QueryCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 5_000;
    this.maxBytes = options.maxBytes ?? Infinity;
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.maxStaleMs = options.maxStaleMs ?? 30 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** A fresh answer, or undefined (stale and expired answers count as missing here). */
  get(key: string): T | undefined {
    const entry = this.lookup(key);
    return entry?.fresh ? entry.value : undefined;
  }

  /**
   * The answer for `key`: fresh from the cache; stale from the cache while
   * `load` refreshes it in the background; or from `load`, shared with any
   * concurrent caller asking for the same key. A failing `load` rejects only
   * the callers that waited for it (a background refresh failing keeps the stale answer).
   */
  async fetch(key: string, load: () => Promise<T>): Promise<T> {
    const entry = this.lookup(key);
    if (entry?.fresh) return entry.value;
    if (entry) {
      this.load(key, load).catch(() => undefined);
      return entry.value;
    }
    return this.load(key, load);
  }

  get generation(): number {
    return this.currentGeneration;
  }

  /** Stores an answer, unless the index changed while it was being computed (generation moved on). */
  set(key: string, value: T, computedInGeneration: number): void {
    if (computedInGeneration !== this.currentGeneration) return;
    this.remove(key);
    // Weighed only where bytes are bounded: an answer's JSON is not free (about 1 ms for a shared text answer of 1,000 documents).
    const bytes = Number.isFinite(this.maxBytes) ? weighAnswer(key, value) : 0;
    // An answer larger than the whole budget is served but not kept: storing it would push out every other.
    if (bytes > this.maxBytes) return;
    this.entries.set(key, { value, storedAt: this.now(), bytes });
    this.storedBytes += bytes;
    while (this.entries.size > this.maxEntries || this.storedBytes > this.maxBytes) this.remove(this.entries.keys().next().value!);
  }

  clear(): void {
    this.currentGeneration += 1;
    this.entries.clear();
    this.storedBytes = 0;
    // A computation that started before the change must not serve callers arriving after it.
    this.inFlight.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  /** The stored answers' weight (weighAnswer), when bytes are bounded (0 otherwise). */
  get bytes(): number {
    return this.storedBytes;
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.storedBytes -= entry.bytes;
  }

  private lookup(key: string): { value: T; fresh: boolean } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const age = this.now() - entry.storedAt;
    if (age > this.maxStaleMs) {
      this.remove(key);
      return undefined;
    }
    // Most recently used last, so the oldest is dropped first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return { value: entry.value, fresh: age <= this.ttlMs };
  }

  private load(key: string, load: () => Promise<T>): Promise<T> {
    const running = this.inFlight.get(key);
    if (running) return running;
    const generation = this.currentGeneration;
    const promise = load()
      .then((value) => {
        this.set(key, value, generation);
        return value;
      })
      .finally(() => {
        if (this.inFlight.get(key) === promise) this.inFlight.delete(key);
      });
    this.inFlight.set(key, promise);
    return promise;
  }
}
