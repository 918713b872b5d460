import type { FastifyInstance } from 'fastify';
import accountRoutes from './account-routes.ts';
import mentorRoutes from './mentor-routes.ts';
import { HOUSEKEEPING_HOUR, HOUSEKEEPING_JOB, runHousekeeping } from './housekeeping.ts';
import { RETENTION_HOUR, RETENTION_JOB, runRetention } from './retention.ts';

export interface LifecycleOptions {
  /** RETENTION_MONTHS: closed mentee profiles older than this are deleted by the daily job. */
  retentionMonths: number;
}

/** The data life cycle: the retention job, export and erasure of mentee profiles, employers deleting their account. */
export default async function lifecycleRoutes(app: FastifyInstance, opts: LifecycleOptions) {
  app.jobs.register(RETENTION_JOB, RETENTION_HOUR, async (day) => {
    await runRetention(app, day, opts.retentionMonths);
  });
  app.jobs.register(HOUSEKEEPING_JOB, HOUSEKEEPING_HOUR, async () => {
    const deleted = await runHousekeeping(app.db);
    app.log.info(deleted, 'housekeeping: deleted old login counters, ended sessions and old e-mails');
  });
  await app.register(mentorRoutes);
  await app.register(accountRoutes);
}
