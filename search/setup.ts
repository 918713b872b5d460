import type { Meilisearch, Settings } from 'meilisearch';
import { MENTEE_INDEX, menteeSettings } from './mentee-index.ts';
import { VACANCY_INDEX, vacancySettings, type OccupationForSynonyms } from './vacancy-index.ts';

const TASK_TIMEOUT_MS = 60_000;
export const PUBLIC_SEARCH_KEY_NAME = 'jobbruecke-public-search';

/** Creates an index if missing and applies its settings (idempotent). */
async function ensureIndex(admin: Meilisearch, uid: string, settings: Settings): Promise<void> {
  const exists = await admin.index(uid).getRawInfo().then(
    () => true,
    () => false,
  );
  if (!exists) await admin.createIndex(uid, { primaryKey: 'id' }).waitTask({ timeout: TASK_TIMEOUT_MS });
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

/**
 * The key public search uses: the search action on the vacancies index only.
 * The master key is used for nothing but setting things up and writing.
 */
export async function ensurePublicSearchKey(admin: Meilisearch): Promise<string> {
  const { results } = await admin.getKeys({ limit: 1000 });
  const existing = results.find((k) => k.name === PUBLIC_SEARCH_KEY_NAME);
  if (existing) return existing.key;
  const created = await admin.createKey({
    name: PUBLIC_SEARCH_KEY_NAME,
    description: 'Public vacancy search (search action on the vacancies index only)',
    actions: ['search'],
    indexes: [VACANCY_INDEX],
    expiresAt: null,
  });
  return created.key;
}
