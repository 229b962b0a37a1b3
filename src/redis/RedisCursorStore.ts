import type { Redis } from 'ioredis';
import { Subject, type Observable, type SchedulerLike } from 'rxjs';
import type { CursorStore } from '../stores/CursorStore.js';
import { checkRedis } from './redisOptions.js';
import type { RedisRetryOptions, RedisStoreEvent } from './RedisStoreEvent.js';
import { resolveRedisRetry, withRetry, type Retrier } from './withRetry.js';

/** Options of {@link RedisCursorStore}. */
export interface RedisCursorStoreOptions {
  /** The ioredis client (you own it). */
  readonly redis: Redis;
  /** Prefix of every key. Default `rxagent:cursor:`. */
  readonly keyPrefix?: string;
  /** Retries of a failed command. Default 10, from 100 ms doubling to 5 s. */
  readonly retry?: RedisRetryOptions;
  /** Scheduler of the retry delays. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

/**
 * A {@link CursorStore} in Redis: input positions (e.g. X's `since_id`) survive restarts and are
 * shared by processes. Failed commands are retried; failures are events on `events$`.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { RedisCursorStore } from 'rxagent/redis';
 * const cursors = new RedisCursorStore({ redis: new Redis(), keyPrefix: 'mybot:cursor:' });
 * await cursors.set('twitter:mentions', '1850000000000000000');
 * ```
 */
export class RedisCursorStore implements CursorStore {
  /** Failures and recoveries of Redis commands. */
  readonly events$: Observable<RedisStoreEvent>;
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly retrier: Retrier;

  constructor(options: RedisCursorStoreOptions) {
    const { redis, scheduler } = checkRedis('RedisCursorStore', options?.redis, options?.keyPrefix, options?.scheduler);
    const events = new Subject<RedisStoreEvent>();
    this.redis = redis;
    this.prefix = options.keyPrefix ?? 'rxagent:cursor:';
    this.retrier = { store: 'RedisCursorStore', retry: resolveRedisRetry('retry', options.retry), scheduler, events };
    this.events$ = events.asObservable();
  }

  async get(key: string): Promise<string | undefined> {
    const full = this.prefix + key;
    return (await withRetry(this.retrier, 'get', full, () => this.redis.get(full))) ?? undefined;
  }

  async set(key: string, value: string): Promise<void> {
    const full = this.prefix + key;
    await withRetry(this.retrier, 'set', full, () => this.redis.set(full, value));
  }
}
