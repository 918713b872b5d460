import { IndexSources } from '../../search/sources.ts';
import { menteeIndexSource } from '../mentees/index-source.ts';
import { vacancyIndexSource } from '../vacancies/index-source.ts';

/**
 * Every index and the feature that feeds it: the one list the search plugin, `npm run reindex`,
 * `npm run check:index` and `npm run seed` hand to search/ (which imports no feature).
 */
export function indexSources(): IndexSources {
  return new IndexSources([vacancyIndexSource, menteeIndexSource]);
}
