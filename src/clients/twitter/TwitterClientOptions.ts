import { asyncScheduler, type SchedulerLike } from 'rxjs';
import type { RepliedResult } from '../../runtime/AgentResult.js';
import { ConfigError } from '../../runtime/errors.js';
import { InMemoryCursorStore, type CursorStore } from '../../stores/CursorStore.js';
import type { TwitterCredentials } from './credentials.js';
import { MAX_POST_LENGTH } from './weightedLength.js';

/** Options of {@link TwitterClient}. Every one is checked at construction. */
export interface TwitterClientOptions {
  /** The client's name: the `source` of its messages, and how a result finds its way back as a reply. Default `twitter`. */
  readonly name?: string;
  /** Tokens; each one not given is read from its environment variable (see {@link TwitterCredentials}). */
  readonly credentials?: TwitterCredentials;
  /** Where environment variables are read. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Poll the account's mentions (`GET /2/users/:id/mentions`). Default `true`. */
  readonly mentions?: boolean;
  /** Also read the filtered stream (`GET /2/tweets/search/stream`, needs the bearer token; its rules are managed on X). Default `false`. */
  readonly stream?: boolean;
  /** Shortest time between two mention polls, ms; X's `x-rate-limit-*` headers may make it longer. Default 60000. */
  readonly pollIntervalMs?: number;
  /** Where the mentions `since_id` is kept. Default: an `InMemoryCursorStore`; use `RedisCursorStore` so restarts answer nothing twice. */
  readonly cursorStore?: CursorStore;
  /** The cursor's key in the store. Default `x:mentions:<user id>`. */
  readonly cursorKey?: string;
  /** On the very first poll (no cursor yet), only remember where the mentions are and answer none of them. Default `false`. */
  readonly skipExisting?: boolean;
  /** The account's user id; known, it saves the `GET /2/users/me` call. */
  readonly userId?: string;
  /** Weighted length of one post (X counts URLs as 23, emoji and CJK as 2). Default 280. */
  readonly maxLength?: number;
  /** A reply longer than `maxLength` becomes a numbered `thread` (default) or is `truncate`d with "…". */
  readonly overflow?: 'thread' | 'truncate';
  /** 429s waited out (until `x-rate-limit-reset`) per post before handing the wait to the runtime's retry. Default 3. */
  readonly maxRateLimitWaits?: number;
  /** Which results to post. Default: all of them; results from this client's own mentions become replies, others new posts. */
  readonly accepts?: (result: RepliedResult) => boolean;
  /** Silence on the stream after which it reconnects, ms (X sends a keep-alive every 20 s). Default 30000. */
  readonly streamKeepAliveMs?: number;
  /** First stream reconnection delay, doubled each failure up to 320 s, ms. Default 1000. */
  readonly reconnectDelayMs?: number;
  /** Drives polling, rate-limit waits and reconnections; a virtual-time scheduler runs a 15-minute wait at once. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
  /**
   * Send every request to this URL instead of api.x.com: for tests against a fake X API (see
   * `FakeXApi` in `rxagent/testing`) and for proxies. Unset (the default), nothing is redirected.
   */
  readonly baseUrl?: string;
}

/** @internal */
export type ResolvedTwitterOptions = Required<Omit<TwitterClientOptions, 'credentials' | 'env' | 'userId' | 'cursorKey' | 'accepts' | 'baseUrl'>> &
  Pick<TwitterClientOptions, 'userId' | 'cursorKey' | 'accepts'>;

/** @internal */
export function resolveTwitterOptions(options: TwitterClientOptions): ResolvedTwitterOptions {
  const {
    name = 'twitter',
    mentions = true,
    stream = false,
    pollIntervalMs = 60_000,
    cursorStore = new InMemoryCursorStore(),
    skipExisting = false,
    maxLength = MAX_POST_LENGTH,
    overflow = 'thread',
    maxRateLimitWaits = 3,
    streamKeepAliveMs = 30_000,
    reconnectDelayMs = 1000,
    scheduler = asyncScheduler,
  } = options;
  if (typeof name !== 'string' || name === '') throw new ConfigError('name', 'must be a non-empty string, e.g. "twitter"');
  if (typeof mentions !== 'boolean' || typeof stream !== 'boolean') throw new ConfigError(typeof mentions !== 'boolean' ? 'mentions' : 'stream', 'must be true or false');
  positive('pollIntervalMs', pollIntervalMs, 1000);
  positive('streamKeepAliveMs', streamKeepAliveMs, 1);
  positive('reconnectDelayMs', reconnectDelayMs, 1);
  positive('maxLength', maxLength, 20);
  if (!Number.isInteger(maxRateLimitWaits) || maxRateLimitWaits < 0) throw new ConfigError('maxRateLimitWaits', `must be a whole number, 0 or more (got ${String(maxRateLimitWaits)})`);
  if (overflow !== 'thread' && overflow !== 'truncate') throw new ConfigError('overflow', `must be "thread" or "truncate" (got ${JSON.stringify(overflow)})`);
  if (typeof cursorStore?.get !== 'function' || typeof cursorStore.set !== 'function') throw new ConfigError('cursorStore', 'must be a CursorStore { get(key), set(key, value) }, e.g. new InMemoryCursorStore() or a RedisCursorStore');
  if (typeof scheduler?.schedule !== 'function' || typeof scheduler.now !== 'function') throw new ConfigError('scheduler', 'must be an RxJS SchedulerLike, e.g. asyncScheduler');
  if (options.accepts !== undefined && typeof options.accepts !== 'function') throw new ConfigError('accepts', 'must be a function (result) => boolean');
  if (options.userId !== undefined && !/^\d+$/.test(options.userId)) throw new ConfigError('userId', `must be the account's numeric id as a string (got ${JSON.stringify(options.userId)}); leave it out to ask X`);
  if (options.cursorKey !== undefined && (typeof options.cursorKey !== 'string' || options.cursorKey === '')) throw new ConfigError('cursorKey', 'must be a non-empty string');
  return { name, mentions, stream, pollIntervalMs, cursorStore, skipExisting, maxLength, overflow, maxRateLimitWaits, streamKeepAliveMs, reconnectDelayMs, scheduler, userId: options.userId, cursorKey: options.cursorKey, accepts: options.accepts };
}

function positive(option: string, value: unknown, min: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) throw new ConfigError(option, `must be a finite number, at least ${min} (got ${String(value)})`);
}
