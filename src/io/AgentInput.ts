import { isObservable, type Observable } from 'rxjs';
import type { Overlap } from '../control/Overlap.js';
import type { RejectionReason } from '../runtime/AgentResult.js';
import { ConfigError } from '../runtime/errors.js';

/** An input client with a name: the name becomes each message's `source`, so replies can find their way back. */
export interface NamedInput<T = unknown> {
  readonly name: string;
  /** Subscribing connects the client; unsubscribing disconnects it. */
  readonly messages$: Observable<T>;
  /** The overlap policy of this input's messages, overriding the runtime's `overlap` (see {@link Overlap}). */
  readonly overlap?: Overlap;
  /** The priority of this input's messages (higher starts first, e.g. DMs 2, mentions 1, cron 0), overriding the runtime's `priority`. */
  readonly priority?: number;
  /**
   * Called once per item of this input when it is settled for good: its run ended (replied, no
   * reply, rejected or failed) and every delivery of its reply succeeded or failed for good. A
   * client advances its cursor (e.g. X's `since_id`) only through here, so a restart never skips
   * an item that was not answered (see `settlement.stopped` and `SettledCursor`). Calls come in
   * settlement order, which may differ from arrival order.
   */
  settled?(item: T, settlement: InputSettlement): void;
}

/** How an input item ended: what {@link NamedInput.settled} is told. */
export interface InputSettlement {
  /**
   * The run's outcome: `replied`, `noReply`, `rejected` or `failed`; or `queued` on a distributed
   * transport (`rxagent/nats`), once the item is stored in the stream, which from then on has it
   * answered at least once by some worker.
   */
  readonly outcome: 'replied' | 'noReply' | 'rejected' | 'failed' | 'queued';
  /** With `rejected`: why. */
  readonly reason?: RejectionReason;
  /** Outputs that took the reply (or already had it, per the delivery journal). */
  readonly delivered: number;
  /** Outputs whose delivery failed for good. */
  readonly deliveryFailed: number;
  /**
   * The runtime's stop cut this item short: it was rejected as `stopped` before it ran, or its run
   * or one of its deliveries was cancelled at the drain deadline. It was not fully handled, so a
   * client should not move its cursor past it: a restart reads it again, and the delivery journal
   * keeps what was already posted from being posted twice.
   */
  readonly stopped: boolean;
}

/**
 * An input: any Observable (a Subject of the host app, an event stream, …), a named client, or an
 * iterable / async iterable (a generator, a batch, a paginated API) that the runtime pulls only as
 * fast as it finishes work, so a large or endless source never piles up in memory.
 */
export type AgentInput = Observable<unknown> | NamedInput | Iterable<unknown> | AsyncIterable<unknown>;

/** An input the runtime pulls from as it has room. @internal */
export interface PulledInput {
  readonly name: string;
  readonly pull: Iterable<unknown> | AsyncIterable<unknown>;
}

/** Gives every input a name (`input-1`, `input-2`, … for bare Observables and iterables) and checks the names are unique. @internal */
export function normalizeInputs(inputs: readonly AgentInput[] | undefined): (NamedInput | PulledInput)[] {
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new ConfigError('inputs', 'pass at least one input: an Observable, a Subject, or a client such as stdinInput() or cronInput({ expression })');
  }
  const named = inputs.map((input, i): NamedInput | PulledInput => {
    if (isObservable(input)) return { name: `input-${i + 1}`, messages$: input };
    if (isIterable(input)) return { name: `input-${i + 1}`, pull: input };
    const candidate = input as Partial<NamedInput> | null;
    if (candidate !== null && typeof candidate === 'object' && typeof candidate.name === 'string' && candidate.name !== '' && isObservable(candidate.messages$)) return candidate as NamedInput;
    throw new ConfigError(`inputs[${i}]`, 'must be an Observable, an iterable or async iterable of messages, or an object { name: string; messages$: Observable } (a client such as stdinInput())');
  });
  assertUniqueNames('inputs', named);
  return named;
}

function isIterable(value: unknown): value is Iterable<unknown> | AsyncIterable<unknown> {
  // A string is iterable too, but as characters: never what an input means.
  if (value === null || typeof value !== 'object') return false;
  return typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function' || typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

/** @internal */
export function assertUniqueNames(option: string, items: readonly { readonly name: string }[]): void {
  const seen = new Set<string>();
  for (const { name } of items) {
    if (seen.has(name)) throw new ConfigError(option, `two ${option} are named "${name}"; give each a unique name (most clients take a name option)`);
    seen.add(name);
  }
}
