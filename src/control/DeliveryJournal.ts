import type { SchedulerLike } from 'rxjs';
import { ConfigError } from '../runtime/errors.js';
import { ExpiringMap } from './ExpiringMap.js';

/**
 * What a {@link DeliveryJournal} says about a delivery about to be made: `claimed` (go ahead: it
 * is yours until you complete or release it, or its lease runs out), `delivered` (it was made
 * before: send nothing), or `pending` (another process is making it now: send nothing).
 */
export type JournalClaim = 'claimed' | 'delivered' | 'pending';

/**
 * Remembers which deliveries were made, by idempotency key (`<source>:<message id>:<output>`), so a
 * message that is redelivered or replayed (a restart, a re-read page, a redelivered webhook)
 * produces no second post. A delivery claims its key before it is sent, completes it after the
 * output accepted it, and releases it when it failed for good. A claim is a lease: if a process dies
 * mid-send, the key becomes claimable again once the lease runs out (at-least-once, never lost).
 * {@link InMemoryDeliveryJournal} is the default for one process; `RedisDeliveryJournal` from
 * `rxagent/redis` shares it between processes and restarts.
 */
export interface DeliveryJournal {
  claim(key: string): JournalClaim | PromiseLike<JournalClaim>;
  complete(key: string): void | PromiseLike<void>;
  release(key: string): void | PromiseLike<void>;
}

/** Options of {@link InMemoryDeliveryJournal}. */
export interface InMemoryDeliveryJournalOptions {
  /** How long a completed delivery is remembered, in ms. Default 24 h. */
  readonly ttlMs?: number;
  /** How long a claim holds without completing, in ms. Default 5 min. */
  readonly leaseMs?: number;
  /** Most keys remembered; past it the oldest are forgotten. Default 100000. */
  readonly maxEntries?: number;
  /** The clock. Default `Date.now`; pass the runtime's scheduler for virtual time. */
  readonly scheduler?: SchedulerLike;
}

/**
 * A {@link DeliveryJournal} in this process's memory, bounded in time (`ttlMs`) and size
 * (`maxEntries`). Share one instance between runs (or runtimes) of a process to make replays
 * deliver nothing twice; use `RedisDeliveryJournal` across processes and restarts.
 *
 * @example
 * ```ts
 * import { AgentRuntime, InMemoryDeliveryJournal } from 'rxagent';
 * const journal = new InMemoryDeliveryJournal({ ttlMs: 3_600_000 });
 * const runtime = new AgentRuntime({ inputs, outputs, agent, delivery: { journal } });
 * ```
 */
export class InMemoryDeliveryJournal implements DeliveryJournal {
  private readonly keys: ExpiringMap<'pending' | 'delivered'>;
  private readonly ttlMs: number;
  private readonly leaseMs: number;
  private readonly now: () => number;

  constructor(options: InMemoryDeliveryJournalOptions = {}) {
    const { ttlMs = 86_400_000, leaseMs = 300_000, maxEntries = 100_000, scheduler } = options;
    for (const [option, value] of [['ttlMs', ttlMs], ['leaseMs', leaseMs]] as const) {
      if (!(value > 0) || !Number.isFinite(value)) throw new ConfigError(option, `must be a positive, finite number of milliseconds (got ${String(value)}); e.g. new InMemoryDeliveryJournal({ ${option}: 60000 })`);
    }
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new ConfigError('maxEntries', `must be a whole number, 1 or more (got ${String(maxEntries)})`);
    this.keys = new ExpiringMap(maxEntries);
    this.ttlMs = ttlMs;
    this.leaseMs = leaseMs;
    this.now = scheduler === undefined ? Date.now : () => scheduler.now();
  }

  /** How many keys it holds (claimed or delivered, not yet expired or evicted). */
  get size(): number {
    return this.keys.size;
  }

  claim(key: string): JournalClaim {
    const now = this.now();
    const state = this.keys.get(key, now);
    if (state !== undefined) return state;
    this.keys.set(key, 'pending', now, now + this.leaseMs);
    return 'claimed';
  }

  complete(key: string): void {
    const now = this.now();
    this.keys.set(key, 'delivered', now, now + this.ttlMs);
  }

  release(key: string): void {
    const now = this.now();
    // Expired at once: the next claim wins.
    if (this.keys.get(key, now) === 'pending') this.keys.set(key, 'pending', now, now);
  }
}
