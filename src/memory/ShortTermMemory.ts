import type { AgentMessage } from '../messages/AgentMessage.js';
import type { Turn } from '../runtime/Agent.js';
import { ConfigError } from '../runtime/errors.js';
import type { ConversationMemory, MemoryStore } from './ConversationMemory.js';
import { fitWindow, type WindowLimits } from './slideWindow.js';
import { TurnRing } from './TurnRing.js';
import { setSummary, type Summarizer } from './summaryOf.js';

/** Options of {@link ShortTermMemory}: a window of `maxTurns`, of `maxTokens`, or both. */
export type ShortTermMemoryOptions<M extends AgentMessage = AgentMessage> = WindowOptions & MemoryOptions<M>;

/** The window: at least one of its limits. */
type WindowOptions =
  | {
      /** Turns kept per conversation (the window), 1 or more. Default 1000 when `maxTokens` is given. */
      readonly maxTurns: number;
      /** Tokens kept per conversation: the oldest turns leave until the rest fit (the newest turn always stays). */
      readonly maxTokens?: number;
    }
  | { readonly maxTurns?: number; readonly maxTokens: number };

/** Everything else a memory may be given. */
interface MemoryOptions<M extends AgentMessage> {
  /** Counts the tokens of a text (your model's tokenizer). Default: about four characters a token. */
  readonly countTokens?: (text: string) => number;
  /** Folds turns that leave the window into a summary the agent sees with `summaryOf(context.memory)`. */
  readonly summarize?: Summarizer<M>;
  /** Conversations kept in process; the least recently written is forgotten beyond it (reloaded from `store` if any). Default 10000. */
  readonly maxConversations?: number;
  /** Where turns also go, so a restarted runtime continues its conversations (e.g. `RedisMemoryStore`). */
  readonly store?: MemoryStore<M>;
}

const NO_TURNS: readonly never[] = Object.freeze([]);

/**
 * Per-conversation short-term memory: each conversation's window of turns is `scan` state, keeping
 * the turns the pure {@link slideWindow} keeps; conversations never see each other's turns. A window holds at
 * most `maxTurns` turns and, with `maxTokens`, as many of the newest turns as fit that many tokens;
 * with `summarize`, turns that leave it are folded into a summary (`summaryOf(context.memory)`).
 * Windows live in process (bounded by `maxConversations`, least recently used first out) and, with
 * a `store`, are loaded from it the first time a conversation is seen and appended to on every turn.
 *
 * @example
 * ```ts
 * import { AgentRuntime, ShortTermMemory } from 'rxagent';
 * const runtime = new AgentRuntime({ inputs, outputs, agent, shortTermMemory: new ShortTermMemory({ maxTurns: 20, maxTokens: 4000 }) });
 * ```
 */
export class ShortTermMemory<M extends AgentMessage = AgentMessage> implements ConversationMemory<M> {
  /** Turns kept per conversation. */
  readonly maxTurns: number;
  /** Tokens kept per conversation, if limited. */
  readonly maxTokens: number | undefined;
  /** Conversations kept in process. */
  readonly maxConversations: number;
  private readonly store: MemoryStore<M> | undefined;
  private readonly summarize: Summarizer<M> | undefined;
  private readonly limits: WindowLimits<M>;
  /** Windows in least-recently-moved order (see `touch`). */
  private readonly windows = new Map<string, Held<M>>();
  /** Counts touches: the clock of `movedAt`. */
  private clock = 0;

  constructor(options: ShortTermMemoryOptions<M>) {
    const { maxTokens, countTokens = approximateTokens, maxConversations = 10_000, store, summarize } = options ?? ({} as ShortTermMemoryOptions<M>);
    const maxTurns = options?.maxTurns ?? (maxTokens === undefined ? undefined : 1000);
    if (!Number.isInteger(maxTurns) || maxTurns! < 1) {
      throw new ConfigError('maxTurns', `must be a whole number of turns, 1 or more (got ${String(maxTurns)}); e.g. new ShortTermMemory({ maxTurns: 20 }) or new ShortTermMemory({ maxTokens: 4000 })`);
    }
    if (maxTokens !== undefined && !(typeof maxTokens === 'number' && maxTokens >= 1)) {
      throw new ConfigError('maxTokens', `must be a number of tokens, 1 or more (got ${String(maxTokens)}); e.g. new ShortTermMemory({ maxTokens: 4000, countTokens: (text) => tokenizer.encode(text).length })`);
    }
    if (typeof countTokens !== 'function') throw new ConfigError('countTokens', 'must be a function (text) => number of tokens');
    if (summarize !== undefined && typeof summarize !== 'function') throw new ConfigError('summarize', 'must be a function ({ summary, evicted }) => new summary');
    if (!Number.isInteger(maxConversations) || maxConversations < 1) {
      throw new ConfigError('maxConversations', `must be a whole number, 1 or more (got ${String(maxConversations)})`);
    }
    if (store !== undefined && (typeof store.load !== 'function' || typeof store.append !== 'function')) {
      throw new ConfigError('store', 'must be a MemoryStore (load and append methods), e.g. store: new RedisMemoryStore({ redis })');
    }
    this.maxTurns = maxTurns!;
    this.maxTokens = maxTokens;
    this.maxConversations = maxConversations;
    this.store = store;
    this.summarize = summarize;
    const counted = new WeakMap<Turn<M>, number>();
    const tokensOf = (turn: Turn<M>): number => {
      let tokens = counted.get(turn);
      if (tokens === undefined) counted.set(turn, (tokens = countTokens(turn.message.text) + (turn.reply === null ? 0 : countTokens(turn.reply.text))));
      return tokens;
    };
    this.limits = maxTokens === undefined ? { maxTurns: this.maxTurns } : { maxTurns: this.maxTurns, maxTokens, tokensOf };
  }

