/**
 * `npx tsx bench/levers.ts`: what each index setting costs a one-document update, on the raw
 * ceiling (Meilisearch alone). Builds a scratch index per variant of the portal's settings from
 * the first LEVER_DOCUMENTS (default 200,000) vacancies of DATA_DIR's database, then adds one
 * changed document LEVER_WRITES times and reads, per update, the task's time and Meilisearch's
 * own trace of where its batch spent it (GET /batches/:uid, progressTrace). See bench/README.md.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Settings } from 'meilisearch';
import { createMeiliClient } from '../search/client.ts';
import { BulkIndexer, keysetPages } from '../search/bulk.ts';
import { waitForSuccess } from '../search/tasks.ts';
import { toDocument, vacancySettings, type VacancyDocument } from '../search/vacancy-index.ts';
import { loadConfig } from '../server/config.ts';
import type { Database } from '../server/db/database.ts';
import { startServices } from '../server/embedded/index.ts';
import { listOccupations } from '../server/occupations/queries.ts';
import { selectVacancyRowsForIndex } from '../server/vacancies/queries.ts';
import { percentile } from './report.ts';

const DOCUMENTS = Number(process.env.LEVER_DOCUMENTS ?? 200_000);
const WRITES = Number(process.env.LEVER_WRITES ?? 10);
const ONLY = process.env.LEVER_VARIANTS?.split(',');
const SCRATCH = 'vacancies_levers';

const config = loadConfig({ ...process.env, LOG_LEVEL: 'warn', SEED_DEMO: 'false' });
const services = await startServices(config, { fast: true });
const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ ...services.database, max: 2 }) }) });
const admin = createMeiliClient(services.meiliUrl, services.meiliMasterKey, 120_000);
const log = (line: string) => process.stdout.write(`[levers] ${line}\n`);

type Variant = { name: string; settings: (base: Settings) => Settings };
const variants: Variant[] = [
  { name: 'as set (the portal settings: no _geo)', settings: (s) => s },
  {
    // The settings before issue 16: `_geo` filterable and sortable for _geoRadius and the _geoPoint sort.
    name: 'with _geo (filterable and sortable, as before issue 16)',
    settings: (s) => ({
      ...s,
      filterableAttributes: [...(s.filterableAttributes as string[]), '_geo'],
      sortableAttributes: [...s.sortableAttributes!, '_geo'],
    }),
  },
  { name: 'facetSearch off', settings: (s) => ({ ...s, facetSearch: false }) },
  { name: 'prefixSearch disabled', settings: (s) => ({ ...s, prefixSearch: 'disabled' }) },
  { name: 'facetSearch off + prefixSearch disabled', settings: (s) => ({ ...s, facetSearch: false, prefixSearch: 'disabled' }) },
  { name: 'no synonyms', settings: (s) => ({ ...s, synonyms: {} }) },
  {
    name: 'description not searchable',
    settings: (s) => ({ ...s, searchableAttributes: s.searchableAttributes!.filter((a) => a !== 'description') }),
  },
];

interface Trace {
  [step: string]: string;
}

async function batchTrace(taskUid: number): Promise<{ batchMs: number; top: string }> {
  const headers = { authorization: `Bearer ${services.meiliMasterKey}` };
  const task = (await (await fetch(`${services.meiliUrl}/tasks/${taskUid}`, { headers })).json()) as { batchUid: number };
  const batch = (await (await fetch(`${services.meiliUrl}/batches/${task.batchUid}`, { headers })).json()) as {
    duration: string;
    stats: { progressTrace?: Trace };
  };
  const ms = (d: string) => {
    const m = /^PT(?:(\d+)M)?([\d.]+)S$/.exec(d);
    return m ? Number(m[1] ?? 0) * 60_000 + Number(m[2]) * 1000 : Number.NaN;
  };
  const steps = Object.entries(batch.stats.progressTrace ?? {})
    .map(([step, d]) => [step, parseFloat(d) * (d.endsWith('ms') ? 1 : d.endsWith('µs') ? 0.001 : 1000)] as const)
    .filter(([step]) => step.split(' > ').length >= 2)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([step, t]) => `${step.split(' > ').slice(-2).join(' > ')} ${t.toFixed(0)} ms`);
  return { batchMs: ms(batch.duration), top: steps.join('; ') };
}

try {
  const occupations = await listOccupations(db);
  const base = vacancySettings(occupations);
  const documents: VacancyDocument[] = [];
  for await (const rows of keysetPages((page) => selectVacancyRowsForIndex(db, page), 5_000)) {
    documents.push(...rows.map(toDocument));
    if (documents.length >= DOCUMENTS) break;
  }
  documents.length = Math.min(documents.length, DOCUMENTS);
  log(`${documents.length} documents, ${WRITES} one-document updates per variant`);
  for (const variant of variants.filter((v) => !ONLY || ONLY.some((o) => v.name.startsWith(o)))) {
    await admin
      .deleteIndex(SCRATCH)
      .then((t) => waitForSuccess(admin, t.taskUid, 600_000, 'drop'))
      .catch(() => undefined);
    await waitForSuccess(admin, (await admin.createIndex(SCRATCH, { primaryKey: 'id' })).taskUid, 60_000, 'create');
    await waitForSuccess(admin, (await admin.index(SCRATCH).updateSettings(variant.settings(base))).taskUid, 600_000, 'settings');
    const t0 = performance.now();
    const bulk = new BulkIndexer(admin, SCRATCH, { label: 'import', total: documents.length, log });
    for (let i = 0; i < documents.length; i += 5_000) await bulk.add(documents.slice(i, i + 5_000));
    await bulk.finish();
    const importS = (performance.now() - t0) / 1000;
    const samples: number[] = [];
    const traces: string[] = [];
    for (let i = 0; i < WRITES; i += 1) {
      const doc = documents[(i * 7919) % documents.length]!;
      const t1 = performance.now();
      const task = await admin.index(SCRATCH).addDocuments([{ ...doc, title: `${doc.title} zqlever${i}` }], { primaryKey: 'id' });
      await waitForSuccess(admin, task.taskUid, 600_000, 'update');
      samples.push(performance.now() - t1);
      if (i < 2) traces.push((await batchTrace(task.taskUid)).top);
    }
    log(
      `${variant.name}: import ${importS.toFixed(0)} s (${Math.round(documents.length / importS)} docs/s); ` +
        `one-document update p50 ${percentile(samples, 50).toFixed(0)} ms, max ${Math.max(...samples).toFixed(0)} ms; where: ${traces[1] ?? traces[0]}`,
    );
  }
} finally {
  await admin
    .deleteIndex(SCRATCH)
    .then((t) => waitForSuccess(admin, t.taskUid, 600_000, 'drop'))
    .catch(() => undefined);
  await db.destroy();
  await services.stop();
}
