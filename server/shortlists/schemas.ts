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
    z
      .number({ message: 'shortlists.errors.days' })
      .int('shortlists.errors.days')
      .min(1, 'shortlists.errors.days')
      .max(MAX_LINK_DAYS, 'shortlists.errors.days'),
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

/** A shortlisted vacancy opened from a share link: /s/<token>/v/<vacancy id>. */
export const SharedVacancyId = z.object({ vacancyId: z.uuid() });

/** A text field, trimmed, empty when missing; its content is checked only after its length (a 200,000-character value stops here). */
const trimmedUpTo = (max: number, tooLongKey: string) =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim() : v) ?? '', z.string({ message: tooLongKey }).max(max, tooLongKey));

/** Digits, spaces, + / - ( ): how office numbers are written ("+49 351 / 123 45-6"), and at least one digit. */
const PHONE_CHARACTERS = /^[\d +/()-]+$/;

/**
 * What mentees see of their mentor on a share link: a first name and a work phone and/or work e-mail.
 * All three blank takes the contact off the share page; otherwise the name and one way to reach the mentor are needed.
 */
export const MentorContactInput = z
  .object({
    firstName: trimmedUpTo(40, 'mentorContact.errors.firstNameLong'),
    phone: trimmedUpTo(30, 'mentorContact.errors.phoneLong').pipe(
      z.string().refine((v) => v === '' || (PHONE_CHARACTERS.test(v) && /\d/.test(v)), 'mentorContact.errors.phone'),
    ),
    email: trimmedUpTo(254, 'mentorContact.errors.email').pipe(
      z.union([z.literal(''), z.email({ message: 'mentorContact.errors.email' })]),
    ),
  })
  .superRefine((contact, ctx) => {
    const blank = contact.firstName === '' && contact.phone === '' && contact.email === '';
    if (blank) return;
    if (contact.firstName === '') ctx.addIssue({ code: 'custom', path: ['firstName'], message: 'mentorContact.errors.firstName' });
    if (contact.phone === '' && contact.email === '')
      ctx.addIssue({ code: 'custom', path: ['phone'], message: 'mentorContact.errors.phoneOrEmail' });
  })
  .transform((contact) => ({
    firstName: contact.firstName || null,
    phone: contact.phone || null,
    email: contact.email.toLowerCase() || null,
  }));
export type MentorContactInput = z.infer<typeof MentorContactInput>;

export const MENTOR_CONTACT_FIELDS = ['firstName', 'phone', 'email'] as const;
