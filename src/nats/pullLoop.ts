import type { JsMsg } from 'nats';
import type { SchedulerLike, Subscription } from 'rxjs';
import { PartitionPuller, type PullTarget } from './PartitionPuller.js';

/** How one partition is pulled. @internal */
export interface PullLoopOptions {
  /** How long one pull waits for a message. */
  readonly expiresMs: number;
  /** Read before and after every pull: true once the worker stops taking messages. */
  readonly stopping: () => boolean;
  /**
   * Handles one message to its end (ack, nak or dead letter); the next pull waits for it. Acking
   * with `ackAck` (rather than `msg.ackAck()`) sends the next pull along with the ack.
   */
  readonly handle: (msg: JsMsg, ackAck: () => Promise<void>) => Promise<void>;
  /** A pull failed (connection lost, consumer missing); the loop waits `retryMs` and pulls again. */
  readonly failed: (error: unknown) => void;
  readonly retryMs: number;
  readonly scheduler: SchedulerLike;
}

/**
 * Pulls one partition's consumer, one message at a time, until `stopping()`: the server keeps one
 * message of the partition in flight (`max_ack_pending: 1`), so this loop is its only worker
 * until it acks. `check` runs before the first pull (it looks the consumer up, so a missing one is
 * reported as before). A message that arrives after the stop began is handed back at once
 * (`nak`), so another worker takes it without waiting for `ack_wait`.
 * @internal
 */
export async function pullLoop(target: PullTarget, check: () => Promise<unknown>, options: PullLoopOptions): Promise<void> {
  let puller: PartitionPuller | undefined;
  let checked = false;
  while (!options.stopping()) {
    let msg: JsMsg | null;
    try {
      if (!checked) {
        await check();
        checked = true;
      }
      puller ??= new PartitionPuller(target, options.expiresMs);
      msg = await puller.next();
    } catch (error) {
      if (puller?.broken === true) {
        puller.close();
        puller = undefined;
      }
      if (options.stopping()) break;
      options.failed(error);
      await wait(options.scheduler, options.retryMs);
      continue;
    }
    if (msg === null) continue;
    if (options.stopping()) {
      msg.nak();
      break;
    }
    const current = puller;
    const pulled = msg;
    // No pull ahead once stopping: it would only hold the drain up.
    await options.handle(msg, () => current.ackAck(pulled, !options.stopping()));
  }
  if (puller !== undefined) await drain(puller);
}

/** Waits out the pulls the server may still answer, handing back what they bring, then unsubscribes. */
async function drain(puller: PartitionPuller): Promise<void> {
  try {
    while (puller.pending) (await puller.answer())?.nak();
  } catch {
    // A refused or failed pull brings nothing to hand back.
  } finally {
    puller.close();
  }
}

/** Calls `msg.working()` every third of `ackWaitMs` (and `beat`, if given) until unsubscribed. @internal */
export function heartbeat(msg: JsMsg, ackWaitMs: number, scheduler: SchedulerLike, beat?: () => void): Subscription {
  const period = Math.max(50, Math.floor(ackWaitMs / 3));
  return scheduler.schedule(function () {
    msg.working();
    beat?.();
    this.schedule(undefined, period);
  }, period);
}

function wait(scheduler: SchedulerLike, ms: number): Promise<void> {
  return new Promise((resolve) => scheduler.schedule(() => resolve(), ms));
}
