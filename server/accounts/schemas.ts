import { z } from 'zod';

const email = z
  .string({ message: 'accounts.errors.email' })
  .trim()
  .toLowerCase()
  .max(254, 'accounts.errors.email')
  .pipe(z.email({ message: 'accounts.errors.email' }));

export const RegisterInput = z.object({
  organisation: z
    .string({ message: 'accounts.errors.organisation' })
    .trim()
    .min(2, 'accounts.errors.organisation')
    .max(160, 'accounts.errors.organisationLong'),
  email,
  password: z
    .string({ message: 'accounts.errors.password' })
    .min(12, 'accounts.errors.passwordShort')
    .max(200, 'accounts.errors.passwordLong'),
  town: z.string({ message: 'accounts.errors.town' }).trim().min(1, 'accounts.errors.town').max(100, 'accounts.errors.town'),
});
export type RegisterInput = z.infer<typeof RegisterInput>;
export const REGISTER_FIELDS = ['organisation', 'email', 'password', 'town'] as const;

export const LoginInput = z.object({
  email,
  password: z
    .string({ message: 'accounts.errors.passwordMissing' })
    .min(1, 'accounts.errors.passwordMissing')
    .max(200, 'accounts.errors.passwordMissing'),
  next: z.string().optional(),
});
export const LOGIN_FIELDS = ['email', 'password'] as const;

/**
 * Only local paths are followed after login (no open redirect). Browsers drop
 * tabs and newlines from URLs and read a backslash as "/", so "/\t/evil.example"
 * would become "//evil.example": control characters, spaces and backslashes are refused.
 * Anything outside printable ASCII is refused too: a Location header cannot carry it
 * (the redirect would throw), and the app's own links are percent-encoded already.
 */
export function safeNext(next: unknown): string | undefined {
  if (typeof next !== 'string' || next.length > 2000) return undefined;
  return /^\/(?!\/)[\x21-\x5b\x5d-\x7e]*$/.test(next) ? next : undefined;
}

/** A second-step code as typed: spaces and dashes dropped, then six digits or a ten-character recovery code. */
const code = z
  .string({ message: 'twoFactor.errors.code' })
  .max(40, 'twoFactor.errors.code')
  .transform((value) => value.replace(/[\s-]/g, '').toLowerCase())
  .pipe(z.string().regex(/^(?:\d{6}|[a-z2-9]{10})$/, 'twoFactor.errors.code'));

export const SecondFactorInput = z.object({ code });
export const SECOND_FACTOR_FIELDS = ['code'] as const;

/** Enrolment proves the app works: only a six-digit code from it. */
export const EnrolInput = z.object({
  code: z
    .string({ message: 'twoFactor.errors.totp' })
    .max(40, 'twoFactor.errors.totp')
    .transform((value) => value.replace(/\s/g, ''))
    .pipe(z.string().regex(/^\d{6}$/, 'twoFactor.errors.totp')),
});

/** Turning two-factor off or replacing recovery codes asks for the password and a code again. */
export const ConfirmInput = z.object({
  password: z
    .string({ message: 'accounts.errors.passwordMissing' })
    .min(1, 'accounts.errors.passwordMissing')
    .max(200, 'accounts.errors.passwordMissing'),
  code,
});
export type ConfirmInput = z.infer<typeof ConfirmInput>;
export const CONFIRM_FIELDS = ['password', 'code'] as const;
