import { ConfigError, RateLimitedError } from './errors.js';

/** How often and how patiently to retry an agent call or a delivery. */
export interface RetryOptions {
  /** Retries after the first attempt (0: never retry). */
  readonly count: number;
  /** Delay before the first retry, in ms. Default 1000. */
  readonly delayMs?: number;
  /** `exponential` (default) doubles the delay each retry; `fixed` keeps it. */
  readonly backoff?: 'fixed' | 'exponential';
  /** Upper bound of any back-off delay, in ms. Default 60000. */
  readonly maxDelayMs?: number;
}

/** @internal */
export type ResolvedRetry = Required<RetryOptions>;

/** @internal Validates retry options at construction. */
export function resolveRetry(option: string, retry: RetryOptions | number | undefined, fallback: ResolvedRetry): ResolvedRetry {
  if (retry === undefined) return fallback;
  const given: RetryOptions = typeof retry === 'number' ? { count: retry } : retry;
  const resolved: ResolvedRetry = {
    count: given.count,
    delayMs: given.delayMs ?? 1000,
    backoff: given.backoff ?? 'exponential',
    maxDelayMs: given.maxDelayMs ?? 60_000,
  };
  if (!Number.isInteger(resolved.count) || resolved.count < 0) {
    throw new ConfigError(`${option}.count`, `must be a whole number of retries, 0 or more (got ${String(resolved.count)}); e.g. { ${option}: { count: 2 } }`);
  }
  for (const key of ['delayMs', 'maxDelayMs'] as const) {
    const value = resolved[key];
    if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
      throw new ConfigError(`${option}.${key}`, `must be a finite number of milliseconds, 0 or more (got ${String(value)})`);
    }
  }
  if (resolved.backoff !== 'fixed' && resolved.backoff !== 'exponential') {
    throw new ConfigError(`${option}.backoff`, `must be "fixed" or "exponential" (got ${JSON.stringify(resolved.backoff)})`);
  }
  return resolved;
}

/**
 * The delay before retry number `retry` (1-based). A rate-limit error (a {@link RateLimitedError},
 * or any error with a numeric `retryAfterMs`) is waited out exactly as long as the platform asked.
 * @internal
 */
export function retryDelay(options: ResolvedRetry, retry: number, error: unknown): number {
  const asked = retryAfterOf(error);
  if (asked !== undefined) return asked;
  const base = options.backoff === 'fixed' ? options.delayMs : options.delayMs * 2 ** (retry - 1);
  return Math.min(base, options.maxDelayMs);
}

function retryAfterOf(error: unknown): number | undefined {
  if (error instanceof RateLimitedError) return Math.max(0, error.retryAfterMs);
  const value = (error as { retryAfterMs?: unknown } | null)?.retryAfterMs;
  return typeof value === 'number' && value >= 0 && Number.isFinite(value) ? value : undefined;
}
