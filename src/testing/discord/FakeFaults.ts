/** A 429 the fake answers on demand, with `Retry-After` as Discord sends it. */
export interface FakeDiscordRateLimit {
  /** How many matching requests get a 429. Default 1. */
  readonly times?: number;
  /** How long Discord asks to wait. Default 100 ms. */
  readonly retryAfterMs?: number;
  /** Only requests whose `METHOD /path` (e.g. `POST /channels/1/messages`) contains this. Default: every request but `GET /gateway/bot`. */
  readonly route?: string;
  /** A global rate limit (`X-RateLimit-Global`) rather than a per-route one. Default false. */
  readonly global?: boolean;
}

/** An error the fake answers on demand, e.g. `{ status: 403, code: 50013, message: 'Missing Permissions' }`. */
export interface FakeDiscordFailure {
  readonly status: number;
  /** Discord's JSON error code. Default 0. */
  readonly code?: number;
  readonly message?: string;
  /** How many matching requests fail. Default 1; `Infinity` for all. */
  readonly times?: number;
  /** Only requests whose `METHOD /path` contains this. Default: every request but `GET /gateway/bot`. */
  readonly route?: string;
}

/** What to answer instead of the real thing. @internal */
export interface FaultAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Record<string, unknown>;
}

interface Fault {
  remaining: number;
  readonly route: string | undefined;
  readonly answer: FaultAnswer;
}

/** The queue of injected 429s and errors, matched in the order they were added. @internal */
export class FakeFaults {
  private faults: Fault[] = [];

  rateLimit(limit: FakeDiscordRateLimit): void {
    const retryAfterMs = limit.retryAfterMs ?? 100;
    const seconds = (retryAfterMs / 1000).toString();
    const headers: Record<string, string> = { 'retry-after': seconds, 'x-ratelimit-limit': '5', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': seconds, 'x-ratelimit-scope': limit.global === true ? 'global' : 'user' };
    if (limit.global === true) headers['x-ratelimit-global'] = 'true';
    const body = { message: 'You are being rate limited.', retry_after: retryAfterMs / 1000, global: limit.global === true };
    this.faults.push({ remaining: limit.times ?? 1, route: limit.route, answer: { status: 429, headers, body } });
  }

  fail(failure: FakeDiscordFailure): void {
    const body = { message: failure.message ?? `${failure.status}: injected by FakeDiscord`, code: failure.code ?? 0 };
    this.faults.push({ remaining: failure.times ?? 1, route: failure.route, answer: { status: failure.status, headers: {}, body } });
  }

  /** The answer for this request if a fault matches it (and uses one of its times). */
  take(route: string): FaultAnswer | undefined {
    if (route === 'GET /gateway/bot') return undefined;
    const fault = this.faults.find((f) => f.remaining > 0 && (f.route === undefined || route.includes(f.route)));
    if (fault === undefined) return undefined;
    fault.remaining--;
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return fault.answer;
  }
}
