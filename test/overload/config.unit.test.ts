import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/config.ts';

describe('MAX_EVENT_LOOP_DELAY_MS', () => {
  it('defaults to 1 s, and 0 turns load shedding off', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).maxEventLoopDelayMs).toBe(1_000);
    expect(loadConfig({ NODE_ENV: 'test', MAX_EVENT_LOOP_DELAY_MS: '0' }).maxEventLoopDelayMs).toBe(0);
    expect(loadConfig({ NODE_ENV: 'test', MAX_EVENT_LOOP_DELAY_MS: '250' }).maxEventLoopDelayMs).toBe(250);
  });

  it('refuses a limit so small that an ordinary timer tick would shed', () => {
    expect(() => loadConfig({ NODE_ENV: 'test', MAX_EVENT_LOOP_DELAY_MS: '5' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'test', MAX_EVENT_LOOP_DELAY_MS: '5' })).toThrow(
      /MAX_EVENT_LOOP_DELAY_MS.*0 \(off\) or at least 10/,
    );
  });
});
