import type { RejectionReason } from './AgentResult.js';

/**
 * What one `run()` did. Every received item ends as exactly one of the outcomes, so
 * `received === rejected + replied + noReply + failed`.
 */
export interface RunSummary {
  readonly received: number;
  readonly rejected: number;
  readonly replied: number;
  readonly noReply: number;
  readonly failed: number;
  /** Successful deliveries: one per result per output that took it. */
  readonly delivered: number;
  readonly deliveryFailed: number;
  /** Deliveries not sent because the delivery journal shows they were made before (a replay); also counted in `delivered`. */
  readonly duplicateDeliveries: number;
  readonly inputsFailed: number;
  /** Rejections by reason. */
  readonly rejectedBy: Readonly<Record<RejectionReason, number>>;
  /** Total cost charged by pricing (0 without pricing). */
  readonly cost: number;
}

/** A summary being counted. @internal */
export type MutableSummary = { -readonly [K in keyof RunSummary]: RunSummary[K] extends number ? number : Record<RejectionReason, number> };

/** @internal */
export function emptySummary(): MutableSummary {
  return {
    received: 0,
    rejected: 0,
    replied: 0,
    noReply: 0,
    failed: 0,
    delivered: 0,
    deliveryFailed: 0,
    inputsFailed: 0,
    rejectedBy: { invalid: 0, budget: 0, overloaded: 0, stopped: 0, dropped: 0, coalesced: 0, interrupted: 0, duplicate: 0, self: 0, capped: 0, loop: 0 },
    duplicateDeliveries: 0,
    cost: 0,
  };
}
