import { indexFeed } from '../../search/sources.ts';
import { VACANCY_INDEX, toDocument, type VacancyRowForIndex } from '../../search/vacancy-index.ts';
import { countVacanciesForIndex, selectVacancyRowsForIndex, selectVacancyVersionsForIndex } from './queries.ts';

/** The vacancies index is fed from here: the index holds the vacancies `visibility.ts` calls indexed. */
export const vacancyIndexSource = indexFeed<VacancyRowForIndex>({
  index: VACANCY_INDEX,
  rowsByIds: (db, ids) => selectVacancyRowsForIndex(db, { ids }),
  rowsPage: (db, page) => selectVacancyRowsForIndex(db, page),
  versionsPage: (db, page) => selectVacancyVersionsForIndex(db, page),
  count: (db) => countVacanciesForIndex(db),
  toDocument,
});
