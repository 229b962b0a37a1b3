import { isObservable, type Observable, type Subscription } from 'rxjs';
import type { DeliveryJournal, JournalClaim } from '../control/DeliveryJournal.js';
import { idempotencyKey, type AgentOutput, type DeliveryContext } from '../io/AgentOutput.js';
import type { AgentMessage } from '../messages/AgentMessage.js';
import type { InFlightNode } from '../operators/InFlight.js';
import type { Lane } from '../operators/Lanes.js';
import type { RepliedResult } from './AgentResult.js';
import { RateLimitedError } from './errors.js';
import type { DeliveryConfig } from './OutputDeliveries.js';
import { retryDelay } from './retry.js';

/** Reports a delivery that failed for good: the `deliveryFailed` event and the settlement. @internal */
export function reportFailure<M extends AgentMessage>(config: DeliveryConfig<M>, output: string, result: RepliedResult<M>, error: unknown, attempts: number): void {
  config.events.emit?.({ type: 'deliveryFailed', at: config.scheduler.now(), output, result, error, attempts });
  config.settled(output, result, attempts, error);
}

/**
 * One result on its way to one output: attempts, back-off, timeout. Reusable like an agent run:
 * once it finished with nothing of it pending ({@link reusable}), its output hands it the next
 * result ({@link reset}); its callbacks for a `send` Promise are made once per object.
 * @internal
 */
export class Delivery<M extends AgentMessage> implements InFlightNode<Delivery<M>> {
  // Links of the output's list of deliveries in flight (for the drain deadline).
  prev: Delivery<M> | undefined = undefined;
  next: Delivery<M> | undefined = undefined;
  linked = false;
  private attempts = 0;
  private pending: Subscription | undefined;
  private timer: Subscription | undefined;
  private done = false;
  /** The last attempt whose answer counted. */
  private answered = 0;
  /** The idempotency key, made when first needed (a journal, or an output that reads it). */
  private keyMade: string | undefined;
  /** With a journal: whether this delivery holds its key's claim. */
  private claimed = false;
  /** Callbacks handed to Promises and not yet called: reused only when none are left. */
  private unanswered = 0;
  /** The attempt the delivery's own `send` callbacks wait for (0: none; others get closures). */
  private awaited = 0;
  /** The result; set by {@link reset}. */
  private result!: RepliedResult<M>;
  /** The conversation's lane it runs in; set by {@link reset}. */
  lane!: Lane<RepliedResult<M>>;

  constructor(
    private readonly output: AgentOutput<M>,
    private readonly config: DeliveryConfig<M>,
    private readonly finished: (delivery: Delivery<M>) => void,
  ) {}

  /** Makes this (new or finished) delivery the delivery of `result`. */
  reset(result: RepliedResult<M>, lane: Lane<RepliedResult<M>>): this {
    this.result = result;
    this.lane = lane;
    this.attempts = this.answered = 0;
    this.done = this.claimed = false;
    this.keyMade = undefined;
    return this;
  }

  /** Finished, with no timer, subscription or Promise callback of it left. */
  get reusable(): boolean {
    return this.done && this.unanswered === 0 && this.timer === undefined && this.pending === undefined;
  }

  // The output's Promise for attempt `awaited` answered.
  private readonly sent = (): void => {
    const attempt = this.awaited;
    if (attempt === 0) return;
    this.awaited = 0;
    this.unanswered--;
    if (this.answer(attempt)) this.succeed();
  };

  private readonly notSent = (error: unknown): void => {
    const attempt = this.awaited;
    if (attempt === 0) return;
    this.awaited = 0;
    this.unanswered--;
    if (this.answer(attempt)) this.fail(error);
  };

  /** `<source>:<message id>:<output>`, the same for every attempt and replay. */
  get key(): string {
    return (this.keyMade ??= idempotencyKey(this.result, this.output.name));
  }

  // Paths with closures (a journal, a rarer answer, a timeout) are methods of their own: a closure
  // in a method makes V8 allocate its captured variables' context on every call, used or not.

