import { passwordProblem, type PasswordProblem } from './password-policy.ts';

/** The message for each reason a new password is refused, the same on every form that sets one. */
export const PASSWORD_PROBLEM_KEYS: Record<PasswordProblem, string> = {
  short: 'account.passwordProblems.short',
  long: 'account.passwordProblems.long',
  guessable: 'account.passwordProblems.guessable',
};

/**
 * The translation key of what is wrong with a new password, or undefined when it
 * is fine. `personal` are the words it must not lean on (e-mail address,
 * organisation); values that are not strings or longer than an e-mail address may be
 * (a form that failed elsewhere) are left out, so the estimator never sees them.
 */
export function newPasswordError(password: unknown, personal: unknown[] = []): string | undefined {
  if (typeof password !== 'string') return undefined;
  const problem = passwordProblem(
    password,
    personal.filter((word): word is string => typeof word === 'string' && word.length <= 254),
  );
  return problem ? PASSWORD_PROBLEM_KEYS[problem] : undefined;
}