  /**
   * The window of a conversation, oldest first (loaded from the store the first time, if there is
   * one): a copy the agent may keep, which later turns do not change.
   */
  recall(conversationId: string): readonly Turn<M>[] | PromiseLike<readonly Turn<M>[]> {
    // The window moves to the most recent end when it is written (every run that recalls records), not here.
    const held = this.windows.get(conversationId);
    if (held !== undefined) return snapshot(held);
    const store = this.store;
    if (store === undefined) return NO_TURNS;
    return Promise.all([store.load(conversationId, this.maxTurns), store.loadSummary?.(conversationId)]).then(([turns, summary]) => {
      const loaded: Held<M> = { window: new TurnRing(this.limits), summary, movedAt: 0 };
      for (const turn of fitWindow(turns, this.limits).window) loaded.window.add(turn, false);
      this.touch(conversationId, loaded, this.windows.get(conversationId));
      return snapshot(loaded);
    });
  }

  /** Adds a turn to a conversation's window (and to the store, resolving once it is written and the summary folded). */
  record(conversationId: string, turn: Turn<M>): void | PromiseLike<void> {
    const found = this.windows.get(conversationId);
    const held = found ?? { window: new TurnRing(this.limits), summary: undefined, movedAt: 0 };
    // The window is this memory's own ring, changed in place: agents get copies (`recall`), and a
    // new array per turn would live as long as the conversation's next turn and be promoted garbage.
    const summarize = this.summarize;
    const evicted = held.window.add(turn, summarize !== undefined);
    this.touch(conversationId, held, found);
    const stored = this.store?.append(conversationId, turn, this.maxTurns);
    if (evicted.length === 0 || summarize === undefined) return stored;
    return this.fold(conversationId, held, evicted, summarize, stored);
  }

  /** Folds evicted turns into the summary (a method of its own: its closure would cost `record` a context per call). */
  private fold(conversationId: string, held: Held<M>, evicted: readonly Turn<M>[], summarize: Summarizer<M>, stored: void | PromiseLike<void>): void | PromiseLike<void> {
    const save = (next: string): void | PromiseLike<void> => {
      held.summary = next;
      return this.store?.saveSummary?.(conversationId, next);
    };
    const next = summarize({ conversationId, summary: held.summary, evicted });
    // A synchronous summariser without a store stays synchronous (virtual time keeps running).
    if (typeof next === 'string' && stored === undefined) return save(next);
    // The next recall of this conversation waits for this record (the runtime's lanes), so it sees the new summary.
    const folded = Promise.resolve(next).then(save);
    return Promise.all([stored, folded]).then(() => undefined);
  }

  /** How many conversations are held in process. */
  get size(): number {
    return this.windows.size;
  }

  /**
   * Stores a conversation's window as the most recently used. Moving a map entry to the end on
   * every turn is two hash operations and map garbage per message, so an entry moves only when it
   * is in the older half (moved more than `maxConversations / 2` touches ago). The front entry,
   * forgotten first, is the one moved longest ago: least recently used, to within that many touches.
   */
  private touch(conversationId: string, held: Held<M>, found: Held<M> | undefined): void {
    const now = ++this.clock;
    if (found === held && now - held.movedAt <= this.maxConversations / 2) return;
    if (found !== undefined) this.windows.delete(conversationId);
    held.movedAt = now;
    this.windows.set(conversationId, held);
    if (this.windows.size > this.maxConversations) {
      this.windows.delete(this.windows.keys().next().value as string);
    }
  }
}

/** A conversation's window in process (owned, changed in place), its summary, and when its map entry last moved to the end. */
interface Held<M extends AgentMessage> {
  readonly window: TurnRing<M>;
  summary: string | undefined;
  movedAt: number;
}

/** What an agent sees of a window: a copy, with the summary attached. */
function snapshot<M extends AgentMessage>(held: Held<M>): readonly Turn<M>[] {
  if (held.window.length === 0 && held.summary === undefined) return NO_TURNS;
  return setSummary(held.window.toArray(), held.summary);
}

function approximateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
