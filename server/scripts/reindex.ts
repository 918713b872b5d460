import { reindexVacancies } from '../../search/reindex.ts';
import { indexSources } from '../indexing/sources.ts';
import { runScript } from './run.ts';

await runScript('reindex', async ({ db, admin }) => {
  const started = Date.now();
  const result = await reindexVacancies(db, admin, indexSources(), { log: (line) => process.stdout.write(`reindex: ${line}\n`) });
  return `${result.documents} vacancies indexed and swapped in (${((Date.now() - started) / 1000).toFixed(1)} s)`;
});
