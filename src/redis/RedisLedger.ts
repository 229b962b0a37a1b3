import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { Subject, type Observable, type SchedulerLike } from 'rxjs';
import type { LedgerCounter, LedgerStore, ReserveRequest, ReserveResult } from '../pricing/LedgerStore.js';
import { ADJUST, RESERVE } from './ledgerScripts.js';
import { checkRedis } from './redisOptions.js';
import type { RedisRetryOptions, RedisStoreEvent } from './RedisStoreEvent.js';
import { resolveRedisRetry, withRetry, type Retrier } from './withRetry.js';

/** Options of {@link RedisLedger}. */
export interface RedisLedgerOptions {
  /** The ioredis client (you own it). */
  readonly redis: Redis;
  /** Prefix of every key; runtimes sharing a budget use the same prefix. Default `rxagent:ledger:`. */
  readonly keyPrefix?: string;
  /** Retries of a failed command. Default 10, from 100 ms doubling to 5 s. */
  readonly retry?: RedisRetryOptions;
  /** Scheduler of the retry delays. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

/**
 * A {@link LedgerStore} in Redis, so several runtimes share one budget exactly: every reservation
 * and settlement is one Lua script (check every limit and add to every total as one atomic step;
 * never read-then-write). A command resent after a dropped connection is answered from a
 * remembered reply instead of being counted twice. Totals are strings written by INCRBYFLOAT;
 * periods are in the keys, and old periods expire.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { Pricing } from 'rxagent';
 * import { RedisLedger } from 'rxagent/redis';
 * const pricing = new Pricing({ perMessage: 1, budget: { total: 1000, period: 'day' }, ledger: new RedisLedger({ redis: new Redis() }) });
 * ```
 */
export class RedisLedger implements LedgerStore {
  /** Failures and recoveries of Redis commands. */
  readonly events$: Observable<RedisStoreEvent>;
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly retrier: Retrier;

  constructor(options: RedisLedgerOptions) {
    const { redis, scheduler } = checkRedis('RedisLedger', options?.redis, options?.keyPrefix, options?.scheduler);
    const events = new Subject<RedisStoreEvent>();
    this.redis = redis;
    this.prefix = options.keyPrefix ?? 'rxagent:ledger:';
    this.retrier = { store: 'RedisLedger', retry: resolveRedisRetry('retry', options.retry), scheduler, events };
    this.events$ = events.asObservable();
  }

  async reserve(request: ReserveRequest): Promise<ReserveResult> {
    const { amount, counters, rate, now } = request;
    const keys = [this.opKey(), ...counters.map((c) => this.prefix + c.key), ...(rate === undefined ? [] : [this.prefix + rate.key])];
    const args: (string | number)[] = [String(amount), counters.length, rate === undefined ? '0' : '1', now, rate?.max ?? 0, rate?.windowMs ?? 0, rate?.member ?? ''];
    for (const c of counters) args.push(c.limit === Infinity ? 'inf' : String(c.limit), c.ttlMs ?? 0);
    const reply = (await withRetry(this.retrier, 'reserve', keys[1]!, () => RESERVE.run(this.redis, keys, args))) as [number, ...(string | number)[]];
    const [status, ...rest] = reply;
    if (status === 1) return { ok: true, totals: totalsOf(counters, rest) };
    if (status === 0) {
      const counter = counters[Number(rest[0]) - 1]!;
      return { ok: false, refusedBy: 'budget', counter: counter.name, used: Number(rest[1]), limit: counter.limit };
    }
    return { ok: false, refusedBy: 'rate', count: Number(rest[0]), retryAfterMs: Number(rest[1]) };
  }

  async adjust(counters: readonly LedgerCounter[], delta: number): Promise<Readonly<Record<string, number>>> {
    const keys = [this.opKey(), ...counters.map((c) => this.prefix + c.key)];
    const args = [String(delta), ...counters.map((c) => c.ttlMs ?? 0)];
    const reply = (await withRetry(this.retrier, 'adjust', keys[1] ?? keys[0]!, () => ADJUST.run(this.redis, keys, args))) as (string | number)[];
    return totalsOf(counters, reply);
  }

  private opKey(): string {
    return `${this.prefix}op:${randomUUID()}`;
  }
}

function totalsOf(counters: readonly LedgerCounter[], values: readonly (string | number)[]): Record<string, number> {
  const totals: Record<string, number> = {};
  counters.forEach((counter, i) => (totals[counter.name] = Number(values[i])));
  return totals;
}
