import type { AgentMessage } from '../messages/AgentMessage.js';
import type { Turn } from '../runtime/Agent.js';

/** The limits of a conversation's window: a number of turns and, optionally, a token budget. */
export interface WindowLimits<M extends AgentMessage = AgentMessage> {
  readonly maxTurns: number;
  /** The most tokens the window's turns may hold; the newest turn is always kept, even if larger. */
  readonly maxTokens?: number;
  /** Tokens of one turn; required with `maxTokens`. */
  readonly tokensOf?: (turn: Turn<M>) => number;
}

/** A window after a turn was added, and the turns that left it (oldest first). */
export interface Slide<M extends AgentMessage = AgentMessage> {
  readonly window: readonly Turn<M>[];
  readonly evicted: readonly Turn<M>[];
}

const NONE: readonly never[] = Object.freeze([]);

/**
 * The memory's pure transition with both windows: adds `turn`, then drops the oldest turns until
 * at most `maxTurns` remain and their tokens fit `maxTokens`. It never mutates `window`; the
 * dropped turns are returned so a summariser can fold them.
 *
 * @example
 * ```ts
 * import { slideWindow } from 'rxagent';
 * const tokensOf = (turn) => turn.message.text.length;
 * const { window, evicted } = slideWindow(turns, next, { maxTurns: 20, maxTokens: 2000, tokensOf });
 * ```
 */
export function slideWindow<M extends AgentMessage>(window: readonly Turn<M>[], turn: Turn<M>, limits: WindowLimits<M>): Slide<M> {
  const start = firstKept(window, turn, limits);
  // One exact-size array (slice, then push, would allocate twice).
  const kept = window.length - start;
  const next = new Array<Turn<M>>(kept + 1);
  for (let i = 0; i < kept; i++) next[i] = window[start + i]!;
  next[kept] = turn;
  return { window: next, evicted: start === 0 ? NONE : window.slice(0, start) };
}

/** The index in `window` of the oldest turn that stays when `turn` is added within `limits`. */
function firstKept<M extends AgentMessage>(window: readonly Turn<M>[], turn: Turn<M>, limits: WindowLimits<M>): number {
  let start = Math.max(0, window.length + 1 - Math.max(1, limits.maxTurns));
  const { maxTokens, tokensOf } = limits;
  if (maxTokens !== undefined && tokensOf !== undefined) {
    let total = tokensOf(turn);
    for (let i = start; i < window.length; i++) total += tokensOf(window[i]!);
    while (total > maxTokens && start < window.length) total -= tokensOf(window[start++]!);
  }
  return start;
}

/**
 * The longest run of newest `turns` that fits the limits (what {@link slideWindow} would have kept):
 * used on turns loaded from a store.
 *
 * @example
 * ```ts
 * import { fitWindow } from 'rxagent';
 * const { window } = fitWindow(loadedTurns, { maxTurns: 20 });
 * ```
 */
export function fitWindow<M extends AgentMessage>(turns: readonly Turn<M>[], limits: WindowLimits<M>): Slide<M> {
  if (turns.length === 0) return { window: turns, evicted: NONE };
  return slideWindow(turns.slice(0, -1), turns[turns.length - 1]!, limits);
}
