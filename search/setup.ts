import { createHash } from 'node:crypto';
import { MeilisearchApiError, type Meilisearch, type Settings } from 'meilisearch';
import { MENTEE_INDEX, menteeSettings } from './mentee-index.ts';
import { waitForSuccess, waitForTask } from './tasks.ts';
import { VACANCY_INDEX, vacancySettings, type OccupationForSynonyms } from './vacancy-index.ts';

const TASK_TIMEOUT_MS = 60_000;
/** Changed settings re-index every document: minutes at a million vacancies. */
const SETTINGS_TIMEOUT_MS = 30 * 60_000;
/** Creates an index if missing, with no settings (a swap target that is about to be replaced). */
export async function ensureIndexExists(admin: Meilisearch, uid: string): Promise<void> {
  const exists = await admin
    .index(uid)
    .getRawInfo()
    .then(
      () => true,
      () => false,
    );
  // Another instance may create it first; its task then fails with index_already_exists, which is fine.
  if (!exists) await waitForTask(admin, (await admin.createIndex(uid, { primaryKey: 'id' })).taskUid, TASK_TIMEOUT_MS);
}

/**
 * Creates an index if missing and applies its settings unless it has them already (idempotent).
 * Meilisearch re-indexes on every settings update, even an identical one (2-3 s for the vacancies
 * index at a few thousand documents): a restart, or each app the test suite builds, paid that for nothing.
 */
async function ensureIndex(admin: Meilisearch, uid: string, settings: Settings): Promise<void> {
  await ensureIndexExists(admin, uid);
  if (hasSettings(await admin.index(uid).getSettings(), settings)) return;
  const { taskUid } = await admin.index(uid).updateSettings(settings);
  await waitForSuccess(admin, taskUid, SETTINGS_TIMEOUT_MS, `Applying the settings of ${uid}`);
}

/** Lists that are sets: Meilisearch hands them back in its own order. */
const UNORDERED = new Set(['filterableAttributes', 'sortableAttributes', 'disableOnAttributes', 'disableOnWords', 'stopWords', 'synonyms']);

/**
 * Whether an index's settings (as Meilisearch reports them, its defaults filled in) include every
 * setting asked for. Order counts in ranked lists (rankingRules, searchableAttributes), not in sets;
 * synonyms must match word for word both ways. Anything unrecognised counts as different, and is applied.
 */
export function hasSettings(current: Settings, wanted: Settings): boolean {
  return Object.entries(wanted).every(([key, value]) => {
    const present = (current as Record<string, unknown>)[key];
    if (key === 'synonyms') return sameSynonyms(present, value);
    return includes(present, value, key);
  });
}

function includes(present: unknown, wanted: unknown, key: string): boolean {
  if (Array.isArray(wanted)) {
    if (!Array.isArray(present) || present.length !== wanted.length) return false;
    if (!UNORDERED.has(key)) return wanted.every((item, i) => includes(present[i], item, key));
    const sorted = (list: unknown[]) => list.map((item) => JSON.stringify(item)).sort();
    return JSON.stringify(sorted(present)) === JSON.stringify(sorted(wanted));
  }
  if (wanted !== null && typeof wanted === 'object') {
    if (present === null || typeof present !== 'object') return false;
    // Nested settings (typoTolerance, faceting…): the fields asked for; Meilisearch adds its defaults for the others.
    return Object.entries(wanted).every(([field, item]) => includes((present as Record<string, unknown>)[field], item, field));
  }
  return present === wanted;
}

