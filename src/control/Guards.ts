import { ConfigError } from '../runtime/errors.js';

/**
 * Checks that run on every valid message before it reaches its conversation's lane; a message that
 * fails one is rejected with the guard's reason (and a `rejected` event) and the stream keeps going.
 * All state is bounded: entries expire with their window, and at most `maxEntries` are kept per guard.
 */
export interface Guards {
  /** Rejects as `duplicate` a message whose `source` and `id` were seen within this many ms (redelivered webhooks, overlapping polls). */
  readonly dedupWindowMs?: number;
  /** The runtime's own author ids (its bot accounts): their messages are rejected as `self`, so it never answers itself. */
  readonly selfAuthorIds?: readonly string[];
  /** At most `max` messages per conversation reach the agent per `windowMs` (a fixed window from the first); the rest are rejected as `capped`. */
  readonly replyCap?: { readonly max: number; readonly windowMs: number };
  /**
   * Stops bots answering each other: in a conversation, after `maxBotTurns` messages in a row from
   * bots (`author.isBot`), each within `windowMs` of the previous, the next bot messages are rejected
   * as `loop` until a human writes or the conversation is quiet for `windowMs`.
   */
  readonly pingPong?: { readonly maxBotTurns: number; readonly windowMs: number };
  /** Most entries each guard remembers; past it, the oldest are forgotten. Default 100000. */
  readonly maxEntries?: number;
}

/** @internal */
export interface ResolvedGuards {
  readonly dedupWindowMs: number | undefined;
  readonly selfAuthorIds: ReadonlySet<string> | undefined;
  readonly replyCap: { readonly max: number; readonly windowMs: number } | undefined;
  readonly pingPong: { readonly maxBotTurns: number; readonly windowMs: number } | undefined;
  readonly maxEntries: number;
}

/** Validates `guards` once, at construction. @internal */
export function resolveGuards(guards: Guards | undefined): ResolvedGuards | undefined {
  if (guards === undefined) return undefined;
  if (guards === null || typeof guards !== 'object') throw new ConfigError('guards', "must be an object, e.g. guards: { dedupWindowMs: 600000, selfAuthorIds: ['my-bot-id'] }");
  const { dedupWindowMs, selfAuthorIds, replyCap, pingPong, maxEntries = 100_000 } = guards;
  if (dedupWindowMs !== undefined) ms('guards.dedupWindowMs', dedupWindowMs, 'guards: { dedupWindowMs: 600000 }');
  if (selfAuthorIds !== undefined && (!Array.isArray(selfAuthorIds) || selfAuthorIds.some((id) => typeof id !== 'string' || id === ''))) {
    throw new ConfigError('guards.selfAuthorIds', "must be an array of author ids (non-empty strings), e.g. guards: { selfAuthorIds: ['1234567890'] } (your bot's user id)");
  }
  if (replyCap !== undefined) {
    whole('guards.replyCap.max', replyCap?.max, 'guards: { replyCap: { max: 20, windowMs: 3600000 } }');
    ms('guards.replyCap.windowMs', replyCap.windowMs, 'guards: { replyCap: { max: 20, windowMs: 3600000 } }');
  }
  if (pingPong !== undefined) {
    whole('guards.pingPong.maxBotTurns', pingPong?.maxBotTurns, 'guards: { pingPong: { maxBotTurns: 3, windowMs: 60000 } }');
    ms('guards.pingPong.windowMs', pingPong.windowMs, 'guards: { pingPong: { maxBotTurns: 3, windowMs: 60000 } }');
  }
  whole('guards.maxEntries', maxEntries, 'guards: { maxEntries: 100000 }');
  return {
    dedupWindowMs,
    selfAuthorIds: selfAuthorIds === undefined || selfAuthorIds.length === 0 ? undefined : new Set(selfAuthorIds),
    replyCap,
    pingPong,
    maxEntries,
  };
}

function ms(option: string, value: unknown, example: string): void {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new ConfigError(option, `must be a positive, finite number of milliseconds (got ${String(value)}); e.g. ${example}`);
  }
}

function whole(option: string, value: unknown, example: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ConfigError(option, `must be a whole number, 1 or more (got ${String(value)}); e.g. ${example}`);
  }
}
