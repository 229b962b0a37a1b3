/**
 * One running total a reservation counts against, e.g. the total budget of today, or one author's.
 * `limit` is `Infinity` for a total that is only counted (the ledger never refuses on it).
 */
export interface LedgerCounter {
  /** The budget's name as reported in `Charge.totals`: `total`, `perConversation` or `perAuthor`. */
  readonly name: string;
  /** Where the ledger keeps it; includes the period, so a new period starts at 0. */
  readonly key: string;
  readonly limit: number;
  /** How long the total must be kept, in ms (its period and a margin); absent: forever. */
  readonly ttlMs?: number;
}

/** A sliding-window message limit: at most `max` admissions per `windowMs` under `key`. */
export interface LedgerRate {
  readonly key: string;
  readonly max: number;
  readonly windowMs: number;
  /** A unique id of this admission within the window (e.g. the message id). */
  readonly member: string;
}

/** What {@link LedgerStore.reserve} is asked: add `amount` to every counter, if all stay within their limits and the rate allows. */
export interface ReserveRequest {
  readonly amount: number;
  readonly counters: readonly LedgerCounter[];
  readonly rate?: LedgerRate;
  /** The pricing scheduler's time, in ms: the rate window ends here. */
  readonly now: number;
}

/** The ledger's answer: reserved (with the new totals by name), or which limit refused it. */
export type ReserveResult =
  | { readonly ok: true; readonly totals: Readonly<Record<string, number>> }
  | { readonly ok: false; readonly refusedBy: 'budget'; readonly counter: string; readonly used: number; readonly limit: number }
  | { readonly ok: false; readonly refusedBy: 'rate'; readonly count: number; readonly retryAfterMs: number };

/**
 * Where pricing keeps its running totals. Each call must be atomic: `reserve` checks every limit
 * and adds to every counter as one step (no other reserve in between), so several runtimes sharing
 * one ledger never overspend. Answers may be synchronous ({@link InMemoryLedger}) or a Promise
 * (`RedisLedger` in `rxagent/redis`, one Lua script per call).
 *
 * @example
 * ```ts
 * import { Pricing, InMemoryLedger } from 'rxagent';
 * const pricing = new Pricing({ perMessage: 1, budget: { total: 100 }, ledger: new InMemoryLedger() });
 * ```
 */
export interface LedgerStore {
  /** Checks the rate and every counter's limit and, only if all allow it, adds `amount` to each and records the rate member. */
  reserve(request: ReserveRequest): ReserveResult | PromiseLike<ReserveResult>;
  /** Adds `delta` (negative to release) to every counter; answers the new totals by name. */
  adjust(counters: readonly LedgerCounter[], delta: number): Readonly<Record<string, number>> | PromiseLike<Readonly<Record<string, number>>>;
}

/** Tolerance of limit checks, so 0.1 + 0.2 fits a budget of 0.3. @internal */
export function exceeds(used: number, amount: number, limit: number): boolean {
  return used + amount > limit + 1e-9 * Math.max(1, Math.abs(limit));
}
