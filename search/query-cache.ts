/**
 * A small LRU cache of public search answers. Repeated identical queries are
 * answered from memory instead of reaching Meilisearch; the cache is dropped
 * whenever the index changes, and an entry never outlives `ttlMs` (a safety net
 * for a missed notice).
 */
export class QueryCache<T> {
  private readonly entries = new Map<string, { value: T; storedAt: number }>();
  /** Bumped by every clear(): an answer computed before a change must not be stored after it. */
  private currentGeneration = 0;

  constructor(
    private readonly maxEntries = 5_000,
    private readonly ttlMs = 30_000,
  ) {}

  get(key: string, now = Date.now()): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (now - entry.storedAt > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    // Most recently used last, so the oldest is dropped first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  get generation(): number {
    return this.currentGeneration;
  }

  /** Stores an answer, unless the index changed while it was being computed (generation moved on). */
  set(key: string, value: T, computedInGeneration: number, now = Date.now()): void {
    if (computedInGeneration !== this.currentGeneration) return;
    this.entries.delete(key);
    this.entries.set(key, { value, storedAt: now });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  clear(): void {
    this.currentGeneration += 1;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
