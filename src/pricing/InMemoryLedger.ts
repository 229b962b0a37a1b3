import { exceeds, type LedgerCounter, type LedgerStore, type ReserveRequest, type ReserveResult } from './LedgerStore.js';

interface Entry {
  value: number;
  /** Ledger time (the pricing scheduler's) after which the entry is dropped. */
  expiresAt: number;
}

/**
 * A {@link LedgerStore} in process memory, synchronous and therefore atomic: the default of
 * `Pricing`. Budgets are exact within one process; share a `RedisLedger` between processes.
 * Totals of past periods are dropped once their time-to-live passed.
 *
 * @example
 * ```ts
 * import { Pricing, InMemoryLedger } from 'rxagent';
 * const ledger = new InMemoryLedger();
 * const pricing = new Pricing({ perMessage: 1, budget: { total: 3 }, ledger });
 * ```
 */
export class InMemoryLedger implements LedgerStore {
  private readonly totals = new Map<string, Entry>();
  private readonly rates = new Map<string, { times: number[]; windowMs: number }>();
  private now = 0;
  private nextSweep = 0;

  reserve(request: ReserveRequest): ReserveResult {
    const { amount, counters, rate, now } = request;
    this.now = Math.max(this.now, now);
    this.sweep();
    for (const counter of counters) {
      const used = this.value(counter.key);
      if (exceeds(used, amount, counter.limit)) return { ok: false, refusedBy: 'budget', counter: counter.name, used, limit: counter.limit };
    }
    if (rate !== undefined) {
      const since = now - rate.windowMs;
      const times = (this.rates.get(rate.key)?.times ?? []).filter((t) => t > since);
      this.rates.set(rate.key, { times, windowMs: rate.windowMs });
      if (times.length >= rate.max) {
        return { ok: false, refusedBy: 'rate', count: times.length, retryAfterMs: times[times.length - rate.max]! + rate.windowMs - now };
      }
      times.push(now);
    }
    return { ok: true, totals: this.add(counters, amount) };
  }

  adjust(counters: readonly LedgerCounter[], delta: number): Readonly<Record<string, number>> {
    return this.add(counters, delta);
  }

  private add(counters: readonly LedgerCounter[], delta: number): Record<string, number> {
    const totals: Record<string, number> = {};
    for (const counter of counters) {
      const entry = this.totals.get(counter.key);
      const expiresAt = counter.ttlMs === undefined ? Infinity : this.now + counter.ttlMs;
      if (entry === undefined) this.totals.set(counter.key, { value: delta, expiresAt });
      else {
        entry.value += delta;
        entry.expiresAt = Math.max(entry.expiresAt, expiresAt);
      }
      totals[counter.name] = this.totals.get(counter.key)!.value;
    }
    return totals;
  }

  private value(key: string): number {
    return this.totals.get(key)?.value ?? 0;
  }

  /** Drops expired totals and empty rate windows, at most once a second of ledger time. */
  private sweep(): void {
    if (this.now < this.nextSweep) return;
    this.nextSweep = this.now + 1000;
    for (const [key, entry] of this.totals) if (entry.expiresAt <= this.now) this.totals.delete(key);
    for (const [key, { times, windowMs }] of this.rates) if (times[times.length - 1]! <= this.now - windowMs) this.rates.delete(key);
  }
}