  attempt(): void {
    this.timer = undefined;
    const { journal } = this.config;
    if (journal === undefined || this.claimed) return this.send();
    this.claim(journal);
  }

  /** With a journal: claim the key first (a duplicate is delivered already). */
  private claim(journal: DeliveryJournal): void {
    const attempt = this.attempts;
    let claim: JournalClaim | PromiseLike<JournalClaim>;
    try {
      claim = journal.claim(this.key);
    } catch (error) {
      return this.journalFailed(error);
    }
    const claimed = (answer: JournalClaim) => {
      if (this.done || attempt !== this.attempts) return;
      if (answer !== 'claimed') return this.succeed(true);
      this.claimed = true;
      this.send();
    };
    if (typeof (claim as PromiseLike<JournalClaim>).then !== 'function') return claimed(claim as JournalClaim);
    const answered = this.later();
    (claim as PromiseLike<JournalClaim>).then(
      (answer) => answered() && claimed(answer),
      (error: unknown) => {
        if (answered() && !this.done && attempt === this.attempts) this.journalFailed(error);
      },
    );
  }

  /** The journal could not be asked: count it as a failed attempt (retried), never send unjournaled. */
  private journalFailed(error: unknown): void {
    this.attempts++;
    this.fail(error);
  }

  private send(): void {
    const attempt = ++this.attempts;
    let sent: unknown;
    try {
      sent = this.output.send(this.result, new SendContext(this.result, this.output.name, attempt));
    } catch (error) {
      return this.fail(error);
    }
    if (sent instanceof Promise && this.awaited === 0) {
      // The common case: a native Promise, answered through the delivery's own callbacks.
      this.awaited = attempt;
      this.unanswered++;
      sent.then(this.sent, this.notSent);
    } else if (isObservable(sent)) {
      if (!this.subscribeTo(attempt, sent)) return;
    } else if (typeof (sent as PromiseLike<unknown> | null)?.then === 'function') {
      this.awaitThenable(attempt, sent as PromiseLike<unknown>);
    } else {
      return this.succeed();
    }
    const { timeoutMs } = this.config;
    if (timeoutMs !== undefined && !this.done && attempt === this.attempts && this.timer === undefined) this.startTimeout(attempt, timeoutMs);
  }

  /** An Observable answer; false when the attempt already ended while subscribing. */
  private subscribeTo(attempt: number, sent: Observable<unknown>): boolean {
    const subscription = sent.subscribe({ error: (error: unknown) => this.answer(attempt) && this.fail(error), complete: () => this.answer(attempt) && this.succeed() });
    if (this.done || attempt !== this.attempts || this.timer !== undefined) {
      subscription.unsubscribe();
      return false;
    }
    this.pending = subscription;
    return true;
  }

  /** Another thenable, or a native Promise while an earlier attempt is still unanswered (it timed out). */
  private awaitThenable(attempt: number, sent: PromiseLike<unknown>): void {
    const answered = this.later();
    sent.then(
      () => answered() && this.answer(attempt) && this.succeed(),
      (error: unknown) => answered() && this.answer(attempt) && this.fail(error),
    );
  }

  private startTimeout(attempt: number, timeoutMs: number): void {
    this.timer = this.config.scheduler.schedule(() => this.answer(attempt) && this.fail(new Error(`output ${this.output.name} did not answer within ${timeoutMs} ms`)), timeoutMs);
  }

  /** Counts a callback handed to a Promise until it is called (once): returns what to call first in it, true the first time. */
  private later(): () => boolean {
    this.unanswered++;
    let open = true;
    return () => {
      if (!open) return false;
      open = false;
      this.unanswered--;
      return true;
    };
  }

  /**
   * Each attempt answers once: a late answer after its timeout, or after a newer attempt began, is
   * ignored. True when `attempt`'s answer is the one that counts.
   */
  private answer(attempt: number): boolean {
    if (attempt !== this.attempts || this.answered === attempt) return false;
    this.answered = attempt;
    return true;
  }

