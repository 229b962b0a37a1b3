import type { AgentMessage } from '../messages/AgentMessage.js';
import type { Turn } from '../runtime/Agent.js';
import { ConfigError } from '../runtime/errors.js';
import { appendTurn } from './appendTurn.js';
import type { ConversationMemory, MemoryStore } from './ConversationMemory.js';

/** Options of {@link ShortTermMemory}. */
export interface ShortTermMemoryOptions<M extends AgentMessage = AgentMessage> {
  /** Turns kept per conversation (the window), 1 or more. */
  readonly maxTurns: number;
  /** Conversations kept in process; the least recently used is forgotten beyond it (reloaded from `store` if any). Default 10000. */
  readonly maxConversations?: number;
  /** Where turns also go, so a restarted runtime continues its conversations (e.g. `RedisMemoryStore`). */
  readonly store?: MemoryStore<M>;
}

const NO_TURNS: readonly never[] = Object.freeze([]);

/**
 * Per-conversation short-term memory: each conversation's window of turns is `scan` state, advanced
 * by the pure {@link appendTurn}; conversations never see each other's turns. The windows live in
 * process (bounded by `maxConversations`, least recently used first out) and, with a `store`, are
 * loaded from it the first time a conversation is seen and appended to it on every turn.
 *
 * @example
 * ```ts
 * import { AgentRuntime, ShortTermMemory } from 'rxagent';
 * const runtime = new AgentRuntime({ inputs, outputs, agent, shortTermMemory: new ShortTermMemory({ maxTurns: 20 }) });
 * ```
 */
export class ShortTermMemory<M extends AgentMessage = AgentMessage> implements ConversationMemory<M> {
  /** Turns kept per conversation. */
  readonly maxTurns: number;
  /** Conversations kept in process. */
  readonly maxConversations: number;
  private readonly store: MemoryStore<M> | undefined;
  private readonly windows = new Map<string, readonly Turn<M>[]>();

  constructor(options: ShortTermMemoryOptions<M>) {
    const { maxTurns, maxConversations = 10_000, store } = options ?? ({} as ShortTermMemoryOptions<M>);
    if (!Number.isInteger(maxTurns) || maxTurns < 1) {
      throw new ConfigError('maxTurns', `must be a whole number of turns, 1 or more (got ${String(maxTurns)}); e.g. new ShortTermMemory({ maxTurns: 20 })`);
    }
    if (!Number.isInteger(maxConversations) || maxConversations < 1) {
      throw new ConfigError('maxConversations', `must be a whole number, 1 or more (got ${String(maxConversations)})`);
    }
    this.maxTurns = maxTurns;
    this.maxConversations = maxConversations;
    this.store = store;
  }

  /** The window of a conversation, oldest first (loaded from the store the first time, if there is one). */
  recall(conversationId: string): readonly Turn<M>[] | PromiseLike<readonly Turn<M>[]> {
    const window = this.windows.get(conversationId);
    if (window !== undefined) {
      this.touch(conversationId, window);
      return window;
    }
    if (this.store === undefined) return NO_TURNS;
    return this.store.load(conversationId, this.maxTurns).then((turns) => {
      const loaded = turns.length > this.maxTurns ? turns.slice(-this.maxTurns) : turns;
      this.touch(conversationId, loaded);
      return loaded;
    });
  }

  /** Adds a turn to a conversation's window (and to the store, resolving once it is written). */
  record(conversationId: string, turn: Turn<M>): void | PromiseLike<void> {
    this.touch(conversationId, appendTurn(this.windows.get(conversationId) ?? NO_TURNS, turn, this.maxTurns));
    return this.store?.append(conversationId, turn, this.maxTurns);
  }

  /** How many conversations are held in process. */
  get size(): number {
    return this.windows.size;
  }

  private touch(conversationId: string, window: readonly Turn<M>[]): void {
    this.windows.delete(conversationId);
    this.windows.set(conversationId, window);
    if (this.windows.size > this.maxConversations) {
      this.windows.delete(this.windows.keys().next().value as string);
    }
  }
}
