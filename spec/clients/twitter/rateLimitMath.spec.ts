import { pollDelay } from '../../../src/clients/twitter/pollDelay';
import { DEFAULT_RATE_LIMIT_WAIT_MS } from 'rxagent/twitter';
import { rateLimitWaitMs } from '../../../src/clients/twitter/XApiError';

const NOW = 1_700_000_000_000;
const inSeconds = (ms: number) => (NOW + ms) / 1000;

describe('pollDelay (how x-rate-limit-* headers space the mention polls)', () => {
  it('polls at the interval when the window has room', () => {
    expect(pollDelay(60_000, undefined, NOW)).toBe(60_000);
    expect(pollDelay(60_000, { limit: 180, remaining: 179, reset: inSeconds(900_000) }, NOW)).toBe(60_000);
  });

  it('spreads the requests left evenly until the reset', () => {
    expect(pollDelay(60_000, { limit: 10, remaining: 5, reset: inSeconds(900_000) }, NOW)).toBe(180_000);
  });

  it('waits for the reset when none are left', () => {
    expect(pollDelay(60_000, { limit: 10, remaining: 0, reset: inSeconds(600_000) }, NOW)).toBe(600_000);
    expect(pollDelay(60_000, { limit: 10, remaining: 0, reset: inSeconds(-5000) }, NOW)).toBe(60_000);
  });
});

describe('rateLimitWaitMs (how long a 429 waits)', () => {
  it('waits until x-rate-limit-reset, at least a second', () => {
    expect(rateLimitWaitMs({ limit: 200, remaining: 0, reset: inSeconds(900_000) }, undefined, NOW)).toBe(900_000);
    expect(rateLimitWaitMs({ limit: 200, remaining: 0, reset: inSeconds(-60_000) }, undefined, NOW)).toBe(1000);
  });

  it('waits for the 24-hour reset when the daily posting cap is the window used up', () => {
    const rateLimit = { limit: 200, remaining: 150, reset: inSeconds(900_000), userDay: { limit: 17, remaining: 0, reset: inSeconds(5 * 3_600_000) } };
    expect(rateLimitWaitMs(rateLimit, undefined, NOW)).toBe(5 * 3_600_000);
  });

  it('falls back to retry-after, then to one 15-minute window', () => {
    expect(rateLimitWaitMs(undefined, '30', NOW)).toBe(30_000);
    expect(rateLimitWaitMs(undefined, undefined, NOW)).toBe(DEFAULT_RATE_LIMIT_WAIT_MS);
    expect(DEFAULT_RATE_LIMIT_WAIT_MS).toBe(900_000);
  });
});
