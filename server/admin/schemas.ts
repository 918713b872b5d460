import { z } from 'zod';
import { optionalDate } from '../http/form-values.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const E = 'administration.errors';

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v);
const blankToNull = (v: unknown) => (typeof v === 'string' ? v.trim() || null : (v ?? null));

/** A textarea (one item per line, or separated by commas) or a JSON array: trimmed, blanks dropped. */
const lines = (v: unknown) =>
  typeof v === 'string'
    ? v
        .split(/[\n\r,;]+/)
        .map((s) => s.trim())
        .filter(Boolean)
    : Array.isArray(v)
      ? v.map(trimmed).filter((s) => s !== '')
      : (v ?? []);

const requiredText = (name: string, max: number) =>
  z.preprocess(
    trimmed,
    z
      .string({ message: `${E}.${name}` })
      .min(1, `${E}.${name}`)
      .max(max, `${E}.${name}Long`),
  );

const nameList = (name: string, maxItems: number) =>
  z.preprocess(
    lines,
    z
      .array(z.string({ message: `${E}.${name}` }).max(100, `${E}.${name}ItemLong`), { message: `${E}.${name}` })
      .min(1, `${E}.${name}`)
      .max(maxItems, `${E}.${name}Many`),
  );

/** Only web addresses: the public page links to it, so no other scheme (javascript:, data:) gets in. */
const webAddress = z
  .string()
  .max(300, `${E}.contactUrl`)
  .refine((s) => {
    try {
      const url = new URL(s);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
    } catch {
      return false;
    }
  }, `${E}.contactUrl`);

export const ProjectInput = z.object({
  name: requiredText('name', 150),
  carrier: requiredText('carrier', 150),
  districts: nameList('districts', 10),
  towns: nameList('towns', 60),
  contactEmail: z.preprocess(
    blankToNull,
    z
      .email({ message: `${E}.contactEmail` })
      .max(254, `${E}.contactEmail`)
      .nullable(),
  ),
  contactPhone: z.preprocess(
    blankToNull,
    z
      .string({ message: `${E}.contactPhone` })
      .regex(/^\+?[0-9][0-9 ()/-]{3,30}[0-9]$/, `${E}.contactPhone`)
      .nullable(),
  ),
  contactUrl: z.preprocess(blankToNull, webAddress.nullable()),
});
export type ProjectInput = z.infer<typeof ProjectInput>;
export const PROJECT_FIELDS = ['name', 'carrier', 'districts', 'towns', 'contactEmail', 'contactPhone', 'contactUrl'] as const;

export const ProjectId = z.object({
  id: z
    .string()
    .regex(/^[1-9]\d{0,8}$/)
    .transform(Number),
});
export const AccountId = z.object({ id: z.string().regex(UUID) });
export const EmployerId = z.object({ id: z.string().regex(UUID) });

export const ADMIN_ROLES = ['mentor', 'coordinator', 'admin'] as const;
export const ACCOUNT_STATUSES = ['active', 'disabled'] as const;
export const EMPLOYER_STATUSES = ['pending', 'approved', 'suspended'] as const;
export type EmployerStatus = (typeof EMPLOYER_STATUSES)[number];
export const ACTOR_ROLES = ['employer', 'mentor', 'coordinator', 'admin'] as const;

/** A list filter: an unknown or blank value means "any", never an error. */
const anyOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess((v) => (Array.isArray(v) ? v[0] : v) || undefined, z.enum(values).optional()).catch(undefined);

const pageNumber = z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.coerce.number().int().min(1).max(100_000)).catch(1);

export const AccountListQuery = z.object({
  role: anyOf(ADMIN_ROLES),
  // A project's slug, as in the invitation form.
  project: z.preprocess((v) => (Array.isArray(v) ? v[0] : v) || undefined, z.string().max(100).optional()).catch(undefined),
  status: anyOf(ACCOUNT_STATUSES),
  page: pageNumber,
});
export type AccountListQuery = z.infer<typeof AccountListQuery>;

export const EmployerListQuery = z.object({
  status: anyOf(EMPLOYER_STATUSES),
  q: z.preprocess((v) => (typeof v === 'string' ? v.trim() || undefined : undefined), z.string().max(100).optional()).catch(undefined),
  page: pageNumber,
});
export type EmployerListQuery = z.infer<typeof EmployerListQuery>;

const single = (v: unknown) => (Array.isArray(v) ? v[0] : v);

/** The audit page's filters. Bad dates are the user's to fix (400 with the message at the field); the rest narrows or is ignored. */
export const AuditQuery = z
  .object({
    from: z.preprocess(single, optionalDate(`${E}.auditFrom`)),
    to: z.preprocess(single, optionalDate(`${E}.auditTo`)),
    action: z.preprocess(
      (v) => (typeof single(v) === 'string' ? (single(v) as string).trim() || undefined : undefined),
      z.string().max(100, `${E}.auditAction`).optional(),
    ),
    actorRole: anyOf(ACTOR_ROLES),
    subject: z.preprocess(
      (v) => (typeof single(v) === 'string' ? (single(v) as string).trim() || undefined : undefined),
      z.string().max(100, `${E}.auditSubject`).optional(),
    ),
    page: pageNumber,
  })
  .superRefine((q, ctx) => {
    if (q.from && q.to && q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: `${E}.auditToBeforeFrom` });
  });
export type AuditQuery = z.infer<typeof AuditQuery>;
export const AUDIT_FIELDS = ['from', 'to', 'action', 'actorRole', 'subject'] as const;
