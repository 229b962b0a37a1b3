// What every benchmark row is given: messages, an agent, an output, a concurrency. Rows differ
// only in how they run the agent over the messages (by hand, with p-queue, with rxjs, with rxagent).
import type { AgentMessage, AgentReply } from 'rxagent';

/** One finished message, as the output sees it. */
export interface Delivery {
  readonly message: AgentMessage;
  readonly reply: AgentReply;
}

/** The work of one round. */
export interface Work {
  /** The agent; every row calls it once per message (rxagent rows pass their context, ignored here). */
  readonly agent: (message: AgentMessage) => Promise<AgentReply>;
  /** The output; every row calls it once per reply. */
  readonly send: (delivery: Delivery) => Promise<void>;
  readonly concurrency: number;
  /** rxagent rows: the per-conversation queue bound (overload workload). */
  readonly maxQueuedPerConversation?: number;
  /** Called once per message refused before the agent (rxagent rows under overload). */
  readonly rejected?: () => void;
}

/** A row fed from a lazy iterable it pulls as it has room; resolves when every message is done. */
export type PullRow = (work: Work, messages: Iterable<AgentMessage>) => Promise<void>;

/** A row fed by a push source it cannot slow down; `end()` resolves once the source completed and everything drained. */
export type PushRow = (work: Work) => { push(message: AgentMessage): void; end(): Promise<void> };

/** The i-th message of a workload, in one of `conversations` conversations, round-robin. */
export function messageAt(i: number, conversations: number): AgentMessage {
  return { id: String(i), conversationId: `c${i % conversations}`, text: `message ${i}` };
}

/** A lazy generator of `count` messages: nothing but the row under test holds them. */
export function* messages(count: number, conversations: number, make: (i: number) => AgentMessage = (i) => messageAt(i, conversations)): Generator<AgentMessage> {
  for (let i = 0; i < count; i++) yield make(i);
}

/** A trivial async agent: echoes the text. */
export const echo = async (message: AgentMessage): Promise<AgentReply> => ({ text: message.text });

/** An agent that takes `ms` of wall time (a timer), like a remote call. */
export const sleeper =
  (ms: number) =>
  (message: AgentMessage): Promise<AgentReply> =>
    new Promise((resolve) => setTimeout(() => resolve({ text: message.text }), ms));

/** An O(1) FIFO for the baselines: rxagent's own (arrays turn `shift()` O(n) past ~16k items). */
export { Queue as Fifo } from '../src/operators/Queue.js';
