import type { AgentMessage } from '../messages/AgentMessage.js';
import type { Turn } from '../runtime/Agent.js';

/**
 * What the runtime asks of a memory: the turns an agent sees, and where to put a finished turn.
 * The runtime never calls either twice at once for one conversation (its lanes serialise them),
 * and waits for `record` before it hands the result to the outputs.
 */
export interface ConversationMemory<M extends AgentMessage = AgentMessage> {
  /** The turns of a conversation, oldest first. */
  recall(conversationId: string): readonly Turn<M>[] | PromiseLike<readonly Turn<M>[]>;
  /** Adds a finished turn to a conversation. */
  record(conversationId: string, turn: Turn<M>): void | PromiseLike<void>;
}

/**
 * A persistent home for turns (Redis in `rxagent/redis`): `ShortTermMemory` loads a conversation
 * from it the first time it sees the conversation and appends every turn to it.
 */
export interface MemoryStore<M extends AgentMessage = AgentMessage> {
  /** The last `maxTurns` turns of a conversation, oldest first. */
  load(conversationId: string, maxTurns: number): PromiseLike<readonly Turn<M>[]>;
  /** Appends a turn and trims the conversation to its last `maxTurns` turns. */
  append(conversationId: string, turn: Turn<M>, maxTurns: number): PromiseLike<void>;
  /** The summary of the turns that left the window (see `ShortTermMemory`'s `summarize`), if the store keeps one. */
  loadSummary?(conversationId: string): PromiseLike<string | undefined>;
  /** Keeps a conversation's summary. */
  saveSummary?(conversationId: string, summary: string): PromiseLike<void>;
}
