import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../../server/accounts/password-policy.ts';

describe('the one password rule', () => {
  it('refuses short, overlong and guessable passwords, and the person’s own address', () => {
    expect(passwordProblem('kurz')).toBe('short');
    expect(passwordProblem('x'.repeat(201))).toBe('long');
    for (const guessable of ['passwort12345', 'qwertzuiop123', 'p@55w0rd1234', 'aaaaaaaaaaaaaaaa', 'Ab1!'.repeat(50)]) {
      expect(passwordProblem(guessable), guessable).toBe('guessable');
    }
    expect(passwordProblem('anna.meier@firma.de1', ['anna.meier@firma.de'])).toBe('guessable');
  });

  it('accepts passphrases of unrelated words', () => {
    expect(passwordProblem('correct-horse-battery')).toBeNull();
    expect(passwordProblem('Lagerlogistik-Dresden-7')).toBeNull();
  });

  it('judges crafted inputs in bounded time (the estimator reads at most 64 characters)', () => {
    passwordProblem('warm-up-the-dictionaries');
    const worst = ['Ab1!'.repeat(50), '@4$!3|0'.repeat(28), '1q2w3e4r5t6y7u8i9o0p'.repeat(10)];
    const times = worst.map((password) => {
      const started = performance.now();
      passwordProblem(password);
      return performance.now() - started;
    });
    console.info(`password rule, slowest crafted input: ${Math.max(...times).toFixed(0)} ms (was about 2,000 ms before the limits)`);
    // Generous: a busy 2-core machine; without the limits these take 1.7-2.2 s each.
    expect(Math.max(...times)).toBeLessThan(800);
  });
});
