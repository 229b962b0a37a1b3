import type { AgentMessage } from '../messages/AgentMessage.js';
import type { TokenUsage } from '../runtime/Agent.js';

/** Prices of a run: per message, and per token reported in `reply.usage`. */
export interface Prices {
  readonly perMessage?: number;
  readonly perInputToken?: number;
  readonly perOutputToken?: number;
}

/**
 * What a run cost: `perMessage`, plus the tokens its reply reported times their prices. A run
 * without a reply (or without `usage`) costs `perMessage`.
 *
 * @example
 * ```ts
 * import { priceOf } from 'rxagent';
 * priceOf({ perMessage: 1, perOutputToken: 0.01 }, { outputTokens: 200 }); // 3
 * ```
 */
export function priceOf(prices: Prices, usage: TokenUsage | undefined): number {
  const { perMessage = 0, perInputToken = 0, perOutputToken = 0 } = prices;
  return perMessage + perInputToken * (usage?.inputTokens ?? 0) + perOutputToken * (usage?.outputTokens ?? 0);
}

/**
 * The default estimate reserved at admission: `perMessage`, plus the message's text at about four
 * characters a token times `perInputToken`. Output tokens are unknown before the run; pass your own
 * `estimate` to `Pricing` to reserve for them too.
 *
 * @example
 * ```ts
 * import { defaultEstimate } from 'rxagent';
 * defaultEstimate({ perMessage: 1, perInputToken: 0.5 }, { id: '1', conversationId: 'c', text: 'hello!!!' }); // 2
 * ```
 */
export function defaultEstimate(prices: Prices, message: AgentMessage): number {
  return priceOf(prices, { inputTokens: Math.ceil(message.text.length / 4) });
}
