import { ConfigError } from '../runtime/errors.js';

/**
 * What happens when a message arrives while its conversation is busy (a run in flight or messages
 * waiting):
 * - `'queue'` (default): it waits its turn, up to `maxQueuedPerConversation`; beyond that it is
 *   rejected as `overloaded`.
 * - `'drop'`: it is rejected as `dropped`; the busy conversation ignores it.
 * - `'coalesce'`: it joins the next run: waiting messages merge into one run of the newest, and
 *   the agent sees the earlier ones in `context.coalesced`; each merged message is rejected as `coalesced`.
 * - `{ debounceMs }`: like coalesce, and the run starts only after the conversation has been quiet
 *   for `debounceMs` (on the runtime's scheduler).
 * - `'interrupt'`: the run in flight is aborted (its `context.signal` aborts with an
 *   `InterruptedError`), its result is never delivered, it is rejected as `interrupted`, and the
 *   newest message runs instead.
 */
export type Overlap = 'queue' | 'drop' | 'coalesce' | 'interrupt' | { readonly debounceMs: number };

/** Checks an overlap policy given as an option; `undefined` stays undefined. @internal */
export function checkOverlap(option: string, overlap: unknown): Overlap | undefined {
  if (overlap === undefined || overlap === 'queue' || overlap === 'drop' || overlap === 'coalesce' || overlap === 'interrupt') return overlap;
  if (overlap !== null && typeof overlap === 'object') {
    const { debounceMs } = overlap as { debounceMs?: unknown };
    if (typeof debounceMs === 'number' && debounceMs > 0 && Number.isFinite(debounceMs)) return overlap as Overlap;
    throw new ConfigError(`${option}.debounceMs`, `must be a positive, finite number of milliseconds (got ${String(debounceMs)}); e.g. ${option}: { debounceMs: 1500 }`);
  }
  throw new ConfigError(option, `must be 'queue', 'drop', 'coalesce', 'interrupt' or { debounceMs } (got ${JSON.stringify(overlap)}); e.g. ${option}: 'coalesce'`);
}
