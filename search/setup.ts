import type { Meilisearch, Settings } from 'meilisearch';
import { MENTEE_INDEX, menteeSettings } from './mentee-index.ts';
import { VACANCY_INDEX, vacancySettings, type OccupationForSynonyms } from './vacancy-index.ts';

const TASK_TIMEOUT_MS = 60_000;
/** Creates an index if missing, with no settings (a swap target that is about to be replaced). */
export async function ensureIndexExists(admin: Meilisearch, uid: string): Promise<void> {
  const exists = await admin.index(uid).getRawInfo().then(
    () => true,
    () => false,
  );
  if (!exists) await admin.createIndex(uid, { primaryKey: 'id' }).waitTask({ timeout: TASK_TIMEOUT_MS });
}

/** Creates an index if missing and applies its settings (idempotent). */
async function ensureIndex(admin: Meilisearch, uid: string, settings: Settings): Promise<void> {
  await ensureIndexExists(admin, uid);
  const task = await admin.index(uid).updateSettings(settings).waitTask({ timeout: TASK_TIMEOUT_MS });
  if (task.status !== 'succeeded') throw new Error(`Applying the settings of ${uid} failed: ${task.error?.message ?? task.status}`);
}

export function ensureVacancyIndex(admin: Meilisearch, occupations: readonly OccupationForSynonyms[], uid = VACANCY_INDEX): Promise<void> {
  return ensureIndex(admin, uid, vacancySettings(occupations));
}

/** The private mentees index. */
export function ensureMenteeIndex(admin: Meilisearch, uid = MENTEE_INDEX): Promise<void> {
  return ensureIndex(admin, uid, menteeSettings());
}

export const PUBLIC_SEARCH_KEY_NAME = 'jobbruecke-public-search';
export const MENTOR_SEARCH_KEY_NAME = 'jobbruecke-mentor-search';
export const INDEXER_KEY_NAME = 'jobbruecke-indexer';

/**
 * Every client gets a key limited by index and action; the master key creates
 * them and does nothing else.
 * - public search: the search action on the vacancies index only;
 * - mentor search (server-side mentor routes): search on vacancies and the private mentees index;
 * - indexer (outbox worker, reindex, settings): documents, settings, indexes and tasks of the portal's indexes.
 */
const KEY_SPECS = [
  { name: PUBLIC_SEARCH_KEY_NAME, description: 'Public vacancy search', actions: ['search'], indexes: [VACANCY_INDEX] },
  { name: MENTOR_SEARCH_KEY_NAME, description: 'Mentor matching (server only)', actions: ['search'], indexes: [VACANCY_INDEX, MENTEE_INDEX] },
  {
    name: INDEXER_KEY_NAME,
    description: 'Outbox worker and reindex (server only)',
    actions: [
      'search', 'documents.add', 'documents.get', 'documents.delete', 'indexes.create', 'indexes.get', 'indexes.update', 'indexes.delete',
      'indexes.swap', 'settings.get', 'settings.update', 'tasks.get', 'stats.get',
    ],
    indexes: [`${VACANCY_INDEX}*`, `${MENTEE_INDEX}*`],
  },
] as const;

export interface SearchKeys {
  publicSearch: string;
  mentorSearch: string;
  indexer: string;
}

export async function ensureKeys(master: Meilisearch): Promise<SearchKeys> {
  const { results } = await master.getKeys({ limit: 1000 });
  const keyFor = async (spec: (typeof KEY_SPECS)[number]) => {
    const existing = results.find((k) => k.name === spec.name);
    const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
    if (existing && same(existing.actions, spec.actions) && same(existing.indexes, spec.indexes)) return existing.key;
    // A key from an older version of these rules: replace it (its rights cannot be changed in place).
    if (existing) await master.deleteKey(existing.key);
    const created = await master.createKey({
      name: spec.name,
      description: spec.description,
      actions: [...spec.actions],
      indexes: [...spec.indexes],
      expiresAt: null,
    });
    return created.key;
  };
  const [publicSearch, mentorSearch, indexer] = await Promise.all(KEY_SPECS.map(keyFor));
  return { publicSearch: publicSearch!, mentorSearch: mentorSearch!, indexer: indexer! };
}

/** The public search key alone (tests and tools). */
export async function ensurePublicSearchKey(master: Meilisearch): Promise<string> {
  return (await ensureKeys(master)).publicSearch;
}
