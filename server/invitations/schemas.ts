import { z } from 'zod';

/** Roles an admin may invite; admins are made by hand, never by link. */
export const INVITABLE_ROLES = ['mentor', 'coordinator'] as const;
export type InvitableRole = (typeof INVITABLE_ROLES)[number];

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const InviteInput = z
  .object({
    email: z
      .string({ message: 'invitations.errors.email' })
      .trim()
      .toLowerCase()
      .max(254, 'invitations.errors.email')
      .pipe(z.email({ message: 'invitations.errors.email' })),
    role: z.enum(INVITABLE_ROLES, { message: 'invitations.errors.role' }),
    // The project's slug: the same value in the form's select and in JSON.
    project: z.preprocess(
      blankToUndefined,
      z.string({ message: 'invitations.errors.projectUnknown' }).trim().max(100, 'invitations.errors.projectUnknown').optional(),
    ),
  })
  .superRefine((input, ctx) => {
    if (input.role === 'mentor' && !input.project)
      ctx.addIssue({ code: 'custom', path: ['project'], message: 'invitations.errors.projectRequired' });
    if (input.role === 'coordinator' && input.project)
      ctx.addIssue({ code: 'custom', path: ['project'], message: 'invitations.errors.projectNotForCoordinator' });
  });
export type InviteInput = z.infer<typeof InviteInput>;
export const INVITE_FIELDS = ['email', 'role', 'project'] as const;

export const AcceptInput = z
  .object({
    displayName: z.preprocess(
      blankToUndefined,
      z.string({ message: 'invitations.errors.displayNameLong' }).trim().max(100, 'invitations.errors.displayNameLong').optional(),
    ),
    password: z
      .string({ message: 'invitations.errors.password' })
      .min(1, 'invitations.errors.password')
      .min(12, 'invitations.errors.passwordShort')
      .max(200, 'invitations.errors.passwordLong'),
    passwordRepeat: z
      .string({ message: 'invitations.errors.passwordRepeat' })
      .min(1, 'invitations.errors.passwordRepeat')
      .max(200, 'invitations.errors.passwordMismatch'),
  })
  .superRefine((input, ctx) => {
    if (input.password !== input.passwordRepeat)
      ctx.addIssue({ code: 'custom', path: ['passwordRepeat'], message: 'invitations.errors.passwordMismatch' });
  });
export type AcceptInput = z.infer<typeof AcceptInput>;
export const ACCEPT_FIELDS = ['displayName', 'password', 'passwordRepeat'] as const;

export const InvitationId = z.object({ id: z.uuid() });
