/**
 * What a Redis store reports while Redis misbehaves (`events$` of every store in `rxagent/redis`):
 * a failed command that will be tried again after `delayMs` (`retrying`), one that failed for good
 * (`gaveUp`: the caller's Promise rejects, so the run fails visibly), or a command that succeeded
 * after failures (`recovered`). Keys are reported, values never.
 */
export type RedisStoreEvent =
  | { readonly type: 'retrying'; readonly store: string; readonly operation: string; readonly key: string; readonly attempt: number; readonly error: unknown; readonly delayMs: number }
  | { readonly type: 'gaveUp'; readonly store: string; readonly operation: string; readonly key: string; readonly attempts: number; readonly error: unknown }
  | { readonly type: 'recovered'; readonly store: string; readonly operation: string; readonly key: string; readonly attempts: number };

/** How a Redis store retries a failed command (on top of ioredis' own reconnects and resends). */
export interface RedisRetryOptions {
  /** Retries after the first failure. Default 10. */
  readonly count?: number;
  /** First delay, doubled each retry up to `maxDelayMs`. Default 100. */
  readonly delayMs?: number;
  /** Default 5000. */
  readonly maxDelayMs?: number;
}
