/**
 * At most `concurrency` searches at Meilisearch at once; the others wait in
 * line, at most `queueTimeoutMs`, then give up with SearchBusyError (the
 * portal answers 503 with Retry-After: "please try again in a moment").
 *
 * Why: Meilisearch answers a search on one core at a time, so ten requests
 * at once on two cores do not finish sooner than one after another; they all
 * get slower together, pass the client's timeout, and a slow search then
 * looked like a dead one ("search is down"). In line, each search runs at
 * full speed, and a wait too long for a person to sit through ends in a
 * clear answer instead of a failed page.
 */
export class SearchBusyError extends Error {
  /** Seconds a client is told to wait (Retry-After). */
  readonly retryAfterSeconds = 2;

  constructor(waitedMs: number) {
    super(`Search is busy: no free slot within ${waitedMs} ms`);
  }
}

/** The SearchBusyError behind an error (meilisearch-js wraps what its HTTP client throws in `cause`). */
export function searchBusyIn(error: unknown): SearchBusyError | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth += 1) {
    if (e instanceof SearchBusyError) return e;
  }
  return undefined;
}

export interface LimiterOptions {
  concurrency: number;
  queueTimeoutMs: number;
}

export class SearchLimiter {
  private active = 0;
  private readonly waiting: { start: () => void; timer: NodeJS.Timeout }[] = [];
  /** Searches that gave up waiting (the busy answers), for the log and the bench. */
  refused = 0;

  constructor(readonly options: LimiterOptions) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.slot();
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  /** Searches running and waiting now. */
  load(): { active: number; waiting: number } {
    return { active: this.active, waiting: this.waiting.length };
  }

  private slot(): Promise<void> {
    if (this.active < this.options.concurrency) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const entry = {
        start: () => {
          clearTimeout(entry.timer);
          resolve();
        },
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(entry), 1);
          this.refused += 1;
          reject(new SearchBusyError(this.options.queueTimeoutMs));
        }, this.options.queueTimeoutMs),
      };
      this.waiting.push(entry);
    });
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next in line (active stays the same).
    if (next) next.start();
    else this.active -= 1;
  }
}
