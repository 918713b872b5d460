import type { Meilisearch } from 'meilisearch';
import { VACANCY_INDEX, vacancySettings, type OccupationForSynonyms } from './vacancy-index.ts';

const TASK_TIMEOUT_MS = 60_000;
export const PUBLIC_SEARCH_KEY_NAME = 'jobbruecke-public-search';

/** Creates the vacancies index if missing and applies its settings (idempotent). */
export async function ensureVacancyIndex(admin: Meilisearch, occupations: readonly OccupationForSynonyms[], uid = VACANCY_INDEX): Promise<void> {
  const exists = await admin.index(uid).getRawInfo().then(
    () => true,
    () => false,
  );
  if (!exists) await admin.createIndex(uid, { primaryKey: 'id' }).waitTask({ timeout: TASK_TIMEOUT_MS });
  const task = await admin.index(uid).updateSettings(vacancySettings(occupations)).waitTask({ timeout: TASK_TIMEOUT_MS });
  if (task.status !== 'succeeded') throw new Error(`Applying the index settings failed: ${task.error?.message ?? task.status}`);
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
