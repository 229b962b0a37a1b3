import type { AgentMessage } from '../messages/AgentMessage.js';
import type { AgentResult, Failure, Rejection, RepliedResult } from './AgentResult.js';

/** Fields every event has: `at` is the scheduler's time when it happened. */
interface EventBase {
  readonly at: number;
}

/** An item arrived from an input (before validation). */
export interface ReceivedEvent extends EventBase {
  readonly type: 'received';
  readonly value: unknown;
  readonly source?: string;
}
/** An item never reached the agent; see {@link Rejection}. */
export interface RejectedEvent<M extends AgentMessage = AgentMessage> extends EventBase, Rejection<M> {
  readonly type: 'rejected';
}
/** An agent attempt started. */
export interface StartedEvent<M extends AgentMessage = AgentMessage> extends EventBase {
  readonly type: 'started';
  readonly message: M;
  readonly attempt: number;
}
/** An agent attempt failed and will be tried again after `delayMs`. */
export interface RetryingEvent<M extends AgentMessage = AgentMessage> extends EventBase {
  readonly type: 'retrying';
  readonly message: M;
  readonly attempt: number;
  readonly error: unknown;
  readonly delayMs: number;
}
/** The agent replied. */
export interface RepliedEvent<M extends AgentMessage = AgentMessage> extends EventBase {
  readonly type: 'replied';
  readonly result: RepliedResult<M>;
}
/** The agent finished and chose not to reply. */
export interface NoReplyEvent<M extends AgentMessage = AgentMessage> extends EventBase {
  readonly type: 'noReply';
  readonly result: AgentResult<M>;
}
/** The agent failed after all retries; a timeout is a failure whose error is an `AgentTimeoutError`. */
export interface FailedEvent<M extends AgentMessage = AgentMessage> extends EventBase, Failure<M> {
  readonly type: 'failed';
}
/** Pricing charged a run. `totals` are the running totals of the budgets involved, by name. */
export interface ChargedEvent<M extends AgentMessage = AgentMessage> extends EventBase {
  readonly type: 'charged';
  readonly message: M;
  readonly amount: number;
  readonly totals: Readonly<Record<string, number>>;
}
/** Pricing could not record a run's cost (its ledger failed); the reply is delivered all the same. */
export interface ChargeFailedEvent<M extends AgentMessage = AgentMessage> extends EventBase {
  readonly type: 'chargeFailed';
  readonly message: M;
  readonly error: unknown;
}
/** An output accepted a result, or (`duplicate`) the delivery journal shows it did before. */
export interface DeliveredEvent<M extends AgentMessage = AgentMessage> extends EventBase {
  readonly type: 'delivered';
  readonly output: string;
  readonly result: RepliedResult<M>;
  /** Sends it took; 0 when nothing was sent because the delivery is a `duplicate`. */
  readonly attempts: number;
  /** Nothing was sent: the delivery journal holds this delivery's idempotency key (made before, or being made by another process). */
  readonly duplicate?: true;
  /** The delivery was made but the journal could not record it: a replay might post it again. */
  readonly journalError?: unknown;
}
/** A delivery failed and will be tried again after `delayMs` (a rate limit's wait, or back-off). */
export interface DeliveryRetryingEvent<M extends AgentMessage = AgentMessage> extends EventBase {
  readonly type: 'deliveryRetrying';
  readonly output: string;
  readonly result: RepliedResult<M>;
  readonly attempt: number;
  readonly error: unknown;
  readonly delayMs: number;
  /**
   * Set when the output is rate-limited (a `RateLimitedError`) and `delivery.holdIntake` is on: no
   * new agent run of the inputs that feed this output starts before this time (scheduler ms), so
   * answers do not pile up behind the limit.
   */
  readonly intakeHeldUntil?: number;
}
/** A delivery failed for good; other outputs and later results are not affected. */
export interface DeliveryFailedEvent<M extends AgentMessage = AgentMessage> extends EventBase {
  readonly type: 'deliveryFailed';
  readonly output: string;
  readonly result: RepliedResult<M>;
  readonly error: unknown;
  readonly attempts: number;
}
/** An input errored and was disconnected; the other inputs keep running. */
export interface InputFailedEvent extends EventBase {
  readonly type: 'inputFailed';
  readonly input: string;
  readonly error: unknown;
}

/** Every lifecycle event of a runtime, one union tagged by `type`: what `events$` emits. */
export type AgentEvent<M extends AgentMessage = AgentMessage> =
  | ReceivedEvent
  | RejectedEvent<M>
  | StartedEvent<M>
  | RetryingEvent<M>
  | RepliedEvent<M>
  | NoReplyEvent<M>
  | FailedEvent<M>
  | ChargedEvent<M>
  | ChargeFailedEvent<M>
  | DeliveredEvent<M>
  | DeliveryRetryingEvent<M>
  | DeliveryFailedEvent<M>
  | InputFailedEvent;

/** The `type` of every {@link AgentEvent}. */
export type AgentEventType = AgentEvent['type'];

/** Receives events as they happen. */
export type EventSink<M extends AgentMessage = AgentMessage> = (event: AgentEvent<M>) => void;

/**
 * Where the pipeline sends events: `emit` is set while someone listens and `undefined` otherwise,
 * so events are built only when they will be seen. A plain field, read per event. @internal
 */
export interface EventSwitch<M extends AgentMessage = AgentMessage> {
  readonly emit: EventSink<M> | undefined;
}
