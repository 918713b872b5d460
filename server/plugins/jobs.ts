import fp from 'fastify-plugin';
import { DailyJobRunner, type DailyJobFn, type DailyJobRunnerOptions } from '../jobs/daily.ts';

export interface JobsService {
  /** A job run once a day (Berlin), after `hour` (0–23), on one app instance. Register before or after start. */
  register(name: string, hour: number, fn: DailyJobFn): void;
  /** Claims `day` (default: today in Berlin) and runs the job now; false when that day was claimed already. For tests and scripts. */
  runNow(name: string, day?: string): Promise<boolean>;
}

declare module 'fastify' {
  interface FastifyInstance {
    jobs: JobsService;
  }
}

export interface JobsOptions extends DailyJobRunnerOptions {
  /** Run the timer in this process (default true; tests pass false and call runNow). */
  run?: boolean;
}

export default fp<JobsOptions>(
  async (app, opts) => {
    const runner = new DailyJobRunner(app.db, app.log.child({ component: 'jobs' }), opts);
    app.decorate('jobs', {
      register: (name, hour, fn) => runner.register(name, hour, fn),
      runNow: (name, day) => runner.runNow(name, day),
    } satisfies JobsService);

    app.addHook('onReady', async () => {
      if (opts.run !== false) runner.start();
    });
    // Hooks close in reverse order: this runs before the database plugin ends the pool.
    app.addHook('onClose', async () => {
      await runner.stop();
    });
  },
  { name: 'jobs', dependencies: ['database'] },
);
