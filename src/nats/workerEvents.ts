import type { AgentMessage } from '../messages/AgentMessage.js';
import type { RepliedResult } from '../runtime/AgentResult.js';
import type { AgentEvent } from '../runtime/events.js';

interface Base {
  readonly at: number;
  /** The input partition (or output partition, for deliveries). */
  readonly partition: number;
  /** The stream sequence of the message. */
  readonly seq: number;
}

/** A message was acknowledged: the server will not deliver it again. */
export interface AckedEvent extends Base {
  readonly type: 'acked';
  readonly messageId?: string;
}
/** A message was handed back to be delivered again after `delayMs` (its run failed, or the worker stopped). */
export interface RedeliveringEvent extends Base {
  readonly type: 'redelivering';
  readonly messageId?: string;
  readonly deliveries: number;
  readonly delayMs: number;
  readonly error?: unknown;
}
/** A message went to the dead-letter stream after `deliveries` deliveries (or at once, if it can never run). */
export interface DeadLetteredEvent extends Base {
  readonly type: 'deadLettered';
  readonly subject: string;
  readonly deliveries: number;
  readonly reason: string;
}
/** The sequence fence refused a message another worker had already applied; `republished` when its outbox entry was sent again. */
export interface StaleEvent extends Base {
  readonly type: 'stale';
  readonly messageId: string;
  readonly republished: boolean;
}
/** A result was skipped by an output sender because it was already delivered (its delivery key exists). */
export interface DuplicateDeliveryEvent<M extends AgentMessage = AgentMessage> extends Base {
  readonly type: 'duplicateDelivery';
  readonly output: string;
  readonly result: RepliedResult<M>;
}
/** Pulling a partition, or finishing a message, failed (e.g. the connection dropped); the worker keeps going. */
export interface TransportFailedEvent {
  readonly type: 'transportFailed';
  readonly at: number;
  readonly partition?: number;
  readonly error: unknown;
}

/** Every event of a `JetStreamWorker`: the agent pipeline's own events plus the transport's. */
export type JetStreamWorkerEvent<M extends AgentMessage = AgentMessage> =
  | AgentEvent<M>
  | AckedEvent
  | RedeliveringEvent
  | DeadLetteredEvent
  | StaleEvent
  | DuplicateDeliveryEvent<M>
  | TransportFailedEvent;
