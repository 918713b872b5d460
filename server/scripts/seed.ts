import { reindexVacancies } from '../../search/reindex.ts';
import { indexSources } from '../indexing/sources.ts';
import { seedDemoData, DEMO_PASSWORD } from '../seed/demo.ts';
import { runScript } from './run.ts';

/** npm run seed [-- --vacancies N] [-- --seed S]: demo accounts, employers and vacancies, then a reindex. */
function option(args: string[], name: string, fallback: number): number {
  const index = args.indexOf(`--${name}`);
  const value = index >= 0 ? Number(args[index + 1]) : fallback;
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} takes a whole number`);
  return value;
}

await runScript('seed', async ({ config, db, admin, args }) => {
  if (config.env === 'production') throw new Error('refusing to seed demo data when NODE_ENV=production');
  const vacancies = option(args, 'vacancies', 400);
  const seed = option(args, 'seed', 2026);
  const started = Date.now();
  const seeded = await seedDemoData(db, { vacancies, seed });
  const indexed = await reindexVacancies(db, admin, indexSources());
  return `${seeded.vacancies} of ${vacancies} vacancies were new, ${indexed.documents} published ones indexed in ${((Date.now() - started) / 1000).toFixed(1)} s; demo accounts use the password ${DEMO_PASSWORD}`;
});
