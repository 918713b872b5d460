import { describe, expect, it } from 'vitest';
import { sampleDelayMs } from '../../server/plugins/overload.ts';

describe('the delay one load sample stands for', () => {
  it('is the histogram mean less its own 10 ms timer, never below 0', () => {
    expect(sampleDelayMs(310e6, 0)).toBe(300);
    expect(sampleDelayMs(12e6, 0)).toBe(2);
    expect(sampleDelayMs(5e6, 0)).toBe(0);
  });

  it('is how late the sample came when the histogram saw no turn of the loop, not an endless delay', () => {
    // A process starved of CPU for 1.5 s by the machine: shed only when that is more than the limit.
    expect(sampleDelayMs(Number.NaN, 1_500)).toBe(1_500);
    expect(sampleDelayMs(Number.NaN, -3)).toBe(0);
  });
});
