import type { Redis } from 'ioredis';
import { Subject, type Observable, type SchedulerLike } from 'rxjs';
import type { MemoryStore } from '../memory/ConversationMemory.js';
import type { AgentMessage } from '../messages/AgentMessage.js';
import type { Turn } from '../runtime/Agent.js';
import { ConfigError } from '../runtime/errors.js';
import { checkRedis } from './redisOptions.js';
import type { RedisRetryOptions, RedisStoreEvent } from './RedisStoreEvent.js';
import { LuaScript } from './runScript.js';
import { resolveRedisRetry, withRetry, type Retrier } from './withRetry.js';

/** Options of {@link RedisMemoryStore}. */
export interface RedisMemoryStoreOptions {
  /** The ioredis client (you own it: connect and `quit()` it yourself). */
  readonly redis: Redis;
  /** Prefix of every key. Default `rxagent:memory:`; a conversation's turns are `<prefix>turns:<conversationId>`. */
  readonly keyPrefix?: string;
  /** Forget a conversation this long after its last turn, in ms. Default: never. */
  readonly ttlMs?: number;
  /** Retries of a failed command. Default 10, from 100 ms doubling to 5 s. */
  readonly retry?: RedisRetryOptions;
  /** Scheduler of the retry delays. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

// Appends unless the same entry is already last: a command resent after a dropped connection
// (ioredis resends unanswered commands) must not record the turn twice.
const APPEND = new LuaScript(`
if redis.call('LINDEX', KEYS[1], -1) ~= ARGV[1] then
  redis.call('RPUSH', KEYS[1], ARGV[1])
  redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)
end
if tonumber(ARGV[3]) > 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[3]) end
end
return 1`);

/**
 * A {@link MemoryStore} in Redis, so a restarted runtime (or another process) continues its
 * conversations: one list per conversation, JSON turns appended with RPUSH and trimmed to the
 * window, with an optional time-to-live. Failed commands are retried with back-off on top of
 * ioredis' reconnects; every failure is a {@link RedisStoreEvent} on `events$`, and only when the
 * retries are spent does the Promise reject (the run fails visibly; the turn stays in process).
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { ShortTermMemory } from 'rxagent';
 * import { RedisMemoryStore } from 'rxagent/redis';
 * const store = new RedisMemoryStore({ redis: new Redis(), ttlMs: 7 * 86_400_000 });
 * const shortTermMemory = new ShortTermMemory({ maxTurns: 20, store });
 * ```
 */
export class RedisMemoryStore<M extends AgentMessage = AgentMessage> implements MemoryStore<M> {
  /** Failures and recoveries of Redis commands. */
  readonly events$: Observable<RedisStoreEvent>;
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly ttlMs: number;
  private readonly retrier: Retrier;

  constructor(options: RedisMemoryStoreOptions) {
    const { redis, scheduler } = checkRedis('RedisMemoryStore', options?.redis, options?.keyPrefix, options?.scheduler);
    const ttlMs = options.ttlMs ?? 0;
    if (!Number.isInteger(ttlMs) || ttlMs < 0) throw new ConfigError('ttlMs', `must be a whole number of milliseconds (got ${String(options.ttlMs)}); e.g. ttlMs: 86400000`);
    const events = new Subject<RedisStoreEvent>();
    this.redis = redis;
    this.prefix = options.keyPrefix ?? 'rxagent:memory:';
    this.ttlMs = ttlMs;
    this.retrier = { store: 'RedisMemoryStore', retry: resolveRedisRetry('retry', options.retry), scheduler, events };
    this.events$ = events.asObservable();
  }

  /** The last `maxTurns` turns of a conversation, oldest first. */
  async load(conversationId: string, maxTurns: number): Promise<readonly Turn<M>[]> {
    const key = this.turnsKey(conversationId);
    const entries = await withRetry(this.retrier, 'load', key, () => this.redis.lrange(key, -maxTurns, -1));
    return entries.map((entry) => JSON.parse(entry) as Turn<M>);
  }

  /** Appends a turn (once, even if the command is resent) and trims the list to `maxTurns`. */
  async append(conversationId: string, turn: Turn<M>, maxTurns: number): Promise<void> {
    const keys = [this.turnsKey(conversationId), this.summaryKey(conversationId)];
    const entry = JSON.stringify({ message: turn.message, reply: turn.reply });
    await withRetry(this.retrier, 'append', keys[0]!, () => APPEND.run(this.redis, keys, [entry, maxTurns, this.ttlMs]));
  }

  /** The summary of the turns that left the window, if any. */
  async loadSummary(conversationId: string): Promise<string | undefined> {
    const key = this.summaryKey(conversationId);
    return (await withRetry(this.retrier, 'loadSummary', key, () => this.redis.get(key))) ?? undefined;
  }

  /** Keeps a conversation's summary (with the same time-to-live as its turns). */
  async saveSummary(conversationId: string, summary: string): Promise<void> {
    const key = this.summaryKey(conversationId);
    await withRetry(this.retrier, 'saveSummary', key, () => (this.ttlMs > 0 ? this.redis.set(key, summary, 'PX', this.ttlMs) : this.redis.set(key, summary)));
  }

  private turnsKey(conversationId: string): string {
    return `${this.prefix}turns:${conversationId}`;
  }

  private summaryKey(conversationId: string): string {
    return `${this.prefix}summary:${conversationId}`;
  }
}
