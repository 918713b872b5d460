import type { Migration } from 'kysely';
import * as initial from './2026-11-23T0001-initial.ts';
import * as mentoring from './2026-11-23T0002-mentoring.ts';
import * as mail from './2026-11-23T0003-mail.ts';
import * as brokering from './2026-11-23T0004-brokering.ts';
import * as programme from './2026-11-23T0005-programme.ts';
import * as employerApproval from './2026-12-06T0001-employer-approval.ts';
import * as sessions from './2026-12-06T0002-sessions.ts';
import * as twoFactor from './2026-12-06T0003-two-factor.ts';
import * as mentorContact from './2026-12-06T0011-mentor-contact.ts';
import * as vacancyPayApply from './2026-12-06T0020-vacancy-pay-apply.ts';
import * as menteeOverviewSeen from './2026-12-07T0101-mentee-overview-seen.ts';
import * as germanCourseWorkPermit from './2026-12-07T0601-german-course-work-permit.ts';
import * as newMatches from './2026-12-07T0301-new-matches.ts';
import * as optionalAgeBand from './2026-12-08T0401-optional-age-band.ts';
import * as menteeMatchLists from './2026-12-09T0101-mentee-match-lists.ts';
import * as matchListCards from './2026-12-11T0001-match-list-cards.ts';

/**
 * Every migration, in order. Listed here instead of read from the folder so
 * they load the same way under tsx, vitest and a bundler. Add new ones at the end.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-23T0001-initial': initial,
  '2026-11-23T0002-mentoring': mentoring,
  '2026-11-23T0003-mail': mail,
  '2026-11-23T0004-brokering': brokering,
  '2026-11-23T0005-programme': programme,
  '2026-12-06T0001-employer-approval': employerApproval,
  '2026-12-06T0002-sessions': sessions,
  '2026-12-06T0003-two-factor': twoFactor,
  '2026-12-06T0011-mentor-contact': mentorContact,
  '2026-12-06T0020-vacancy-pay-apply': vacancyPayApply,
  '2026-12-07T0101-mentee-overview-seen': menteeOverviewSeen,
  '2026-12-07T0601-german-course-work-permit': germanCourseWorkPermit,
  '2026-12-07T0301-new-matches': newMatches,
  '2026-12-08T0401-optional-age-band': optionalAgeBand,
  '2026-12-09T0101-mentee-match-lists': menteeMatchLists,
  '2026-12-11T0001-match-list-cards': matchListCards,
};
