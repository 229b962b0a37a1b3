import type { Redis } from 'ioredis';
import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { ConfigError } from '../runtime/errors.js';

/** Validates the options every Redis store shares. @internal */
export function checkRedis(store: string, redis: Redis | undefined, keyPrefix: string | undefined, scheduler: SchedulerLike | undefined): { redis: Redis; scheduler: SchedulerLike } {
  if (typeof (redis as { evalsha?: unknown } | undefined)?.evalsha !== 'function') {
    throw new ConfigError('redis', `must be an ioredis client, e.g. new ${store}({ redis: new Redis('redis://127.0.0.1:6379') })`);
  }
  if (keyPrefix !== undefined && (typeof keyPrefix !== 'string' || keyPrefix.length === 0)) {
    throw new ConfigError('keyPrefix', `must be a non-empty string (got ${String(keyPrefix)}); e.g. keyPrefix: 'myapp:'`);
  }
  const chosen = scheduler ?? asyncScheduler;
  if (typeof chosen?.schedule !== 'function') throw new ConfigError('scheduler', 'must be an RxJS SchedulerLike, e.g. asyncScheduler');
  return { redis: redis!, scheduler: chosen };
}
