import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multiSearch } from '../../search/matching.ts';
import { masterClient, unique } from '../helpers/app.ts';

// Meilisearch knows an attribute only once a document has it: on an empty index a text query
// naming attributesToSearchOn is refused ("Attribute `title` is not searchable"). A fresh portal
// whose first employers wait for approval has such an index, and the match page answered 500.
describe('matching on an index without documents', () => {
  const client = masterClient();
  const uid = unique('empty_vacancies');

  beforeAll(async () => {
    await client.createIndex(uid).waitTask();
    await client
      .index(uid)
      .updateSettings({ searchableAttributes: ['title', 'occupationTitle'] })
      .waitTask();
  });
  afterAll(async () => {
    await client.deleteIndex(uid).waitTask();
  });

  it('finds nothing instead of failing', async () => {
    const { results } = await multiSearch(client, [
      { indexUid: uid, q: '' },
      { indexUid: uid, q: 'Pflege', attributesToSearchOn: ['title', 'occupationTitle'] },
    ]);
    expect(results.map((r) => r.hits)).toEqual([[], []]);
  });

  it('still reports a real mistake', async () => {
    await client
      .index(uid)
      .addDocuments([{ id: 1, title: 'Pflegehelfer' }])
      .waitTask();
    await expect(multiSearch(client, [{ indexUid: uid, q: 'Pflege', filter: 'nosuchattribute = 1' }])).rejects.toThrow();
  });
});
