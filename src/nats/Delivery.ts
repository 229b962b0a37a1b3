import type { JsMsg } from 'nats';
import type { SchedulerLike, Subscription } from 'rxjs';
import { heartbeat } from './pullLoop.js';

/**
 * One JetStream delivery in a worker, from receipt to its end: it heartbeats (`working()`) until
 * it is acked, handed back or dead-lettered, so a slow agent keeps its lease.
 * @internal
 */
export class Delivery {
  /** The message's stream sequence: what the fence compares. */
  readonly seq: number;
  /** How many times the server has delivered it (1 the first time). */
  readonly deliveries: number;
  /** The parsed payload fed to the pipeline (its identity finds this delivery again). */
  raw: object | undefined;
  private readonly beating: Subscription;
  private resolve!: () => void;
  /** Resolves when the delivery has ended. */
  readonly done = new Promise<void>((resolve) => (this.resolve = resolve));

  constructor(
    readonly msg: JsMsg,
    readonly partition: number,
    ackWaitMs: number,
    scheduler: SchedulerLike,
    /** The puller's confirmed ack (it sends the partition's next pull with it); default `msg.ackAck()`. */
    private readonly acker?: () => Promise<void>,
  ) {
    this.seq = msg.seq;
    this.deliveries = msg.info.redeliveryCount;
    this.beating = heartbeat(msg, ackWaitMs, scheduler);
  }

  /** Acks the message, confirmed by the server; the partition's next pull goes out in the same write. */
  async ackAck(): Promise<void> {
    if (this.acker === undefined) await this.msg.ackAck();
    else await this.acker();
  }

  /** Stops the heartbeat and lets the partition pull again. */
  end(): void {
    this.beating.unsubscribe();
    this.resolve();
  }
}
