import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { hourInBerlin, todayInBerlin } from '../time/berlin.ts';

/** A job's work for one Berlin calendar day ('YYYY-MM-DD'). */
export type DailyJobFn = (day: string) => Promise<void>;

interface DailyJob {
  name: string;
  hour: number;
  fn: DailyJobFn;
}

/** Claims (job, day); true only for the one caller, across all app instances, that gets it first. */
async function claim(db: Kysely<Database>, job: string, day: string): Promise<boolean> {
  const result = await db
    .insertInto('daily_job_runs')
    .values({ job, day })
    .onConflict((oc) => oc.columns(['job', 'day']).doNothing())
    .executeTakeFirst();
  return (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
}

/** Gives a failed run's day back, so a later tick (on any instance) tries again. */
async function release(db: Kysely<Database>, job: string, day: string): Promise<void> {
  await db.deleteFrom('daily_job_runs').where('job', '=', job).where('day', '=', day).execute();
}

export interface DailyJobRunnerOptions {
  /** How often the timer looks for jobs whose hour has come (default 5 minutes). */
  intervalMs?: number;
  /** The first look after start (default 15 s, so a restarted instance catches up soon). */
  firstRunDelayMs?: number;
}

/**
 * Runs each registered job once per Berlin day, after its hour. Any number of app
 * instances may run the timer: the day is claimed in daily_job_runs first, so exactly
 * one of them runs it. A job that throws is logged and its claim released (jobs must
 * be safe to run again after a failure); an instance that dies mid-job loses that day.
 */
export class DailyJobRunner {
  private readonly jobs = new Map<string, DailyJob>();
  private timer: NodeJS.Timeout | undefined;
  private firstRun: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private readonly intervalMs: number;
  private readonly firstRunDelayMs: number;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly log: FastifyBaseLogger,
    options: DailyJobRunnerOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 5 * 60_000;
    this.firstRunDelayMs = options.firstRunDelayMs ?? 15_000;
  }

  register(name: string, hour: number, fn: DailyJobFn): void {
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new Error(`A daily job's name is kebab-case: ${name}`);
    if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new Error(`A daily job's hour is 0–23: ${hour}`);
    if (this.jobs.has(name)) throw new Error(`The daily job ${name} is registered twice`);
    this.jobs.set(name, { name, hour, fn });
  }

  names(): string[] {
    return [...this.jobs.keys()];
  }

  /** Claims the day and runs the job; false when the day was claimed already. Throws what the job throws (after releasing the day). */
  async runNow(name: string, day = todayInBerlin()): Promise<boolean> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`No daily job named ${name}`);
    if (!(await claim(this.db, name, day))) return false;
    const started = Date.now();
    try {
      await job.fn(day);
    } catch (error) {
      await release(this.db, name, day).catch((releaseError: unknown) =>
        this.log.error({ err: releaseError, job: name, day }, 'Could not release a failed daily job run'),
      );
      throw error;
    }
    this.log.info({ job: name, day, ms: Date.now() - started }, 'Daily job done');
    return true;
  }

  /** Runs every job whose hour has come and whose day nobody has claimed yet. Never throws. */
  async tick(now = new Date()): Promise<void> {
    const day = todayInBerlin(now);
    const hour = hourInBerlin(now);
    for (const job of this.jobs.values()) {
      if (hour < job.hour) continue;
      try {
        await this.runNow(job.name, day);
      } catch (error) {
        this.log.error({ err: error, job: job.name, day }, 'Daily job failed; it will be tried again');
      }
    }
  }

  start(): void {
    const run = () => {
      // One tick at a time in this instance; a slow job is not started twice.
      if (this.ticking) return;
      this.ticking = this.tick().finally(() => {
        this.ticking = undefined;
      });
    };
    this.firstRun = setTimeout(run, this.firstRunDelayMs);
    this.firstRun.unref();
    this.timer = setInterval(run, this.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a job in progress (before the pool closes). */
  async stop(): Promise<void> {
    clearTimeout(this.firstRun);
    clearInterval(this.timer);
    await this.ticking;
  }
}
