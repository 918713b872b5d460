import { indexFeed } from '../../search/sources.ts';
import { VACANCY_INDEX, toDocument, type VacancyRowForIndex } from '../../search/vacancy-index.ts';
import { vacanciesChanged } from '../matches/stored-lists.ts';
import { countVacanciesForIndex, selectVacancyRowsForIndex, selectVacancyVersionsForIndex } from './queries.ts';

/**
 * The vacancies index is fed from here: the index holds the vacancies `visibility.ts` calls indexed; a change it
 * confirmed invalidates the stored match lists it concerns (server/matches/stored-lists.ts).
 */
export const vacancyIndexSource = indexFeed<VacancyRowForIndex>({
  index: VACANCY_INDEX,
  rowsByIds: (db, ids) => selectVacancyRowsForIndex(db, { ids }),
  rowsPage: (db, page) => selectVacancyRowsForIndex(db, page),
  versionsPage: (db, page) => selectVacancyVersionsForIndex(db, page),
  count: (db) => countVacanciesForIndex(db),
  toDocument,
  // The stored match lists that hold a changed vacancy (or all, after a rebuild) are computed again.
  afterChange: vacanciesChanged,
});
