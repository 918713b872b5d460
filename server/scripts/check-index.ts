import { checkIndexes, formatCheck } from '../../search/check-index.ts';
import { indexSources } from '../indexing/sources.ts';
import { runScript } from './run.ts';

/**
 * Compares the search indexes with PostgreSQL and repairs the drift
 * (`--dry-run` only reports). Exits 1 while an index differs from the database.
 */
let drift = false;
await runScript('check-index', async ({ db, admin, args }) => {
  const repair = !args.includes('--dry-run');
  const report = await checkIndexes(db, admin, indexSources(), { repair, log: (line) => process.stdout.write(`check-index: ${line}\n`) });
  for (const check of report) process.stdout.write(`${formatCheck(check, { repair }).join('\n')}\n`);
  drift = report.some((check) => !check.equal);
  if (!drift) return report.some((check) => check.repaired) ? 'repaired, the indexes equal the database' : 'the indexes equal the database';
  return repair ? 'drift remains after the repair' : 'drift found (dry run, nothing repaired)';
});
if (drift && process.exitCode === 0) process.exitCode = 1;
