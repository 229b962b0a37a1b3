import { firstValueFrom, timer, type SchedulerLike, type Subject } from 'rxjs';
import { ConfigError } from '../runtime/errors.js';
import type { RedisRetryOptions, RedisStoreEvent } from './RedisStoreEvent.js';

/** @internal */
export interface Retrier {
  readonly store: string;
  readonly retry: Required<RedisRetryOptions>;
  readonly scheduler: SchedulerLike;
  readonly events: Subject<RedisStoreEvent>;
}

/** Validates retry options. @internal */
export function resolveRedisRetry(option: string, retry: RedisRetryOptions | undefined): Required<RedisRetryOptions> {
  const { count = 10, delayMs = 100, maxDelayMs = 5000 } = retry ?? {};
  if (!(Number.isInteger(count) || count === Infinity) || count < 0 || !(delayMs >= 0) || !(maxDelayMs >= delayMs)) {
    throw new ConfigError(option, `must be { count, delayMs, maxDelayMs } with count a whole number 0 or more and 0 <= delayMs <= maxDelayMs (got ${JSON.stringify(retry)}); e.g. { retry: { count: 10, delayMs: 100 } }`);
  }
  return { count, delayMs, maxDelayMs };
}

/**
 * Runs `command` until it succeeds, waiting on the scheduler between attempts; every failure is an
 * event. Errors Redis answered (`ReplyError`: a wrong type, a script bug) are not retried. @internal
 */
export async function withRetry<T>(retrier: Retrier, operation: string, key: string, command: () => Promise<T>): Promise<T> {
  const { store, retry, scheduler, events } = retrier;
  for (let attempt = 1; ; attempt++) {
    try {
      const value = await command();
      if (attempt > 1) events.next({ type: 'recovered', store, operation, key, attempts: attempt });
      return value;
    } catch (error) {
      if ((error as { name?: unknown } | null)?.name === 'ReplyError' || attempt > retry.count) {
        events.next({ type: 'gaveUp', store, operation, key, attempts: attempt, error });
        throw error;
      }
      const delayMs = Math.min(retry.maxDelayMs, retry.delayMs * 2 ** (attempt - 1));
      events.next({ type: 'retrying', store, operation, key, attempt, error, delayMs });
      await firstValueFrom(timer(delayMs, scheduler));
    }
  }
}
