import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as german from '@zxcvbn-ts/language-de';
import * as english from '@zxcvbn-ts/language-en';

/**
 * The password rule for every form that sets one (registration, invitation,
 * reset, change): 12 to 200 characters and not guessable. Guessability is
 * zxcvbn's estimate with the common, German and English dictionaries, so
 * "passwort12345", "qwertzuiop123" or the person's own e-mail address are refused
 * although they are long enough. Score 3 means about 10^8 guesses or more:
 * enough for an online attack that the login throttle bounds anyway.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;
const MIN_SCORE = 3;

/**
 * How much of a password the estimator reads, and how many look-alike
 * substitutions (@ for a, 5 for s) it tries. Its defaults (256 characters,
 * 100 substitutions) let a crafted 200-character password ('Ab1!' repeated)
 * hold the event loop for about 2 s on this machine; with these, the worst
 * inputs we know take under 0.1 s, and 'p@55w0rd1234' is still caught. A
 * password longer than 64 characters is judged by its first 64.
 */
const ESTIMATOR_LIMITS = { maxLength: 64, l33tMaxSubstitutions: 10 } as const;

// Built once: loading the dictionaries costs ~100 ms; a check afterwards costs a few milliseconds.
let estimator: ZxcvbnFactory | undefined;
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...german.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    ...ESTIMATOR_LIMITS,
  });
  return estimator;
}

export type PasswordProblem = 'short' | 'long' | 'guessable';

/**
 * Why a new password is refused, or null when it is fine. `personal` are words
 * the password must not lean on (the e-mail address, the organisation's name).
 * The length is checked first, so the estimator only ever sees at most 200 characters.
 */
export function passwordProblem(password: string, personal: string[] = []): PasswordProblem | null {
  if (password.length < PASSWORD_MIN_LENGTH) return 'short';
  if (password.length > PASSWORD_MAX_LENGTH) return 'long';
  const words = personal.flatMap((value) => [value, ...value.split(/[@.\s_-]/)]).filter((word) => word.length >= 3);
  return zxcvbn().check(password, words).score < MIN_SCORE ? 'guessable' : null;
}
