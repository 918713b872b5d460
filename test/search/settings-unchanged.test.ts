import { afterAll, describe, expect, it } from 'vitest';
import { ensureVacancyIndex } from '../../search/setup.ts';
import { waitForTask } from '../../search/tasks.ts';
import { masterClient, unique } from '../helpers/app.ts';

/*
 * Applying settings re-indexes every document, even when nothing changed (2-3 s for the vacancies index of
 * the suite): ensureVacancyIndex applies them only when the index lacks them. A scratch index, so the
 * portal's own stays as it is.
 */

const admin = masterClient();
const scratch = unique('settings');
const LAGER = { code: '51312', title_de: 'Fachkraft für Lagerlogistik', synonyms: ['Lagerist', 'Lageristin'] };
const KOCH = { code: '29302', title_de: 'Koch / Köchin', synonyms: ['Küchenhilfe'] };

afterAll(async () => {
  await waitForTask(admin, (await admin.deleteIndex(scratch)).taskUid, 60_000);
});

/** Settings-update tasks of the scratch index so far. */
async function settingsUpdates(): Promise<number> {
  const tasks = await admin.tasks.getTasks({ indexUids: [scratch], types: ['settingsUpdate'], limit: 100 });
  return tasks.results.length;
}

describe('ensureVacancyIndex', () => {
  it('applies the settings once, skips them while unchanged and applies a changed occupation list', async () => {
    await ensureVacancyIndex(admin, [LAGER], scratch);
    expect(await settingsUpdates()).toBe(1);
    expect((await admin.index(scratch).getSynonyms())['lagerist']).toEqual(expect.arrayContaining(['fachkraft für lagerlogistik']));

    await ensureVacancyIndex(admin, [LAGER], scratch);
    expect(await settingsUpdates()).toBe(1);

    await ensureVacancyIndex(admin, [LAGER, KOCH], scratch);
    expect(await settingsUpdates()).toBe(2);
    expect((await admin.index(scratch).getSynonyms())['köchin']).toEqual(expect.arrayContaining(['koch', 'küchenhilfe']));
  });

  it('applies a setting someone changed by hand back', async () => {
    await waitForTask(admin, (await admin.index(scratch).updateSortableAttributes(['payMonthlyMin'])).taskUid, 60_000);
    await ensureVacancyIndex(admin, [LAGER, KOCH], scratch);
    expect(await admin.index(scratch).getSortableAttributes()).toEqual(expect.arrayContaining(['publishedAtTs', 'payMonthlyMin']));
  });
});
