import type { AgentMessage } from '../messages/AgentMessage.js';
import type { RejectionReason } from '../runtime/AgentResult.js';
import { ExpiringMap } from './ExpiringMap.js';
import type { ResolvedGuards } from './Guards.js';

/** Why a guard refused a message. @internal */
export interface GuardVerdict {
  readonly reason: RejectionReason;
  readonly detail: string;
}

/**
 * The guards of one pipeline run, as one check per message: `undefined` lets it through, a verdict
 * rejects it. Self → duplicate → loop → cap, so a message counts towards a cap only if it would run.
 * @internal
 */
export function createGuard<M extends AgentMessage>(guards: ResolvedGuards, now: () => number): (message: M) => GuardVerdict | undefined {
  const { dedupWindowMs, selfAuthorIds, replyCap, pingPong, maxEntries } = guards;
  const seen = dedupWindowMs === undefined ? undefined : new ExpiringMap<true>(maxEntries);
  const botTurns = pingPong === undefined ? undefined : new ExpiringMap<number>(maxEntries);
  const replies = replyCap === undefined ? undefined : new ExpiringMap<{ count: number; until: number }>(maxEntries);
  return (message) => {
    const author = message.author;
    if (selfAuthorIds !== undefined && author !== undefined && selfAuthorIds.has(author.id)) {
      return { reason: 'self', detail: `the author ${author.id} is this runtime itself (guards.selfAuthorIds)` };
    }
    const at = now();
    if (seen !== undefined) {
      const key = `${message.source ?? ''}:${message.id}`;
      if (seen.get(key, at) !== undefined) return { reason: 'duplicate', detail: `message ${message.id} from ${message.source ?? 'an unnamed input'} was already received in the last ${dedupWindowMs} ms` };
      seen.set(key, true, at, at + dedupWindowMs!);
    }
    const conversation = message.conversationId;
    if (botTurns !== undefined) {
      if (author?.isBot === true) {
        const turns = (botTurns.get(conversation, at) ?? 0) + 1;
        botTurns.set(conversation, turns, at, at + pingPong!.windowMs);
        if (turns > pingPong!.maxBotTurns) {
          return { reason: 'loop', detail: `conversation ${conversation}: ${turns} bot messages in a row, each within ${pingPong!.windowMs} ms (guards.pingPong.maxBotTurns is ${pingPong!.maxBotTurns}); a human message or a quiet gap resets it` };
        }
      } else if (botTurns.get(conversation, at) !== undefined) {
        botTurns.set(conversation, 0, at, at);
      }
    }
    if (replies !== undefined) {
      const window = replies.get(conversation, at);
      if (window === undefined) replies.set(conversation, { count: 1, until: at + replyCap!.windowMs }, at, at + replyCap!.windowMs);
      else if (window.count >= replyCap!.max) {
        return { reason: 'capped', detail: `conversation ${conversation} reached its cap of ${replyCap!.max} messages per ${replyCap!.windowMs} ms (guards.replyCap); the window ends at ${window.until}` };
      } else window.count++;
    }
    return undefined;
  };
}
