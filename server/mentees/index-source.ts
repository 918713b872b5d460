import { MENTEE_INDEX, toMenteeDocument } from '../../search/mentee-index.ts';
import { indexFeed } from '../../search/sources.ts';
import { selectMenteesForIndex, selectMenteeVersionsForIndex } from './queries.ts';
import type { MenteeProfile } from './types.ts';

/** The private mentees index is fed from here. Closed profiles leave it: nothing matches against them any more. */
export const menteeIndexSource = indexFeed<MenteeProfile>({
  index: MENTEE_INDEX,
  rowsByIds: (db, ids) => selectMenteesForIndex(db, { ids }),
  rowsPage: (db, page) => selectMenteesForIndex(db, page),
  versionsPage: (db, page) => selectMenteeVersionsForIndex(db, page),
  toDocument: (mentee) => (mentee.status === 'closed' ? null : toMenteeDocument(mentee)),
});
