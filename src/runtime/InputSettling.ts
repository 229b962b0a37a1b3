import type { InputSettlement, NamedInput, PulledInput } from '../io/AgentInput.js';
import type { AgentMessage } from '../messages/AgentMessage.js';
import type { AgentOutcome, RejectionReason, RepliedResult } from './AgentResult.js';
import { StoppedError } from './errors.js';

type Hook = (item: unknown, settlement: InputSettlement) => void;

/** A message merged into a later run: settled when that run is. */
interface Deferred {
  readonly hook: Hook | undefined;
  readonly item: AgentMessage;
}

/**
 * Tells inputs with a `settled` hook when each of their items is settled for good: its run ended
 * and every output delivered the reply, failed for good, or declined it. A message merged into a
 * later run (`coalesced`) is settled with that run, so a cursor never moves past a message whose
 * answer is still on its way. Inert (and free) when no input has a hook.
 * @internal
 */
export class InputSettling<M extends AgentMessage> {
  readonly active: boolean;
  private readonly hooks = new Map<string, Hook>();
  private readonly replies = new Map<RepliedResult<M>, { left: number; delivered: number; deliveryFailed: number; stopped: boolean }>();
  /** Merged messages by the conversation and id of the message whose run answers them. */
  private readonly deferred = new Map<string, Deferred[]>();

  constructor(
    inputs: readonly (NamedInput | PulledInput)[],
    private readonly outputs: number,
    /** A hook threw: reported as its input's failure (the input keeps running). */
    failed: (input: string, error: unknown) => void,
  ) {
    for (const input of inputs) {
      if (!('settled' in input) || typeof input.settled !== 'function') continue;
      const settled = input.settled.bind(input);
      this.hooks.set(input.name, (item, settlement) => {
        try {
          settled(item, settlement);
        } catch (error) {
          failed(input.name, error);
        }
      });
    }
    this.active = this.hooks.size > 0;
  }

  /** A run's outcome (one per received item). */
  outcome(outcome: AgentOutcome<M>): void {
    const message = outcome.message;
    const hook = this.hookOf(outcome.type === 'rejected' ? (outcome.source ?? message?.source) : message!.source);
    if (outcome.type === 'rejected') {
      if (outcome.reason === 'coalesced' && outcome.coalescedInto !== undefined && message !== undefined) {
        const key = keyOf(message.conversationId, outcome.coalescedInto);
        this.deferred.set(key, [...(this.deferred.get(key) ?? []), { hook, item: message }]);
        return;
      }
      const stopped = outcome.reason === 'stopped';
      return this.settle(hook, message ?? outcome.value, message, undelivered('rejected', stopped, outcome.reason));
    }
    if (outcome.type === 'failed') return this.settle(hook, message, message, undelivered('failed', outcome.error instanceof StoppedError));
    if (outcome.reply === null || this.outputs === 0) return this.settle(hook, message, message, undelivered(outcome.reply === null ? 'noReply' : 'replied'));
    this.replies.set(outcome as RepliedResult<M>, { left: this.outputs, delivered: 0, deliveryFailed: 0, stopped: false });
  }

  /** One output is done with `result`: delivered (`error` undefined), failed for good (`error`), or declined it (`declined`). */
  delivery(result: RepliedResult<M>, error: unknown, declined = false): void {
    const entry = this.replies.get(result);
    if (entry === undefined) return;
    if (declined) {
      // Neither delivered nor failed.
    } else if (error === undefined) {
      entry.delivered++;
    } else {
      entry.deliveryFailed++;
      if (error instanceof StoppedError) entry.stopped = true;
    }
    if (--entry.left > 0) return;
    this.replies.delete(result);
    const { message } = result;
    const { delivered, deliveryFailed, stopped } = entry;
    this.settle(this.hookOf(message.source), message, message, { outcome: 'replied', delivered, deliveryFailed, stopped });
  }

  /** Settles an item of input `source` directly (a distributed ingress, once the item is stored). */
  settleItem(source: string, item: unknown, settlement: InputSettlement): void {
    this.hookOf(source)?.(item, settlement);
  }

  private settle(hook: Hook | undefined, item: unknown, message: AgentMessage | undefined, settlement: InputSettlement): void {
    hook?.(item, settlement);
    if (message === undefined || this.deferred.size === 0) return;
    const key = keyOf(message.conversationId, message.id);
    const merged = this.deferred.get(key);
    if (merged === undefined) return;
    this.deferred.delete(key);
    for (const each of merged) this.settle(each.hook, each.item, each.item, settlement);
  }

  private hookOf(source: string | undefined): Hook | undefined {
    return source === undefined ? undefined : this.hooks.get(source);
  }
}

function keyOf(conversationId: string, id: string): string {
  return `${conversationId}\u0000${id}`;
}

/** The settlement of an item that no output took (rejected, failed, no reply, no outputs, or queued on a transport). @internal */
export function undelivered(outcome: InputSettlement['outcome'], stopped = false, reason?: RejectionReason): InputSettlement {
  return { outcome, ...(reason === undefined ? {} : { reason }), delivered: 0, deliveryFailed: 0, stopped };
}
