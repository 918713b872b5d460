import { createHash, randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { VacancySearch } from '../../search/vacancy-search.ts';
import { notFound, ok, type NotFound, type Result } from '../http/refusal.ts';
import { todayInBerlin } from '../time/berlin.ts';
import { isLocale, type Locale } from '../i18n/index.ts';
import type { MenteeProfile } from '../mentees/types.ts';
import { occupationName } from '../occupations/catalogue.ts';
import { findPublishedVacancy } from '../vacancies/queries.ts';
import { searchVacancies } from '../vacancies/service.ts';
import * as queries from './queries.ts';
import type { BrowseQuery, ShareLinkInput } from './schemas.ts';

export const BROWSE_PER_PAGE = 20;
const DAY_MS = 86_400_000;

/** 256 random bits, URL-safe: the only thing that opens a shortlist without logging in. */
export function newShareToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this hash is stored, so a copy of the database opens no shortlist. */
export function hashShareToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function localeOf(value: string): Locale {
  return isLocale(value) ? value : 'de';
}

export type ShareLinkState = 'active' | 'expired' | 'revoked';

export function shareLinkState(link: { expires_at: Date; revoked_at: Date | null }, now = new Date()): ShareLinkState {
  if (link.revoked_at) return 'revoked';
  return link.expires_at.getTime() <= now.getTime() ? 'expired' : 'active';
}

/** The mentor's view of a shortlist: every saved vacancy (closed ones marked) and the share links. */
export async function shortlistOverview(app: FastifyInstance, mentee: MenteeProfile, locale: Locale) {
  const [items, links] = await Promise.all([
    queries.listShortlist(app.db, mentee.id, todayInBerlin()),
    queries.listShareLinks(app.db, mentee.id),
  ]);
  return {
    items: items.map((row) => ({
      id: row.id,
      title: row.title,
      employer: { name: row.employer_name },
      town: row.town,
      kind: row.kind,
      germanLevel: row.german_level,
      summary: row.summary,
      occupationTitle: occupationName(row.occupation_code, locale),
      advertised: row.advertised,
      addedAt: row.added_at,
      url: `/vacancies/${row.id}`,
    })),
    shareLinks: links.map((link) => ({
      id: link.id,
      locale: link.locale,
      createdAt: link.created_at,
      expiresAt: link.expires_at,
      revokedAt: link.revoked_at,
      state: shareLinkState(link),
    })),
  };
}

/** Only vacancies the public can see go on a shortlist; adding twice changes nothing (`added` false). */
export async function addToShortlist(
  app: FastifyInstance,
  mentee: MenteeProfile,
  vacancyId: string,
): Promise<Result<{ added: boolean }, NotFound>> {
  const vacancy = await findPublishedVacancy(app.db, vacancyId, todayInBerlin());
  if (!vacancy) return notFound('errors.vacancyNotFound');
  return ok({ added: await queries.addShortlistItem(app.db, mentee.id, vacancyId) });
}

export function removeFromShortlist(app: FastifyInstance, mentee: MenteeProfile, vacancyId: string): Promise<boolean> {
  return queries.removeShortlistItem(app.db, mentee.id, vacancyId);
}

/** A new link; the token is returned once, here, and never stored. */
export async function createShareLink(app: FastifyInstance, mentee: MenteeProfile, input: ShareLinkInput) {
  const token = newShareToken();
  const link = await queries.insertShareLink(app.db, {
    menteeId: mentee.id,
    tokenHash: hashShareToken(token),
    locale: input.locale ?? localeOf(mentee.locale),
    expiresAt: new Date(Date.now() + input.days * DAY_MS),
  });
  return { id: link.id, token, locale: link.locale, expiresAt: link.expires_at, path: `/s/${token}` };
}

export function revokeShareLink(app: FastifyInstance, projectId: number, linkId: string): Promise<string | undefined> {
  return queries.revokeProjectShareLink(app.db, projectId, linkId);
}

/**
 * Apprenticeships the mentee can reach and read: the public search with the
 * mentee's home town, travel distance and German level as hard filters.
 */
export async function browseApprenticeships(app: FastifyInstance, mentee: MenteeProfile, query: BrowseQuery, locale: Locale) {
  const search: VacancySearch = {
    q: query.q,
    kind: 'apprenticeship',
    origin: mentee.location,
    radiusKm: mentee.travelKm,
    // The public search offers A1–C2 only, but its filter is "rank ≤ rank of the level" in both
    // Meilisearch and the PostgreSQL fallback, so 'none' (rank 0) finds exactly the vacancies asking for no German.
    germanLevel: mentee.germanLevel,
    page: query.page,
    perPage: BROWSE_PER_PAGE,
    today: todayInBerlin(),
  };
  const [result, shortlisted] = await Promise.all([searchVacancies(app, search), queries.shortlistedIds(app.db, mentee.id)]);
  const pages = Math.max(1, Math.ceil(result.total / result.perPage));
  const link = (page: number) => {
    const params = new URLSearchParams();
    if (query.q) params.set('q', query.q);
    params.set('page', String(page));
    return `/mentor/mentees/${mentee.id}/browse?${params.toString()}`;
  };
  return {
    total: result.total,
    page: result.page,
    perPage: result.perPage,
    pages,
    degraded: result.degraded,
    previous: result.page > 1 ? link(result.page - 1) : null,
    next: result.page < pages ? link(result.page + 1) : null,
    hits: result.hits.map((hit) => ({
      ...hit,
      occupation: { code: hit.occupation.code, title: occupationName(hit.occupation.code, locale) },
      distanceKm: hit.distanceKm === null ? null : Math.round(hit.distanceKm),
      url: `${hit.url}?lang=${locale}`,
      shortlisted: shortlisted.has(hit.id),
    })),
  };
}
