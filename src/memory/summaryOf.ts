import type { AgentMessage } from '../messages/AgentMessage.js';
import type { Turn } from '../runtime/Agent.js';

/**
 * Folds turns that leave the window into a running summary (e.g. by asking an LLM): given the
 * summary so far (`undefined` at first) and the evicted turns, oldest first, answers the new summary.
 */
export type Summarizer<M extends AgentMessage = AgentMessage> = (fold: {
  readonly conversationId: string;
  readonly summary: string | undefined;
  readonly evicted: readonly Turn<M>[];
}) => string | PromiseLike<string>;

const SUMMARY = 'summary';

/**
 * The summary of the turns that left a conversation's window, as an agent sees it: pass it
 * `context.memory`. `undefined` while nothing was summarised (or without a summariser).
 *
 * @example
 * ```ts
 * import { summaryOf, type Agent } from 'rxagent';
 * const agent: Agent = (message, { memory }) => ({ text: `Earlier: ${summaryOf(memory) ?? 'nothing'}. Now: ${message.text}` });
 * ```
 */
export function summaryOf(memory: readonly Turn<AgentMessage>[]): string | undefined {
  const summary = (memory as { readonly [SUMMARY]?: unknown })[SUMMARY];
  return typeof summary === 'string' ? summary : undefined;
}

/** Attaches `summary` to a window the memory owns (not enumerable: the window still looks like a plain array of turns). @internal */
export function setSummary<T extends readonly unknown[]>(window: T, summary: string | undefined): T {
  if (summary === undefined) return window;
  const target = (Object.isFrozen(window) ? window.slice() : window) as T;
  Object.defineProperty(target, SUMMARY, { value: summary, writable: true, configurable: true, enumerable: false });
  return target;
}
