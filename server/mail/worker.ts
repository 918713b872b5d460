import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { DrainLoop } from '../workers/drain-loop.ts';
import { claimDueMail, markMailSent, recordMailFailure, type ClaimedMail } from './queries.ts';
import {
  DEFAULT_SMTP_TIMEOUTS,
  describeFailure,
  isMessageLevelFailure,
  logSender,
  smtpSender,
  type MailSender,
  type SmtpTimeouts,
} from './transport.ts';

export interface MailWorkerOptions {
  /** Without it, messages are written to the log and marked sent. */
  smtpUrl?: string;
  from: string;
  batchSize?: number;
  pollIntervalMs?: number;
  /** Attempts before a message is given up on (it stays in the outbox with its last error). */
  maxAttempts?: number;
  /** First retry delay; it doubles with each failed attempt up to maxBackoffSeconds. */
  baseBackoffSeconds?: number;
  maxBackoffSeconds?: number;
  timeouts?: Partial<SmtpTimeouts>;
}

export const DEFAULT_MAX_ATTEMPTS = 10;

/**
 * Sends the mail outbox. Runs in every app instance: each batch is claimed with
 * FOR UPDATE SKIP LOCKED and leased (next_attempt_at pushed out), so instances never
 * send the same message twice at once. Delivery is at least once: a worker that dies
 * after the server accepted a message but before marking it sent sends it again.
 */
export class MailWorker extends DrainLoop {
  private aborter = new AbortController();
  private readonly sender: MailSender;
  readonly maxAttempts: number;
  private readonly baseBackoffSeconds: number;
  private readonly maxBackoffSeconds: number;
  private readonly leaseSeconds: number;

  constructor(
    private readonly db: Kysely<Database>,
    log: FastifyBaseLogger,
    options: MailWorkerOptions,
  ) {
    super(log, options.batchSize ?? 10, options.pollIntervalMs ?? 2_000, 'mail outbox');
    const timeouts = { ...DEFAULT_SMTP_TIMEOUTS, ...options.timeouts };
    this.sender = options.smtpUrl ? smtpSender(options.smtpUrl, options.from, timeouts) : logSender(log);
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.baseBackoffSeconds = options.baseBackoffSeconds ?? 30;
    this.maxBackoffSeconds = options.maxBackoffSeconds ?? 15 * 60;
    // Long enough for a whole batch of sends to time out before anyone else may take it.
    this.leaseSeconds = Math.ceil((this.batchSize * timeouts.sendMs) / 1000) + 60;
  }

  /** 'smtp' when SMTP_URL is set, else 'log'. */
  get mode(): MailSender['kind'] {
    return this.sender.kind;
  }

  override start(): void {
    if (this.aborter.signal.aborted) this.aborter = new AbortController();
    super.start();
  }

  /** Stops polling and cuts off a send in progress (that message is retried later). */
  override async stop(): Promise<void> {
    const stopping = super.stop();
    this.aborter.abort(new Error('The mail worker is stopping'));
    await stopping;
    this.sender.close();
  }

  /**
   * Sends one batch of due messages; returns how many it handled (sent or failed).
   * A failing SMTP server never makes this throw: the failure is recorded on the
   * rows. Only a database error does.
   */
  async drainOnce(): Promise<number> {
    const batch = await claimDueMail(this.db, { limit: this.batchSize, maxAttempts: this.maxAttempts, leaseSeconds: this.leaseSeconds });
    for (let i = 0; i < batch.length; i += 1) {
      const mail = batch[i]!;
      try {
        await this.sender.send(mail, this.aborter.signal);
        await markMailSent(this.db, mail.id);
      } catch (error) {
        if (isMessageLevelFailure(error)) {
          await this.recordFailure([mail], error);
          continue;
        }
        // The server is unreachable, hung or refused us as a whole: the rest of the batch would fail the same way.
        await this.recordFailure(batch.slice(i), error);
        break;
      }
    }
    return batch.length;
  }

  /** Seconds until the next try after `attempts` failed ones: base, 2×base, 4×base, … up to the cap. */
  backoffSeconds(attempts: number): number {
    return Math.min(this.baseBackoffSeconds * 2 ** Math.max(0, attempts - 1), this.maxBackoffSeconds);
  }

  private async recordFailure(mails: ClaimedMail[], error: unknown): Promise<void> {
    const reason = describeFailure(error);
    // Cut off by stop(): due again at once, for another instance or the next start.
    const interrupted = this.aborter.signal.aborted;
    for (const attempts of new Set(mails.map((m) => m.attempts))) {
      const ids = mails.filter((m) => m.attempts === attempts).map((m) => m.id);
      await recordMailFailure(this.db, ids, reason, interrupted ? 0 : this.backoffSeconds(attempts));
      if (attempts >= this.maxAttempts) {
        this.log.error({ mailIds: ids, attempts, reason }, 'giving up on e-mail after repeated failures');
      } else {
        this.log.warn({ mailIds: ids, attempts, reason }, 'e-mail not sent; will retry');
      }
    }
  }
}
