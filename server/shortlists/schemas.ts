import { z } from 'zod';
import { LOCALES } from '../i18n/index.ts';

export const DEFAULT_LINK_DAYS = 14;
export const MAX_LINK_DAYS = 30;

export const ShortlistAdd = z.object({ vacancyId: z.uuid({ message: 'shortlists.errors.vacancyId' }) });

export const ShortlistItemParams = z.object({ id: z.string(), vacancyId: z.uuid() });

/**
 * The lifetime as typed: blank (or not sent) takes the default, a text becomes its number. Only blank means
 * "default": 0 is a value, refused like 31 (it became 14 days). Lists and booleans stay what they are and are
 * refused too (coercion read `[5]` and `true` as numbers).
 */
function daysTyped(v: unknown): unknown {
  const value = typeof v === 'string' ? v.trim() : v;
  if (value === undefined || value === null || value === '') return DEFAULT_LINK_DAYS;
  return typeof value === 'string' ? Number(value) : value;
}

/** A share link lives 1 to 30 days (the message says so); its language defaults to the mentee's. */
export const ShareLinkInput = z.object({
  days: z.preprocess(
    daysTyped,
    z.number({ message: 'shortlists.errors.days' }).int('shortlists.errors.days').min(1, 'shortlists.errors.days').max(MAX_LINK_DAYS, 'shortlists.errors.days'),
  ),
  locale: z.preprocess((v) => v || undefined, z.enum(LOCALES, { message: 'shortlists.errors.locale' }).optional()),
});
export type ShareLinkInput = z.infer<typeof ShareLinkInput>;

export const SHARE_LINK_FIELDS = ['days', 'locale'] as const;

export const ShareLinkId = z.object({ linkId: z.uuid() });

/** Tokens are 32 random bytes in base64url (43 characters); anything else cannot be one. */
export const ShareToken = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

export const BrowseQuery = z.object({
  q: z.preprocess((v) => (typeof v === 'string' ? v.trim() : ''), z.string().max(200)).catch(''),
  page: z.coerce.number().int().min(1).max(500).catch(1),
});
export type BrowseQuery = z.infer<typeof BrowseQuery>;
