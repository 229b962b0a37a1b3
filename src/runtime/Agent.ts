import type { Observable, SchedulerLike } from 'rxjs';
import type { AgentMessage } from '../messages/AgentMessage.js';

/** Token counts an agent may report with its reply; pricing uses them. */
export interface TokenUsage {
  readonly inputTokens?: number;
  readonly outputTokens?: number;
}

/** What an agent answers. `text` is what outputs publish. */
export interface AgentReply {
  readonly text: string;
  readonly usage?: TokenUsage;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** One earlier exchange of a conversation: the message and the agent's reply (`null`: it stayed silent). */
export interface Turn<M extends AgentMessage = AgentMessage> {
  readonly message: M;
  readonly reply: AgentReply | null;
}

/**
 * What the runtime hands an agent besides the message. Injected, so agents need no globals. One
 * object per attempt; pass it on as it is (e.g. from a wrapping agent): `signal` is a lazy getter,
 * so a `{ ...context }` copy does not carry it — write `{ ...context, signal: context.signal }`.
 */
export interface AgentContext<M extends AgentMessage = AgentMessage> {
  /** The earlier turns of this message's conversation, oldest first; never another conversation's. */
  readonly memory: readonly Turn<M>[];
  /** Aborted when this attempt times out or the runtime stops before it finished. */
  readonly signal: AbortSignal;
  /** The runtime's scheduler: use it for any timing so the agent runs in virtual time under test. */
  readonly scheduler: SchedulerLike;
  /** 1 for the first attempt, 2 for the first retry, … */
  readonly attempt: number;
  /**
   * Earlier messages of this conversation merged into this run (overlap `coalesce` or debounce),
   * oldest first; `message` is the newest. Empty when the run is for one message only.
   */
  readonly coalesced: readonly M[];
}

/** Everything an agent may return: a reply, `null` for no reply, a Promise of either, or an Observable (its last value is the reply; completing empty means no reply). */
export type AgentReturn = AgentReply | null | PromiseLike<AgentReply | null> | Observable<AgentReply>;

/**
 * The agent: a function of a message and its context.
 *
 * @example
 * ```ts
 * import type { Agent } from 'rxagent';
 * const echo: Agent = (message, { memory }) => ({ text: `#${memory.length + 1}: ${message.text}` });
 * ```
 */
export type Agent<M extends AgentMessage = AgentMessage> = (message: M, context: AgentContext<M>) => AgentReturn;
