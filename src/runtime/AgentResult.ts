import type { AgentMessage } from '../messages/AgentMessage.js';
import type { AgentReply } from './Agent.js';

/** The outcome of one agent run that finished: what outputs receive when `reply` is not `null`. */
export interface AgentResult<M extends AgentMessage = AgentMessage> {
  readonly message: M;
  /** The agent's reply; `null` when it chose not to reply. */
  readonly reply: AgentReply | null;
  /** What the run cost, when pricing is configured. */
  readonly cost?: number;
  /** How many attempts the agent needed (1 when it succeeded at once). */
  readonly attempts: number;
  /** Scheduler time when the first attempt started and when the run finished. */
  readonly startedAt: number;
  readonly finishedAt: number;
  /** Earlier messages merged into this run (overlap `coalesce` or debounce), oldest first; absent when none. */
  readonly coalesced?: readonly M[];
}

/** A result that has a reply: what outputs are sent. */
export type RepliedResult<M extends AgentMessage = AgentMessage> = AgentResult<M> & { readonly reply: AgentReply };

/**
 * Why an item got no run of its own:
 * - `invalid`: it failed the codec; `budget`: pricing refused it; `overloaded`: its conversation's
 *   queue was full; `stopped`: the runtime stopped before it started.
 * - Overlap policies: `dropped` (its conversation was busy, policy `drop`); `coalesced` (merged into
 *   a later run, policies `coalesce` and debounce: the agent saw it in `context.coalesced`);
 *   `interrupted` (a newer message of its conversation interrupted it, policy `interrupt`: its run,
 *   if it had started, was aborted and its result is never delivered).
 * - Guards: `duplicate` (its id was seen within the dedup window); `self` (the runtime's own
 *   message); `capped` (its conversation reached its reply cap for the window); `loop` (bots
 *   answering each other: a ping-pong was stopped).
 */
export type RejectionReason = 'invalid' | 'budget' | 'overloaded' | 'stopped' | 'dropped' | 'coalesced' | 'interrupted' | 'duplicate' | 'self' | 'capped' | 'loop';

/** An item that never reached the agent. */
export interface Rejection<M extends AgentMessage = AgentMessage> {
  readonly reason: RejectionReason;
  /** Readable explanation; for `invalid`, one line per problem with the path of the field. */
  readonly detail: string;
  /** The raw item as it arrived. */
  readonly value: unknown;
  /** The decoded message, when decoding succeeded. */
  readonly message?: M;
  /** The name of the input it came from, when known. */
  readonly source?: string;
  /** An answer for the sender instead of silence (e.g. pricing's "budget exceeded"); the runtime delivers it to the outputs. */
  readonly reply?: AgentReply;
  /** With reason `coalesced`: the id of the newer message (same conversation) whose run answers this one. */
  readonly coalescedInto?: string;
}

/** A message whose agent run failed after all retries (an error, a timeout, or a stop past the drain deadline). */
export interface Failure<M extends AgentMessage = AgentMessage> {
  readonly message: M;
  readonly error: unknown;
  readonly attempts: number;
}

/**
 * What `runAgent` emits for every item it receives: exactly one outcome each, tagged by `type`.
 */
export type AgentOutcome<M extends AgentMessage = AgentMessage> =
  | (AgentResult<M> & { readonly type: 'result' })
  | (Rejection<M> & { readonly type: 'rejected' })
  | (Failure<M> & { readonly type: 'failed' });
