/**
 * A small LRU cache of public search answers. Repeated identical queries are
 * answered from memory instead of reaching Meilisearch; the cache is dropped
 * whenever the index changes.
 *
 * Two timings, because correctness comes from the invalidation, not the clock:
 * - after `ttlMs` an answer is stale: it is still served once while a refresh
 *   runs in the background (stale-while-revalidate), so an expired entry never
 *   makes a searcher wait for Meilisearch;
 * - after `maxStaleMs` it is gone (the safety net for a missed change notice).
 * Concurrent misses for the same key share one computation.
 */
export class QueryCache<T> {
  private readonly entries = new Map<string, { value: T; storedAt: number }>();
  private readonly inFlight = new Map<string, Promise<T>>();
  /** Bumped by every clear(): an answer computed before a change must not be stored after it. */
  private currentGeneration = 0;

  constructor(
    private readonly maxEntries = 5_000,
    private readonly ttlMs = 30_000,
    private readonly maxStaleMs = 120_000,
    /** The clock (tests pass their own). */
    private readonly now: () => number = Date.now,
  ) {}

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
    this.entries.delete(key);
    this.entries.set(key, { value, storedAt: this.now() });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  clear(): void {
    this.currentGeneration += 1;
    this.entries.clear();
    // A computation that started before the change must not serve callers arriving after it.
    this.inFlight.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  private lookup(key: string): { value: T; fresh: boolean } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const age = this.now() - entry.storedAt;
    if (age > this.maxStaleMs) {
      this.entries.delete(key);
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