  fail(error: unknown, final = false): void {
    if (this.done) return;
    this.clear();
    const { retry, scheduler } = this.config;
    // The platform asked for a wait: hold the intake for it even when this delivery gives up.
    const heldUntil = !final && error instanceof RateLimitedError ? this.config.rateLimited?.(this.output.name, scheduler.now() + retryDelay(retry, this.attempts, error)) : undefined;
    // An error that says it is permanent (`retryable: false`, e.g. an HTTP 4xx refusal) is not tried again.
    if (final || this.attempts > retry.count || (error as { retryable?: unknown } | null)?.retryable === false) {
      const attempts = this.attempts;
      this.end();
      this.releaseClaim();
      reportFailure(this.config, this.output.name, this.result, error, attempts);
      return this.finished(this);
    }
    const delayMs = retryDelay(retry, this.attempts, error);
    this.config.events.emit?.({
      type: 'deliveryRetrying',
      at: scheduler.now(),
      output: this.output.name,
      result: this.result,
      attempt: this.attempts,
      error,
      delayMs,
      ...(heldUntil === undefined ? {} : { intakeHeldUntil: heldUntil }),
    });
    this.timer = scheduler.schedule(() => this.attempt(), delayMs);
  }

  dispose(): void {
    if (!this.done) this.releaseClaim();
    this.end();
  }

  private succeed(duplicate = false): void {
    if (this.done) return;
    const attempts = this.attempts;
    this.end();
    const { journal } = this.config;
    if (journal === undefined || duplicate) return this.delivered(attempts, duplicate);
    this.complete(journal, attempts);
  }

  /** With a journal: record the key as delivered, then report. */
  private complete(journal: DeliveryJournal, attempts: number): void {
    let completed: void | PromiseLike<void>;
    try {
      completed = journal.complete(this.key);
    } catch (error) {
      return this.delivered(attempts, false, error);
    }
    if (typeof (completed as PromiseLike<void> | undefined)?.then !== 'function') return this.delivered(attempts, false);
    const answered = this.later();
    (completed as PromiseLike<void>).then(
      () => answered() && this.delivered(attempts, false),
      (error: unknown) => answered() && this.delivered(attempts, false, error ?? new Error('journal.complete failed')),
    );
  }

  /** Reports the delivery made (after the journal recorded it, when there is one). */
  private delivered(attempts: number, duplicate: boolean, journalError?: unknown): void {
    this.config.events.emit?.({
      type: 'delivered',
      at: this.config.scheduler.now(),
      output: this.output.name,
      result: this.result,
      attempts: duplicate ? 0 : attempts,
      ...(duplicate ? { duplicate: true as const } : {}),
      ...(journalError === undefined ? {} : { journalError }),
    });
    this.config.settled(this.output.name, this.result, attempts, undefined, duplicate);
    this.finished(this);
  }

  /** Gives the key back after a delivery failed for good, so a later replay may try again. */
  private releaseClaim(): void {
    if (!this.claimed) return;
    this.claimed = false;
    try {
      // A failed release only delays the next claim until the lease runs out.
      void Promise.resolve(this.config.journal!.release(this.key)).catch(() => undefined);
    } catch {
      // Same as above: the lease expires on its own.
    }
  }

  private end(): void {
    this.done = true;
    this.clear();
  }

  private clear(): void {
    this.pending?.unsubscribe();
    this.timer?.unsubscribe();
    this.pending = this.timer = undefined;
  }
}

/**
 * What `send` is told: a class with a getter, so the key string is only made for an output that
 * reads it. It keeps the result, not the delivery (a delivery is reused for later results, and an
 * output may keep its context). @internal
 */
class SendContext implements DeliveryContext {
  readonly #result: RepliedResult<AgentMessage>;
  readonly #output: string;
  #key: string | undefined;

  constructor(
    result: RepliedResult<AgentMessage>,
    output: string,
    readonly attempt: number,
  ) {
    this.#result = result;
    this.#output = output;
  }

  get idempotencyKey(): string {
    return (this.#key ??= idempotencyKey(this.#result, this.#output));
  }

  toJSON(): DeliveryContext {
    return { idempotencyKey: this.idempotencyKey, attempt: this.attempt };
  }
}
