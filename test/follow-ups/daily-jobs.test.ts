import { describe, expect, it } from 'vitest';
import { DailyJobRunner } from '../../server/jobs/daily.ts';
import { hourInBerlin } from '../../server/time/berlin.ts';
import { useTestApp, unique } from '../helpers/app.ts';
import { capturingLogger } from '../mail/support.ts';

/*
 * The daily-job runner (server/jobs/daily.ts, app.jobs): a job runs once per Berlin day
 * after its hour, on whichever instance claims the day first; failures are logged and
 * the day given back. Runners here share the real database, as two app instances would.
 */

const app = useTestApp();

/** A Berlin wall-clock time in winter (UTC+1). */
const berlin = (day: string, hour: number, minute = 0) =>
  new Date(`${day}T${String(hour - 1).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00Z`);

describe('the daily-job runner', () => {
  it('reads the hour in Berlin, summer and winter', () => {
    expect(hourInBerlin(new Date('2026-01-15T06:30:00Z'))).toBe(7);
    expect(hourInBerlin(new Date('2026-07-15T05:30:00Z'))).toBe(7);
    expect(hourInBerlin(new Date('2026-07-15T22:30:00Z'))).toBe(0);
  });

  it('runs a job once a day after its hour, on one of two instances', async () => {
    const name = unique('test-job-');
    const runs: string[] = [];
    const { log } = capturingLogger();
    const first = new DailyJobRunner(app.db, log);
    const second = new DailyJobRunner(app.db, log);
    for (const runner of [first, second]) runner.register(name, 7, async (day) => void runs.push(day));

    await first.tick(berlin('2031-01-15', 6, 59));
    expect(runs).toEqual([]);
    await Promise.all([first.tick(berlin('2031-01-15', 7, 5)), second.tick(berlin('2031-01-15', 7, 5))]);
    expect(runs).toEqual(['2031-01-15']);
    await second.tick(berlin('2031-01-15', 23, 55));
    expect(runs).toEqual(['2031-01-15']);
    await second.tick(berlin('2031-01-16', 8));
    expect(runs).toEqual(['2031-01-15', '2031-01-16']);
    const claims = await app.db.selectFrom('daily_job_runs').select('day').where('job', '=', name).orderBy('day').execute();
    expect(claims.map((c) => c.day)).toEqual(['2031-01-15', '2031-01-16']);
  });

  it('logs a failing job, never throws from the timer, and tries again on the next tick', async () => {
    const name = unique('test-job-');
    const { log, lines } = capturingLogger();
    const runner = new DailyJobRunner(app.db, log);
    let attempts = 0;
    runner.register(name, 0, async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('the job broke');
    });
    await expect(runner.tick(berlin('2031-02-01', 1))).resolves.toBeUndefined();
    expect(lines.some((l) => l.level === 'error' && JSON.stringify(l).includes(name))).toBe(true);
    expect(await app.db.selectFrom('daily_job_runs').select('day').where('job', '=', name).execute()).toEqual([]);
    await runner.tick(berlin('2031-02-01', 1, 5));
    expect(attempts).toBe(2);
    await runner.tick(berlin('2031-02-01', 1, 10));
    expect(attempts).toBe(2);
  });

  it('offers app.jobs: register, and runNow that claims the day', async () => {
    const name = unique('test-job-');
    const days: string[] = [];
    app.jobs.register(name, 3, async (day) => void days.push(day));
    expect(await app.jobs.runNow(name, '2031-03-01')).toBe(true);
    expect(await app.jobs.runNow(name, '2031-03-01')).toBe(false);
    expect(days).toEqual(['2031-03-01']);
    await expect(app.jobs.runNow('no-such-job')).rejects.toThrow(/No daily job named no-such-job/);
    expect(() => app.jobs.register(name, 3, async () => {})).toThrow(/registered twice/);
    expect(() => app.jobs.register(unique('test-job-'), 24, async () => {})).toThrow(/hour/);
  });
});
