import type { FastifyBaseLogger } from 'fastify';

/**
 * The loop every outbox worker runs: drain batch after batch while batches
 * come back full, then wait `pollIntervalMs` (other instances' rows are found
 * by polling); `kick()` drains at once after a write in this process. One
 * drain at a time: a kick during a drain runs another one right after it.
 */
export abstract class DrainLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private again = false;

  protected constructor(
    protected readonly log: FastifyBaseLogger,
    protected readonly batchSize: number,
    private readonly pollIntervalMs: number,
    /** Named in the log when a drain fails. */
    private readonly what: string,
  ) {}

  /** Handles one batch; returns how many rows it handled (a full batch means there may be more). */
  abstract drainOnce(): Promise<number>;

  start(): void {
    this.stopped = false;
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.running = this.loop().finally(() => {
      this.running = undefined;
      if (this.stopped) return;
      if (this.again) {
        this.again = false;
        this.kick();
      } else {
        this.timer = setTimeout(() => this.kick(), this.pollIntervalMs);
        this.timer.unref();
      }
    });
  }

  private async loop(): Promise<void> {
    try {
      while (!this.stopped && (await this.drainOnce()) === this.batchSize) {
        // a full batch: there may be more
      }
    } catch (error) {
      this.log.warn({ err: error }, `${this.what} drain failed`);
    }
  }
}
