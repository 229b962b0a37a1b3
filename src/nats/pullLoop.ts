import type { Consumer, JsMsg } from 'nats';
import type { SchedulerLike, Subscription } from 'rxjs';

/** How one partition is pulled. @internal */
export interface PullLoopOptions {
  /** How long one pull waits for a message. */
  readonly expiresMs: number;
  /** Read before and after every pull: true once the worker stops taking messages. */
  readonly stopping: () => boolean;
  /** Handles one message to its end (ack, nak or dead letter); the next pull waits for it. */
  readonly handle: (msg: JsMsg) => Promise<void>;
  /** A pull failed (connection lost, consumer missing); the loop waits `retryMs` and pulls again. */
  readonly failed: (error: unknown) => void;
  readonly retryMs: number;
  readonly scheduler: SchedulerLike;
}

/**
 * Pulls one partition's consumer, one message at a time, until `stopping()`: the server keeps one
 * message of the partition in flight (`max_ack_pending: 1`), so this loop is its only worker
 * until it acks. A message that arrives after the stop began is handed back at once (`nak`), so
 * another worker takes it without waiting for `ack_wait`.
 * @internal
 */
export async function pullLoop(open: () => Promise<Consumer>, options: PullLoopOptions): Promise<void> {
  let consumer: Consumer | undefined;
  while (!options.stopping()) {
    let msg: JsMsg | null;
    try {
      consumer ??= await open();
      msg = await consumer.next({ expires: options.expiresMs });
    } catch (error) {
      if (options.stopping()) return;
      options.failed(error);
      await wait(options.scheduler, options.retryMs);
      continue;
    }
    if (msg === null) continue;
    if (options.stopping()) {
      msg.nak();
      return;
    }
    await options.handle(msg);
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
