import { ApiRequestError, ApiResponseError, type TwitterRateLimit } from 'twitter-api-v2';

/**
 * X answered a request with an error (or could not be reached). Carries X's own error text, the
 * HTTP status and, for a 429, how long X asked to wait. It never carries the request itself, so no
 * token or signature can leak through a log of the error or of a `deliveryFailed` event.
 *
 * @example
 * ```ts
 * import { XApiError } from 'rxagent/twitter';
 * runtime.events$.subscribe((event) => {
 *   if (event.type === 'deliveryFailed' && event.error instanceof XApiError && event.error.status === 403) {
 *     console.warn('X refused the post:', event.error.detail);
 *   }
 * });
 * ```
 */
export class XApiError extends Error {
  override readonly name = 'XApiError';
  constructor(
    /** What the client was doing, e.g. `POST /2/tweets`. */
    readonly operation: string,
    /** The HTTP status; 0 when X could not be reached. */
    readonly status: number,
    /** X's explanation, e.g. "You are not allowed to create a Tweet with duplicate content." */
    readonly detail: string,
    /** For a 429: milliseconds until `x-rate-limit-reset`. */
    readonly retryAfterMs?: number,
  ) {
    super(`${operation} failed${status === 0 ? '' : ` with HTTP ${status}`}: ${detail}`);
  }

  /** A 400, 401, 403 or 404 that no retry can fix (bad or revoked credentials, missing access level, duplicate content, deleted tweet). */
  get isPermanent(): boolean {
    return this.status === 400 || this.status === 401 || this.status === 403 || this.status === 404;
  }

  /** Whether trying again can help: `false` for a permanent refusal (see {@link XApiError.isPermanent}). */
  get retryable(): boolean {
    return !this.isPermanent;
  }
}

/** The time X asks to wait after a 429 when it sends no reset header: one rate-limit window. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 15 * 60_000;

/**
 * Turns whatever twitter-api-v2 threw into an {@link XApiError}, dropping the request (and with it
 * the Authorization header). `now` is the scheduler's clock, against which a 429's reset is measured.
 * @internal
 */
export function toXApiError(operation: string, error: unknown, now: number): XApiError {
  if (error instanceof XApiError) return error;
  if (error instanceof ApiResponseError) {
    const status = error.code;
    const retryAfterMs = status === 429 ? rateLimitWaitMs(error.rateLimit, error.headers?.['retry-after'], now) : undefined;
    return new XApiError(operation, status, describeData(error.data) ?? `HTTP ${status}`, retryAfterMs);
  }
  if (error instanceof ApiRequestError) return new XApiError(operation, 0, `X could not be reached (${error.requestError.message})`);
  return new XApiError(operation, 0, error instanceof Error ? error.message : String(error));
}

/**
 * Milliseconds until X lets the request through again: until `x-rate-limit-reset` (epoch seconds),
 * or until the 24-hour reset when that window is the one used up (posting caps); else
 * `retry-after`; else one 15-minute window. At least one second, so a skewed clock cannot spin.
 * @internal
 */
export function rateLimitWaitMs(rateLimit: TwitterRateLimit | undefined, retryAfter: string | string[] | undefined, now: number): number {
  const exhausted = [rateLimit, rateLimit?.userDay, rateLimit?.day].filter((window) => window !== undefined && window.remaining === 0 && validReset(window.reset));
  const resets = exhausted.length > 0 ? exhausted : rateLimit !== undefined && validReset(rateLimit.reset) ? [rateLimit] : [];
  if (resets.length > 0) return Math.max(1000, Math.max(...resets.map((window) => (window?.reset ?? 0) * 1000)) - now);
  const seconds = Number(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
  if (Number.isFinite(seconds) && seconds > 0) return seconds * 1000;
  return DEFAULT_RATE_LIMIT_WAIT_MS;
}

function validReset(reset: number): boolean {
  return Number.isFinite(reset) && reset > 0;
}

function describeData(data: unknown): string | undefined {
  if (data === null || typeof data !== 'object') return typeof data === 'string' && data !== '' ? data : undefined;
  const d = data as { detail?: unknown; title?: unknown; error?: unknown; errors?: readonly { message?: unknown; detail?: unknown }[] };
  if (typeof d.detail === 'string' && d.detail !== '') return d.detail;
  const first = Array.isArray(d.errors) ? d.errors[0] : undefined;
  if (typeof first?.message === 'string') return first.message;
  if (typeof first?.detail === 'string') return first.detail;
  if (typeof d.title === 'string') return d.title;
  if (typeof d.error === 'string') return d.error;
  return undefined;
}
