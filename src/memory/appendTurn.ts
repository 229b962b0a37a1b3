import type { AgentMessage } from '../messages/AgentMessage.js';
import type { Turn } from '../runtime/Agent.js';

/**
 * The memory's pure transition, the reducer of its per-conversation `scan`: the window after
 * `turn`, keeping the last `maxTurns` turns. It never mutates `window`.
 *
 * @example
 * ```ts
 * import { appendTurn } from 'rxagent';
 * const window = appendTurn([], { message, reply: { text: 'hi' } }, 10); // [that turn]
 * ```
 */
export function appendTurn<M extends AgentMessage>(window: readonly Turn<M>[], turn: Turn<M>, maxTurns: number): readonly Turn<M>[] {
  if (maxTurns <= 0) return window.length === 0 ? window : [];
  const start = window.length + 1 > maxTurns ? window.length + 1 - maxTurns : 0;
  const next = window.slice(start);
  next.push(turn);
  return next;
}
