import { filter, map, type OperatorFunction } from 'rxjs';
import type { AgentMessage } from '../messages/AgentMessage.js';
import type { AgentEvent, AgentEventType } from '../runtime/events.js';

/**
 * One line that says what an event was, for marble assertions and logs:
 * `received c-1`, `started c-1`, `started c-1 #2` (a retry), `retrying c-1 in 1000ms`,
 * `replied c-1: hello`, `noReply c-1`, `failed c-1: agent timed out after 100 ms`,
 * `rejected ? (invalid)`, `delivered c-1 to recorder`, `deliveryRetrying c-1 to recorder in 5000ms`,
 * `deliveryFailed c-1 to recorder: 503`, `charged c-1 0.5`, `chargeFailed c-1: …`, `inputFailed cron: …`.
 * A message is named by its `id` (`?` when the item had none).
 *
 * @example
 * ```ts
 * import { describeEvent } from 'rxagent/testing';
 * describeEvent({ type: 'noReply', at: 0, result: { message: { id: 'c-1', conversationId: 'c', text: 'shh' }, reply: null, attempts: 1, startedAt: 0, finishedAt: 0 } }); // 'noReply c-1'
 * ```
 */
export function describeEvent<M extends AgentMessage>(event: AgentEvent<M>): string {
  switch (event.type) {
    case 'received':
      return `received ${idOf(event.value)}`;
    case 'rejected':
      return `rejected ${idOf(event.message ?? event.value)} (${event.reason})`;
    case 'started':
      return `started ${event.message.id}${event.attempt > 1 ? ` #${event.attempt}` : ''}`;
    case 'retrying':
      return `retrying ${event.message.id} in ${event.delayMs}ms`;
    case 'replied':
      return `replied ${event.result.message.id}: ${event.result.reply.text}`;
    case 'noReply':
      return `noReply ${event.result.message.id}`;
    case 'failed':
      return `failed ${event.message.id}: ${messageOf(event.error)}`;
    case 'charged':
      return `charged ${event.message.id} ${event.amount}`;
    case 'chargeFailed':
      return `chargeFailed ${event.message.id}: ${messageOf(event.error)}`;
    case 'delivered':
      return `delivered ${event.result.message.id} to ${event.output}${event.duplicate === true ? ' (duplicate)' : ''}`;
    case 'deliveryRetrying':
      return `deliveryRetrying ${event.result.message.id} to ${event.output} in ${event.delayMs}ms`;
    case 'deliveryFailed':
      return `deliveryFailed ${event.result.message.id} to ${event.output}: ${messageOf(event.error)}`;
    case 'inputFailed':
      return `inputFailed ${event.input}: ${messageOf(event.error)}`;
  }
}

/**
 * Maps `events$` to {@link describeEvent} lines, keeping only the given types (all when none):
 * marble-test a whole runtime with `expectObservable(runtime.events$.pipe(describeEvents('replied', 'failed')))`.
 *
 * @example
 * ```ts
 * import { describeEvents } from 'rxagent/testing';
 * runtime.events$.pipe(describeEvents('replied', 'delivered')).subscribe(console.log); // replied c-1: hello, delivered c-1 to recorder
 * ```
 */
export function describeEvents<M extends AgentMessage>(...types: AgentEventType[]): OperatorFunction<AgentEvent<M>, string> {
  const wanted = new Set(types);
  return (events$) =>
    events$.pipe(
      filter((event) => wanted.size === 0 || wanted.has(event.type)),
      map(describeEvent),
    );
}

function idOf(value: unknown): string {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id !== '' ? id : '?';
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
