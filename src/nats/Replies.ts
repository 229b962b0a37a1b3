import { createInbox, type MsgHdrs, type Msg, type NatsConnection, type Subscription } from 'nats';

interface Waiter {
  readonly resolve: (msg: Msg) => void;
  readonly reject: (error: Error) => void;
  readonly deadline: number;
  readonly what: string;
}

/** How often pending requests are checked for their timeout. */
const SWEEP_MS = 250;
const byConnection = new WeakMap<NatsConnection, Replies>();

/**
 * Request/reply for the confirmed acks and publishes of the hot path, over one wildcard inbox
 * subscription per connection and one sweeping timer. The client's own `request` does the same
 * exchange on the wire, but builds a timer and a stack-traced "cancelled" error per request, which
 * cost more than the rest of an ack.
 * @internal
 */
export class Replies {
  private readonly prefix = `${createInbox()}.`;
  private readonly waiting = new Map<string, Waiter>();
  private readonly sub: Subscription;
  private sweeper: NodeJS.Timeout | undefined;
  private count = 0;

  private constructor(private readonly nc: NatsConnection) {
    this.sub = nc.subscribe(`${this.prefix}*`, { callback: (error, msg) => (error ? this.failAll(error) : this.answer(msg)) });
  }

  /** The instance of this connection. */
  static of(nc: NatsConnection): Replies {
    let replies = byConnection.get(nc);
    if (replies === undefined || replies.sub.isClosed()) byConnection.set(nc, (replies = new Replies(nc)));
    return replies;
  }

  /** Publishes `data` to `subject` and resolves with the reply; rejects after `timeoutMs`, or when no one listens on `subject` (503). */
  request(subject: string, data: string | Uint8Array, timeoutMs: number, headers?: MsgHdrs): Promise<Msg> {
    const token = String(++this.count);
    return new Promise<Msg>((resolve, reject) => {
      this.waiting.set(token, { resolve, reject, deadline: Date.now() + timeoutMs, what: subject });
      try {
        this.nc.publish(subject, data, headers === undefined ? { reply: this.prefix + token } : { reply: this.prefix + token, headers });
      } catch (error) {
        this.waiting.delete(token);
        reject(error as Error);
        return;
      }
      // Unref'd: the connection's socket keeps the process up while replies can still come.
      this.sweeper ??= setInterval(() => this.sweep(), SWEEP_MS).unref();
    });
  }

  private answer(msg: Msg): void {
    const token = msg.subject.slice(this.prefix.length);
    const waiter = this.waiting.get(token);
    if (waiter === undefined) return; // late, after its timeout
    this.forget(token);
    if (msg.data.length === 0 && msg.headers?.code === 503) waiter.reject(new Error(`no responders on ${waiter.what} (503)`));
    else waiter.resolve(msg);
  }

  private sweep(): void {
    // Stopped only by a sweep that finds nothing waiting: a busy worker keeps one timer, not one per request.
    if (this.waiting.size === 0 && this.sweeper !== undefined) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
      return;
    }
    const now = Date.now();
    for (const [token, waiter] of this.waiting) {
      if (waiter.deadline > now) continue;
      this.forget(token);
      waiter.reject(new Error(`no reply from ${waiter.what} in time (TIMEOUT)`));
    }
  }

  private failAll(error: Error): void {
    for (const [token, waiter] of this.waiting) {
      this.forget(token);
      waiter.reject(error);
    }
  }

  private forget(token: string): void {
    this.waiting.delete(token);
  }
}
