import { describe, expect, it } from 'vitest';
import { berlinDateTime, berlinDay, berlinFormat, berlinOffset, hourInBerlin, todayInBerlin } from '../../server/time/berlin.ts';

describe('Berlin time', () => {
  it('names the Berlin day, not the UTC one, around midnight', () => {
    expect(berlinDay(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(todayInBerlin(new Date('2026-07-15T22:30:00Z'))).toBe('2026-07-16');
    expect(todayInBerlin(new Date('2026-07-15T21:30:00Z'))).toBe('2026-07-15');
  });

  it('reads the hour on a Berlin clock in winter and summer', () => {
    expect(hourInBerlin(new Date('2026-01-15T06:30:00Z'))).toBe(7);
    expect(hourInBerlin(new Date('2026-07-15T05:30:00Z'))).toBe(7);
  });

  it("gives Berlin's offset for a winter and a summer day", () => {
    expect(berlinOffset(new Date('2026-01-15T12:00:00Z'))).toBe('+01:00');
    expect(berlinOffset(new Date('2026-07-15T12:00:00Z'))).toBe('+02:00');
  });

  it('turns a time typed in Berlin into its instant', () => {
    expect(berlinDateTime('2026-12-01T10:30').toISOString()).toBe('2026-12-01T09:30:00.000Z');
    expect(berlinDateTime('2026-06-01T10:30').toISOString()).toBe('2026-06-01T08:30:00.000Z');
  });

  it('formats on a Berlin clock and builds each formatter once', () => {
    const format = berlinFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short' });
    expect(format.format(new Date('2026-12-31T23:30:00Z'))).toBe('01.01.2027, 00:30');
    expect(berlinFormat('de-DE', { dateStyle: 'medium', timeStyle: 'short' })).toBe(format);
  });
});
