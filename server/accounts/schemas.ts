import { z } from 'zod';

const email = z
  .string({ message: 'accounts.errors.email' })
  .trim()
  .toLowerCase()
  .max(254, 'accounts.errors.email')
  .pipe(z.email({ message: 'accounts.errors.email' }));

export const RegisterInput = z.object({
  organisation: z.string({ message: 'accounts.errors.organisation' }).trim().min(2, 'accounts.errors.organisation').max(160, 'accounts.errors.organisationLong'),
  email,
  password: z.string({ message: 'accounts.errors.password' }).min(12, 'accounts.errors.passwordShort').max(200, 'accounts.errors.passwordLong'),
  town: z.string({ message: 'accounts.errors.town' }).trim().min(1, 'accounts.errors.town').max(100, 'accounts.errors.town'),
});
export type RegisterInput = z.infer<typeof RegisterInput>;
export const REGISTER_FIELDS = ['organisation', 'email', 'password', 'town'] as const;

export const LoginInput = z.object({
  email,
  password: z.string({ message: 'accounts.errors.passwordMissing' }).min(1, 'accounts.errors.passwordMissing').max(200, 'accounts.errors.passwordMissing'),
  next: z.string().optional(),
});
export const LOGIN_FIELDS = ['email', 'password'] as const;

/**
 * Only local paths are followed after login (no open redirect). Browsers drop
 * tabs and newlines from URLs and read a backslash as "/", so "/\t/evil.example"
 * would become "//evil.example": control characters, spaces and backslashes are refused.
 */
export function safeNext(next: unknown): string | undefined {
  // eslint-disable-next-line no-control-regex
  return typeof next === 'string' && /^\/(?!\/)[^\\\u0000-\u0020\u007f]*$/.test(next) ? next : undefined;
}