function sameSynonyms(present: unknown, wanted: unknown): boolean {
  if (present === null || typeof present !== 'object' || wanted === null || typeof wanted !== 'object') return present === wanted;
  const have = present as Record<string, unknown>;
  const want = wanted as Record<string, unknown>;
  const words = Object.keys(want);
  return Object.keys(have).length === words.length && words.every((word) => includes(have[word], want[word], 'synonyms'));
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
export const MENTEE_TOKEN_KEY_NAME = 'jobbruecke-mentee-tokens';
export const INDEXER_KEY_NAME = 'jobbruecke-indexer';

/**
 * Every client gets a key limited by index and action; the master key creates
 * them and does nothing else.
 * - public search: the search action on the vacancies index only;
 * - mentor search (server-side mentor routes): search on vacancies only;
 * - mentee tokens: search on the private mentees index, used only to sign a project's tenant
 *   token (search/tenant-tokens.ts), never sent as it is: a mentor's request sees its own
 *   project's mentees and nothing else;
 * - indexer (outbox worker, reindex, settings): documents, settings, indexes and tasks of the portal's indexes.
 */
const KEY_SPECS = [
  { name: PUBLIC_SEARCH_KEY_NAME, description: 'Public vacancy search', actions: ['search'], indexes: [VACANCY_INDEX] },
  { name: MENTOR_SEARCH_KEY_NAME, description: 'Mentor matching (server only)', actions: ['search'], indexes: [VACANCY_INDEX] },
  {
    name: MENTEE_TOKEN_KEY_NAME,
    description: 'Signs per-project tenant tokens for the mentees index (server only)',
    actions: ['search'],
    indexes: [MENTEE_INDEX],
  },
  {
    name: INDEXER_KEY_NAME,
    description: 'Outbox worker and reindex (server only)',
    actions: [
      'search',
      'documents.add',
      'documents.get',
      'documents.delete',
      'indexes.create',
      'indexes.get',
      'indexes.update',
      'indexes.delete',
      'indexes.swap',
      'settings.get',
      'settings.update',
      'tasks.get',
      'stats.get',
    ],
    indexes: [`${VACANCY_INDEX}*`, `${MENTEE_INDEX}*`],
  },
] as const;
type KeySpec = (typeof KEY_SPECS)[number];

/**
 * The keys Meilisearch creates on first start with a master key. The default search key
 * searches every index (it would read every project's mentees) and the admin keys can do
 * anything, so they are deleted; the app's keys have other names.
 */
export const DEFAULT_KEY_NAMES: readonly string[] = [
  'Default Search API Key',
  'Default Admin API Key',
  'Default Read-Only Admin API Key',
  'Default Chat API Key',
];

/**
 * The uid of a key follows from its name and rights, so every instance asks for the same uid:
 * when several start at once, one creates the key and the others find it (Meilisearch refuses a
 * second key with that uid), and a key with other rights gets another uid. Meilisearch derives
 * the key itself from the uid and the master key, so it is the same everywhere too.
 */
export function keyUid(spec: Pick<KeySpec, 'name' | 'actions' | 'indexes'>): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([spec.name, [...spec.actions].sort(), [...spec.indexes].sort()]))
    .digest('hex');
  // Shaped as a UUID (version 8, "custom"; RFC 9562), which is what Meilisearch accepts.
  const variant = ((parseInt(hash[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hash.slice(0, 8)}-${hash.slice(8, 12)}-8${hash.slice(13, 16)}-${variant}${hash.slice(17, 20)}-${hash.slice(20, 32)}`;
}

/** Meilisearch answered with this error code (e.g. a key another instance created or deleted first). */
const refusedWith = (code: string) => (error: unknown) => error instanceof MeilisearchApiError && error.cause?.code === code;

/** Deletes a key; one another instance deleted first is gone all the same. */
async function deleteKey(master: Meilisearch, uid: string): Promise<void> {
  await master.deleteKey(uid).catch((error: unknown) => {
    if (!refusedWith('api_key_not_found')(error)) throw error;
  });
}

/** Deletes Meilisearch's default keys (idempotent) and answers the names of those it found. */
export async function deleteDefaultKeys(master: Meilisearch): Promise<string[]> {
  const { results } = await master.getKeys({ limit: 1000 });
  const defaults = results.filter((k) => k.name !== null && DEFAULT_KEY_NAMES.includes(k.name));
  await Promise.all(defaults.map((k) => deleteKey(master, k.uid)));
  return defaults.map((k) => k.name!);
}

export interface SearchKeys {
  publicSearch: string;
  mentorSearch: string;
  /** Signs tenant tokens; its uid goes into each token. */
  menteeTokens: { key: string; uid: string };
  indexer: string;
}

/** Creates the portal's keys that are missing and deletes those of older rules (idempotent, safe with several instances at once). */
export async function ensureKeys(master: Meilisearch): Promise<SearchKeys> {
  const { results } = await master.getKeys({ limit: 1000 });
  const keyFor = async (spec: KeySpec) => {
    const uid = keyUid(spec);
    // A key from an older version of these rules: replace it (its rights cannot be changed in place).
    await Promise.all(results.filter((k) => k.name === spec.name && k.uid !== uid).map((k) => deleteKey(master, k.uid)));
    const existing = results.find((k) => k.uid === uid);
    if (existing) return { key: existing.key, uid };
    const created = await master
      .createKey({
        uid,
        name: spec.name,
        description: spec.description,
        actions: [...spec.actions],
        indexes: [...spec.indexes],
        expiresAt: null,
      })
      .catch(async (error: unknown) => {
        if (refusedWith('api_key_already_exists')(error)) return master.getKey(uid);
        throw error;
      });
    return { key: created.key, uid };
  };
  const [publicSearch, mentorSearch, menteeTokens, indexer] = await Promise.all(KEY_SPECS.map(keyFor));
  return { publicSearch: publicSearch!.key, mentorSearch: mentorSearch!.key, menteeTokens: menteeTokens!, indexer: indexer!.key };
}

/** The public search key alone (tests and tools). */
export async function ensurePublicSearchKey(master: Meilisearch): Promise<string> {
  return (await ensureKeys(master)).publicSearch;
}
