import { z } from 'zod';

/** The pseudonym typed again confirms an erasure (spaces and letter case do not matter). */
export function EraseInput(code: string) {
  return z.object({
    confirm: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim().toUpperCase() : ''),
      z
        .string()
        .min(1, 'lifecycle.erase.errors.confirmMissing')
        .refine((typed) => typed === code.toUpperCase(), 'lifecycle.erase.errors.confirmMismatch'),
    ),
  });
}
export const ERASE_FIELDS = ['confirm'] as const;

export const DeleteAccountInput = z.object({
  password: z.preprocess(
    (v) => (typeof v === 'string' ? v : ''),
    z.string().min(1, 'lifecycle.account.errors.passwordMissing').max(200, 'lifecycle.account.errors.passwordWrong'),
  ),
});
export const DELETE_ACCOUNT_FIELDS = ['password'] as const;
