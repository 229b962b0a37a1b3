import type { TwitterRateLimit } from 'twitter-api-v2';

/**
 * How long to wait before the next poll: at least `intervalMs`, and never faster than the
 * requests left in X's window allow (`x-rate-limit-remaining` spread evenly until
 * `x-rate-limit-reset`); with none left, until the reset.
 * @internal
 */
export function pollDelay(intervalMs: number, rateLimit: TwitterRateLimit | undefined, now: number): number {
  if (rateLimit === undefined || !Number.isFinite(rateLimit.reset) || !Number.isFinite(rateLimit.remaining)) return intervalMs;
  const untilReset = Math.max(0, rateLimit.reset * 1000 - now);
  if (rateLimit.remaining <= 0) return Math.max(intervalMs, untilReset, 1000);
  return Math.max(intervalMs, Math.ceil(untilReset / rateLimit.remaining));
}
