import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { Subject, type Observable, type SchedulerLike } from 'rxjs';
import type { DeliveryJournal, JournalClaim } from '../control/DeliveryJournal.js';
import { ConfigError } from '../runtime/errors.js';
import { checkRedis } from './redisOptions.js';
import type { RedisRetryOptions, RedisStoreEvent } from './RedisStoreEvent.js';
import { LuaScript } from './runScript.js';
import { resolveRedisRetry, withRetry, type Retrier } from './withRetry.js';

/** Options of {@link RedisDeliveryJournal}. */
export interface RedisDeliveryJournalOptions {
  /** The ioredis client (you own it). */
  readonly redis: Redis;
  /** Prefix of every key. Default `rxagent:delivery:`. */
  readonly keyPrefix?: string;
  /** How long a completed delivery is remembered, in ms. Default 7 days. */
  readonly ttlMs?: number;
  /** How long a claim holds without completing (a process that died mid-send), in ms. Default 5 min. */
  readonly leaseMs?: number;
  /** Retries of a failed command. Default 10, from 100 ms doubling to 5 s. */
  readonly retry?: RedisRetryOptions;
  /** Scheduler of the retry delays. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

// Claim = SET NX PX; when the key exists, say what it holds. Atomic, so two claims never both win;
// a retried command of the same claim (its reply was lost) finds its own token and still wins.
const CLAIM = new LuaScript(`
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 'claimed' end
local held = redis.call('GET', KEYS[1])
if held == ARGV[1] then return 'claimed' end
if held == 'delivered' then return 'delivered' end
return 'pending'`);
// Release only our own claim: never a completed delivery, never another process's claim.
const RELEASE = new LuaScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`);

/**
 * A {@link DeliveryJournal} in Redis, shared by every process and surviving restarts: a delivery
 * claims its idempotency key with `SET NX PX` (a lease), marks it `delivered` for `ttlMs` once the
 * output accepted it, and releases its own claim when it failed for good. A replayed or redelivered
 * message therefore posts nothing twice, and a process that died mid-send only delays a retry
 * until its lease runs out. Failed commands are retried; failures are events on `events$`.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { AgentRuntime } from 'rxagent';
 * import { RedisDeliveryJournal } from 'rxagent/redis';
 * const journal = new RedisDeliveryJournal({ redis: new Redis(), keyPrefix: 'mybot:delivery:' });
 * const runtime = new AgentRuntime({ inputs, outputs, agent, delivery: { journal } });
 * ```
 */
export class RedisDeliveryJournal implements DeliveryJournal {
  /** Failures and recoveries of Redis commands. */
  readonly events$: Observable<RedisStoreEvent>;
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly ttlMs: number;
  private readonly leaseMs: number;
  /** What this journal writes into the keys it claims (one token per claim), so it releases only its own. */
  private readonly prefixOfTokens = `pending:${randomUUID()}:`;
  private readonly tokens = new Map<string, string>();
  private claims = 0;
  private readonly retrier: Retrier;

  constructor(options: RedisDeliveryJournalOptions) {
    const { redis, scheduler } = checkRedis('RedisDeliveryJournal', options?.redis, options?.keyPrefix, options?.scheduler);
    const { ttlMs = 7 * 86_400_000, leaseMs = 300_000 } = options;
    for (const [option, value] of [['ttlMs', ttlMs], ['leaseMs', leaseMs]] as const) {
      if (!Number.isInteger(value) || value < 1) throw new ConfigError(option, `must be a whole number of milliseconds, 1 or more (got ${String(value)}); e.g. new RedisDeliveryJournal({ redis, ${option}: 60000 })`);
    }
    const events = new Subject<RedisStoreEvent>();
    this.redis = redis;
    this.prefix = options.keyPrefix ?? 'rxagent:delivery:';
    this.ttlMs = ttlMs;
    this.leaseMs = leaseMs;
    this.retrier = { store: 'RedisDeliveryJournal', retry: resolveRedisRetry('retry', options.retry), scheduler, events };
    this.events$ = events.asObservable();
  }

  async claim(key: string): Promise<JournalClaim> {
    const full = this.prefix + key;
    const token = this.prefixOfTokens + ++this.claims;
    const claim = (await withRetry(this.retrier, 'claim', full, () => CLAIM.run(this.redis, [full], [token, this.leaseMs]))) as JournalClaim;
    if (claim === 'claimed') this.tokens.set(key, token);
    return claim;
  }

  async complete(key: string): Promise<void> {
    const full = this.prefix + key;
    this.tokens.delete(key);
    await withRetry(this.retrier, 'complete', full, () => this.redis.set(full, 'delivered', 'PX', this.ttlMs));
  }

  async release(key: string): Promise<void> {
    const full = this.prefix + key;
    const token = this.tokens.get(key);
    if (token === undefined) return;
    this.tokens.delete(key);
    await withRetry(this.retrier, 'release', full, () => RELEASE.run(this.redis, [full], [token]));
  }
}
