import type { FastifyInstance } from 'fastify';
import { todayInBerlin } from '../time/berlin.ts';
import type { Locale } from '../i18n/index.ts';
import { occupationName } from '../occupations/catalogue.ts';
import type { MentorContactInput } from './schemas.ts';
import { hashShareToken, localeOf } from './service.ts';
import * as queries from './shared-queries.ts';

/*
 * The pages a mentee opens from a share link, on her phone, without logging in: the list, each
 * vacancy within the link, the date the link stops working and who to call. Nothing about the
 * mentee is read beyond her list; the mentor is shown only as the mentor set it (/mentor/contact).
 *
 * The distance from the mentee's home is left out on purpose: a link can be forwarded, and the
 * distances to three towns locate her home. The vacancy's town is shown instead.
 */

interface ContactColumns {
  contact_first_name: string | null;
  contact_phone: string | null;
  contact_email: string | null;
}

/** The mentor's contact as a share page shows it, or null while the mentor has not set a name and a way to reach them. */
export function contactView(row: ContactColumns | undefined) {
  if (!row?.contact_first_name || (!row.contact_phone && !row.contact_email)) return null;
  return {
    firstName: row.contact_first_name,
    phone: row.contact_phone,
    // RFC 3966: a tel: URI has no spaces; its visual separators are optional, so only digits and + stay.
    phoneHref: row.contact_phone ? `tel:${row.contact_phone.replace(/[^\d+]/g, '')}` : null,
    email: row.contact_email,
  };
}
export type ContactView = ReturnType<typeof contactView>;

/** The link behind a token, when it works: its language, when it stops working, the mentor's contact. Null otherwise. */
export async function openShareLink(app: FastifyInstance, token: string) {
  const link = await queries.findOpenShareLink(app.db, hashShareToken(token));
  if (!link) return null;
  return { menteeId: link.mentee_id, locale: localeOf(link.locale), expiresAt: link.expires_at, contact: contactView(link) };
}
export type OpenShareLink = NonNullable<Awaited<ReturnType<typeof openShareLink>>>;

/** Where a page of the link goes: within the link, keeping a language the mentee chose on the page. */
function sharePaths(token: string, askedLocale: Locale | undefined) {
  const lang = askedLocale ? `?lang=${askedLocale}` : '';
  return { list: `/s/${token}${lang}`, vacancy: (id: string) => `/s/${token}/v/${id}${lang}` };
}

/** The list: each vacancy's facts, its occupation named in the page's language. */
export async function sharedList(app: FastifyInstance, link: OpenShareLink, token: string, locale: Locale, askedLocale?: Locale) {
  const rows = await queries.listSharedVacancies(app.db, link.menteeId, todayInBerlin());
  const paths = sharePaths(token, askedLocale);
  return {
    expiresAt: link.expiresAt,
    contact: link.contact,
    vacancies: rows.map((row) => ({
      id: row.id,
      title: row.title,
      employer: { name: row.employer_name },
      kind: row.kind,
      occupationTitle: occupationName(row.occupation_code, locale),
      town: row.town,
      germanLevel: row.german_level,
      workingTime: row.working_time,
      startDate: row.start_date,
      summary: row.summary,
      url: paths.vacancy(row.id),
    })),
  };
}

/** One vacancy of the list with every public fact, or null when it is not on this link's list (or no longer public). */
export async function sharedVacancy(
  app: FastifyInstance,
  link: OpenShareLink,
  token: string,
  vacancyId: string,
  locale: Locale,
  askedLocale?: Locale,
) {
  const row = await queries.findSharedVacancy(app.db, link.menteeId, vacancyId, todayInBerlin());
  if (!row) return null;
  const { occupation_code: code, employer_name: employerName, ...facts } = row;
  return {
    expiresAt: link.expiresAt,
    contact: link.contact,
    listUrl: sharePaths(token, askedLocale).list,
    vacancy: { ...facts, employer: { name: employerName }, occupationTitle: occupationName(code, locale) },
  };
}

/** The mentor's contact as the form shows it (blank fields when nothing is set). */
export async function mentorContactValues(app: FastifyInstance, accountId: string) {
  const row = await queries.findMentorContact(app.db, accountId);
  return { firstName: row?.contact_first_name ?? '', phone: row?.contact_phone ?? '', email: row?.contact_email ?? '' };
}

/** What the shortlist page says mentees see of this mentor (null: nothing yet). */
export async function mentorContactShown(app: FastifyInstance, accountId: string) {
  return contactView(await queries.findMentorContact(app.db, accountId));
}

export function saveMentorContact(app: FastifyInstance, accountId: string, contact: MentorContactInput): Promise<void> {
  return queries.updateMentorContact(app.db, accountId, contact);
}
