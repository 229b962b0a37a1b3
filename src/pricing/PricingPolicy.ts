import type { AgentMessage } from '../messages/AgentMessage.js';
import type { AgentReply } from '../runtime/Agent.js';

/** Pricing's answer before a run: go ahead (with a reservation to settle later) or refuse, saying which budget. */
export type Admission =
  | { readonly granted: true; readonly ticket?: unknown }
  | {
      readonly granted: false;
      readonly detail: string;
      /** What to answer the user instead of silence (e.g. "budget exceeded"); the runtime delivers it like a reply. */
      readonly reply?: AgentReply;
    };

/** What a settled run cost, and the running totals of the budgets it counted against, by name. */
export interface Charge {
  readonly amount: number;
  readonly totals: Readonly<Record<string, number>>;
}

/** What the runtime reports when a run ends: its reply, or that it failed (the reservation is released). */
export interface Settlement<M extends AgentMessage = AgentMessage> {
  readonly message: M;
  readonly ticket: unknown;
  readonly reply: AgentReply | null;
  readonly failed: boolean;
}

/**
 * What the runtime asks of pricing (the `pricing` option): admission before the agent runs, and
 * settlement after. `Pricing` is the implementation with prices, budgets and ledgers.
 */
export interface PricingPolicy<M extends AgentMessage = AgentMessage> {
  admit(message: M): Admission | PromiseLike<Admission>;
  settle(settlement: Settlement<M>): Charge | PromiseLike<Charge>;
}
