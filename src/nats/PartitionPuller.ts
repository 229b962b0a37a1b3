import { createInbox, type JsMsg, type Msg, type NatsConnection, type Subscription } from 'nats';
// `consumer.next()` would build a new inbox subscription, status iterator and timers for every
// message; the message wrapper it uses is all this puller needs from the client's internals.
import { ACK, JsMsgImpl } from 'nats/lib/jetstream/jsmsg.js';
import { Replies } from './Replies.js';

/** The JetStream API's default request timeout, which `toJsMsg` gives a message's `ackAck`. */
const ACK_TIMEOUT_MS = 5000;
/** How long after a pull's expiry the puller stops waiting for the server's answer (a pull lost in a reconnect is never answered). */
const GRACE_MS = 1000;

/** Where a {@link PartitionPuller} pulls from. @internal */
export interface PullTarget {
  readonly nc: NatsConnection;
  readonly stream: string;
  readonly consumer: string;
}

/**
 * Pulls one durable pull consumer one message at a time over one inbox subscription that lives as
 * long as the puller: each pull is a single publish of `{ batch: 1, expires }`, answered by the
 * message or by a status (408 when the pull expired). It keeps count of the pulls the server may
 * still answer, so a stopping loop can wait for them and hand back what they bring.
 * @internal
 */
export class PartitionPuller {
  private readonly subject: string;
  private readonly inbox = createInbox();
  private readonly sub: Subscription;
  private readonly arrived: Msg[] = [];
  private readonly request: string;
  private wake: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closedError: unknown;
  /** Pulls sent and not yet answered (nor given up on). */
  private outstanding = 0;
  /** When the last pull is given up on. */
  private deadline = 0;

  constructor(
    private readonly target: PullTarget,
    private readonly expiresMs: number,
  ) {
    this.subject = `$JS.API.CONSUMER.MSG.NEXT.${target.stream}.${target.consumer}`;
    this.request = JSON.stringify({ batch: 1, expires: expiresMs * 1_000_000 });
    this.sub = target.nc.subscribe(this.inbox, {
      callback: (error, msg) => {
        if (error) this.closedError = error;
        else this.arrived.push(msg);
        this.notify();
      },
    });
  }

  /** Whether a pull may still be answered. */
  get pending(): boolean {
    return this.outstanding > 0 || this.arrived.length > 0;
  }

  /**
   * The next message of the consumer, pulling one if none is asked for yet; `null` when the pull
   * expired without one. Throws when the server refuses the pull (e.g. the consumer is missing).
   */
  async next(): Promise<JsMsg | null> {
    this.prefetch();
    return this.answer();
  }

  /**
   * Sends a pull now unless one is pending or a message is waiting. Called as a message is acked,
   * the pull leaves in the same write as the ack; the server still delivers nothing more of the
   * partition until the ack is in (`max_ack_pending: 1`).
   */
  prefetch(): void {
    if (this.outstanding === 0 && this.arrived.length === 0) this.pull();
  }

  /** The answer to a pull already sent (a message, or `null` once it expired); does not pull again. */
  async answer(): Promise<JsMsg | null> {
    for (;;) {
      const msg = this.arrived.shift();
      if (msg !== undefined) {
        const message = this.read(msg);
        if (message !== undefined) return message;
        continue;
      }
      if (this.closedError !== undefined) throw this.closedError;
      if (this.outstanding === 0) return null;
      if (Date.now() >= this.deadline) {
        // No answer in time: the pull was lost (a reconnect) and a new one may be sent. Should it
        // still bring a message, the subscription is there to take it.
        this.outstanding = 0;
        return null;
      }
      await this.arrival();
    }
  }

  /**
   * Acks a message this puller brought, confirmed by the server (as `JsMsg.ackAck`, which it
   * replaces: that one costs a timer and a stack-traced error per ack); with `pullNext`, the
   * partition's next pull leaves in the same write.
   */
  ackAck(msg: JsMsg, pullNext: boolean): Promise<void> {
    const impl = msg as JsMsgImpl;
    // As JsMsg.ackAck: a message already acked or handed back is not acked again.
    if (impl.didAck) return Promise.resolve();
    impl.didAck = true;
    const acked = Replies.of(this.target.nc).request(impl.reply, ACK, ACK_TIMEOUT_MS);
    if (pullNext) this.prefetch();
    return acked.then(() => undefined);
  }

  /** Whether the subscription failed (the server refused it): a new puller is needed. */
  get broken(): boolean {
    return this.closedError !== undefined;
  }

  /** Ends the subscription; a pull still pending would find no one (call only when none is). */
  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.sub.unsubscribe();
  }

  private pull(): void {
    this.target.nc.publish(this.subject, this.request, { reply: this.inbox });
    this.outstanding++;
    this.deadline = Date.now() + this.expiresMs + GRACE_MS;
  }

  /** A message, or `undefined` for a status that ends a pull without one (throws for a refusal). */
  private read(msg: Msg): JsMsg | null | undefined {
    // The server answers on the inbox itself with a status; a message keeps its stream subject.
    if (msg.subject !== this.inbox) {
      this.outstanding = Math.max(0, this.outstanding - 1);
      return new JsMsgImpl(msg, ACK_TIMEOUT_MS);
    }
    const code = msg.headers?.code ?? 0;
    if (code === 100) return undefined; // an idle heartbeat (not asked for)
    this.outstanding = Math.max(0, this.outstanding - 1);
    if (code === 408 || code === 404) return this.outstanding === 0 ? null : undefined;
    throw new Error(`JetStream refused a pull of ${this.target.stream} > ${this.target.consumer}: ${code} ${msg.headers?.description ?? ''}`.trim());
  }

  /** Waits for a message or status, or for the pull's deadline. */
  private arrival(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wake = resolve;
      // One timer at a time, not one per pull: deadlines only move later, so a timer that fires
      // early just has `answer` look again and arm the next one.
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.notify();
      }, Math.max(0, this.deadline - Date.now()));
    });
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}
