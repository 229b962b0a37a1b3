import type { AgentMessage } from '../messages/AgentMessage.js';
import type { Charge, PricingPolicy, Settlement } from '../pricing/PricingPolicy.js';
import { isPromiseLike } from './answers.js';

/**
 * Settles a run's reservation with `pricing` and hands `then` the charge, or the pricing error (a
 * ledger failure must not hide the run's own outcome): synchronously when pricing answers so.
 * @internal
 */
export function settleCharge<M extends AgentMessage>(pricing: PricingPolicy<M>, settlement: Settlement<M>, then: (charge: Charge | undefined, error?: unknown) => void): void {
  let settled: Charge | PromiseLike<Charge>;
  try {
    settled = pricing.settle(settlement);
  } catch (error) {
    return then(undefined, error);
  }
  if (!isPromiseLike(settled)) return then(settled);
  settled.then(
    (charge) => then(charge),
    (error: unknown) => then(undefined, error),
  );
}
