import { rateLimited } from '../http/refusal.ts';

/**
 * Too many wrong guesses (passwords, codes) lock a step until the window has passed: the shared refusal
 * (429, Retry-After = the window), its message naming the minutes to wait.
 */
export const tooManyGuesses = (windowSeconds: number) =>
  rateLimited(windowSeconds, { key: 'accounts.rateLimited', vars: { minutes: Math.ceil(windowSeconds / 60) } });
