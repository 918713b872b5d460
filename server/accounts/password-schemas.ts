import { z } from 'zod';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from './password-policy.ts';
import { PASSWORD_PROBLEM_KEYS } from './password-rules.ts';
import { Token } from './one-time-token.ts';

// The forms of password reset and password change. Guessability needs the
// account's own words (its address), so it is checked after parsing (password-rules.ts).

const email = z
  .string({ message: 'passwordReset.errors.email' })
  .trim()
  .toLowerCase()
  .max(254, 'passwordReset.errors.email')
  .pipe(z.email({ message: 'passwordReset.errors.email' }));

/** A new password with its repetition; its length is checked before anything looks at its content. */
const newPassword = {
  password: z
    .string({ message: 'account.errors.newPassword' })
    .min(1, 'account.errors.newPassword')
    .min(PASSWORD_MIN_LENGTH, PASSWORD_PROBLEM_KEYS.short)
    .max(PASSWORD_MAX_LENGTH, PASSWORD_PROBLEM_KEYS.long),
  passwordRepeat: z
    .string({ message: 'account.errors.passwordRepeat' })
    .min(1, 'account.errors.passwordRepeat')
    .max(PASSWORD_MAX_LENGTH, 'account.errors.passwordMismatch'),
};

function sameTwice(input: { password: string; passwordRepeat: string }, ctx: z.RefinementCtx) {
  if (input.password !== input.passwordRepeat)
    ctx.addIssue({ code: 'custom', path: ['passwordRepeat'], message: 'account.errors.passwordMismatch' });
}

export const ForgotInput = z.object({ email });
export const FORGOT_FIELDS = ['email'] as const;

export const ResetInput = z.object({ token: Token, ...newPassword }).superRefine(sameTwice);
export const RESET_FIELDS = ['password', 'passwordRepeat'] as const;

export const ChangeInput = z
  .object({
    currentPassword: z
      .string({ message: 'account.errors.currentPassword' })
      .min(1, 'account.errors.currentPassword')
      .max(PASSWORD_MAX_LENGTH, 'account.errors.currentPasswordWrong'),
    ...newPassword,
  })
  .superRefine(sameTwice);
export type ChangeInput = z.infer<typeof ChangeInput>;
export const CHANGE_FIELDS = ['currentPassword', 'password', 'passwordRepeat'] as const;
