import type { FakeXRoute } from './fakeXPayloads.js';

/** One route's window, as X reports it in `x-rate-limit-*` headers. @internal */
export interface RateLimitState {
  readonly limit: number;
  readonly remaining: number;
  /** Epoch seconds. */
  readonly reset: number;
  readonly limited: boolean;
}

/**
 * Per-route request windows of the fake X API: a fixed number of requests per window, then 429
 * until the window resets; `force` makes the next requests answer 429 with a chosen reset.
 * @internal
 */
export class FakeRateLimits {
  private readonly windows = new Map<FakeXRoute, { start: number; used: number }>();
  private readonly forced = new Map<FakeXRoute, { times: number; resetAt: number }>();

  constructor(
    private readonly clock: () => number,
    private readonly windowMs: number,
    private readonly limits: Readonly<Record<FakeXRoute, number>>,
  ) {}

  /** Counts a request and says what to answer. */
  take(route: FakeXRoute): RateLimitState {
    const now = this.clock();
    const limit = this.limits[route];
    const forced = this.forced.get(route);
    if (forced !== undefined && forced.times > 0) {
      forced.times--;
      return { limit, remaining: 0, reset: Math.ceil(forced.resetAt / 1000), limited: true };
    }
    let window = this.windows.get(route);
    if (window === undefined || now >= window.start + this.windowMs) {
      window = { start: now, used: 0 };
      this.windows.set(route, window);
    }
    const reset = Math.ceil((window.start + this.windowMs) / 1000);
    if (window.used >= limit) return { limit, remaining: 0, reset, limited: true };
    window.used++;
    return { limit, remaining: limit - window.used, reset, limited: false };
  }

  force(route: FakeXRoute, times: number, resetInMs: number): void {
    this.forced.set(route, { times, resetAt: this.clock() + resetInMs });
  }
}
