import { isObservable, type Observable, type Subscription } from 'rxjs';
import type { AgentMessage } from '../messages/AgentMessage.js';
import type { InFlightNode } from '../operators/InFlight.js';
import type { Lane } from '../operators/Lanes.js';
import type { Admission, Charge } from '../pricing/PricingPolicy.js';
import type { AgentReply, Turn } from './Agent.js';
import type { AgentOutcome, AgentResult } from './AgentResult.js';
import { isPromiseLike, isReply } from './answers.js';
import { Attempt } from './Attempt.js';
import { AgentTimeoutError, InvalidReplyError } from './errors.js';
import { recordedReply, TurnRecord } from './plainRecords.js';
import { retryDelay } from './retry.js';
import type { RunDeps, RunSink } from './RunDeps.js';
import { settleCharge } from './settleCharge.js';

const NO_TURNS: readonly never[] = Object.freeze([]);
const NO_MESSAGES: readonly never[] = NO_TURNS;

/**
 * One message's way through the agent: admission → recall → attempts (timeout, retry) → record →
 * settle → exactly one outcome. Steps that answer synchronously continue synchronously (no
 * Promise, no scheduling), so a synchronous agent costs a few function calls; every wait goes
 * through the injected scheduler, so it all runs in virtual time.
 *
 * A run is reusable: once it ended with nothing of it still pending ({@link reusable}), the
 * pipeline hands it the next message ({@link reset}). Its two callbacks for an agent's Promise are
 * made once per run object, not per message: closures, their context, the run itself were most
 * of the garbage per message, and garbage is where the time of a trivial run went.
 * @internal
 */
export class AgentRun<M extends AgentMessage> implements InFlightNode<AgentRun<M>> {
  // Links of the pipeline's list of runs in flight (for the drain deadline).
  prev: AgentRun<M> | undefined = undefined;
  next: AgentRun<M> | undefined = undefined;
  linked = false;
  private attempt = 0;
  private startedAt = 0;
  private ticket: unknown;
  private admitted = false;
  /** The agent's answer once it gave one (`null`: no reply); `undefined` before. */
  private reply: AgentReply | null | undefined;
  private controller: Attempt<M> | undefined;
  private pending: Subscription | undefined;
  private timer: Subscription | undefined;
  private closed = false;
  /** Set once the run is failing: late answers of earlier steps are ignored. */
  private failing = false;
  /** Callbacks handed to Promises and not yet called: the run is reused only when none are left. */
  private unanswered = 0;
  /**
   * The number of the attempt the run's own agent callbacks wait for (0: none; one at a time,
   * others get closures). A number, not the attempt: runs are reused, so they live in the old
   * generation, where every store of a new object costs a write barrier.
   */
  private awaited = 0;
  /** The message; set by {@link reset}. */
  message!: M;
  /** The conversation's lane it runs in; set by {@link reset}. */
  lane!: Lane<M>;
  /** Earlier messages merged into this run (overlap `coalesce` or debounce), oldest first. */
  private coalesced: readonly M[] = NO_MESSAGES;

  constructor(
    private readonly deps: RunDeps<M>,
    private readonly sink: RunSink<M>,
  ) {}

  /** Makes this (new or ended) run the run of `message`. */
  reset(message: M, lane: Lane<M>, coalesced: readonly M[] = NO_MESSAGES): this {
    this.message = message;
    this.lane = lane;
    this.coalesced = coalesced;
    this.attempt = 0;
    this.ticket = undefined;
    this.admitted = false;
    this.reply = undefined;
    this.closed = false;
    this.failing = false;
    return this;
  }

  /** Ended, with no timer, subscription or Promise callback of it left: it may run another message. */
  get reusable(): boolean {
    return this.closed && this.unanswered === 0 && this.timer === undefined && this.pending === undefined;
  }

  // The agent's Promise answered (the attempt it was for is `awaited`): it counts only if that
  // attempt is still the current one (not timed out, not followed by a retry).
  private readonly answered = (value: unknown): void => {
    const controller = this.awaitedAttempt();
    if (controller !== undefined) this.attemptSucceeded(controller, value);
  };

  private readonly refused = (error: unknown): void => {
    const controller = this.awaitedAttempt();
    if (controller !== undefined) this.attemptFailed(controller, error);
  };

  /** Ends the wait of the run's own callbacks: the current attempt if it is the awaited one. */
  private awaitedAttempt(): Attempt<M> | undefined {
    const attempt = this.awaited;
    if (attempt === 0) return undefined;
    this.awaited = 0;
    this.unanswered--;
    return attempt === this.attempt ? this.controller : undefined;
  }

  start(): void {
    this.startedAt = this.deps.scheduler.now();
    const { pricing } = this.deps;
    if (pricing === undefined) return this.recall();
    this.step(this.admit, this.admission, this.lateAdmission);
  }

  /** Ends the run now with `error` as its failure (the drain deadline passed). */
  cancel(error: unknown): void {
    if (this.closed) return;
    this.abortAttempt(error);
    this.fail(error);
  }

  /**
   * The outcome's subscriber went away (the pipeline was unsubscribed, or a newer message
   * interrupted the run): stop whatever is still running (`reason` is made only if needed) and
   * release a pricing reservation, charging it when the agent had already replied.
   */
  dispose(reason: () => unknown): void {
    if (this.closed) return;
    this.closed = true;
    if (this.controller !== undefined) this.abortAttempt(reason());
    else this.settleAttempt();
    if (this.admitted) this.settle(this.reply ?? null, this.reply === undefined, () => undefined);
  }

  private admit(): Admission | PromiseLike<Admission> {
    return this.deps.pricing!.admit(this.message);
  }

  private admission(admission: Admission): void {
    if (!admission.granted) return this.reject(admission.detail, admission.reply);
    this.admitted = true;
    this.ticket = admission.ticket;
    this.recall();
  }

  /** A reservation granted after the run was disposed (interrupted, unsubscribed): give it back. */
  private lateAdmission(admission: Admission): void {
    if (!admission.granted) return;
    this.admitted = true;
    this.ticket = admission.ticket;
    this.settle(null, true, () => undefined);
  }

  private recall(): void {
    if (this.deps.memory === undefined) return this.attemptNow(NO_TURNS);
    this.step(this.recallTurns, this.recalled);
  }

  private recallTurns(): readonly Turn<M>[] | PromiseLike<readonly Turn<M>[]> {
    return this.deps.memory!.recall(this.message.conversationId);
  }

  private recalled(turns: readonly Turn<M>[]): void {
    this.attemptNow(turns);
  }

  /** Calls the agent with `turns` (the window recalled for this message; a retry gets the same). */
  private attemptNow(turns: readonly Turn<M>[]): void {
    const { agent, scheduler, timeoutMs } = this.deps;
    const { emit } = this.deps.events;
    const attempt = ++this.attempt;
    const controller = new Attempt<M>(turns, scheduler, attempt, this.coalesced);
    this.controller = controller;
    emit?.({ type: 'started', at: scheduler.now(), message: this.message, attempt });
    let returned: unknown;
    try {
      returned = agent(this.message, controller);
    } catch (error) {
      return this.attemptFailed(controller, error);
    }
    if (returned instanceof Promise && this.awaited === 0) {
      // The common case, a native Promise (it calls back once): the run's own callbacks (see the class comment).
      this.unanswered++;
      this.awaited = attempt;
      returned.then(this.answered, this.refused);
    } else if (isObservable(returned)) {
      this.subscribeTo(controller, returned);
    } else if (isPromiseLike(returned)) {
      this.awaitThenable(controller, returned);
    } else {
      return this.attemptSucceeded(controller, returned);
    }
    if (this.controller === controller && timeoutMs !== undefined) this.startTimeout(controller, timeoutMs);
  }

  // The rarer answers and the timeout are methods of their own: closures in attemptNow would make
  // V8 allocate their captured variables' context on every attempt, used or not.

  private subscribeTo(controller: Attempt<M>, answer: Observable<unknown>): void {
    let last: unknown = null;
    const subscription = answer.subscribe({
      next: (value) => (last = value),
      error: (error: unknown) => this.attemptFailed(controller, error),
      complete: () => this.attemptSucceeded(controller, last),
    });
    if (this.controller === controller) this.pending = subscription;
    else subscription.unsubscribe();
  }

  /** Another thenable, or a native Promise while an earlier attempt is still unanswered (it timed out): closures of this attempt. */
  private awaitThenable(controller: Attempt<M>, answer: PromiseLike<unknown>): void {
    this.unanswered++;
    let open = true;
    const answered = (succeeded: boolean, value: unknown) => {
      if (!open) return;
      open = false;
      this.unanswered--;
      if (succeeded) this.attemptSucceeded(controller, value);
      else this.attemptFailed(controller, value);
    };
    answer.then(
      (value) => answered(true, value),
      (error: unknown) => answered(false, error),
    );
  }

  private startTimeout(controller: Attempt<M>, timeoutMs: number): void {
    this.timer = this.deps.scheduler.schedule(() => {
      const error = new AgentTimeoutError(timeoutMs);
      // Settle first, so whatever the agent does when its signal aborts counts for nothing.
      this.attemptFailed(controller, error);
      Attempt.abort(controller, error);
    }, timeoutMs);
  }

  private attemptSucceeded(controller: Attempt<M>, value: unknown): void {
    if (this.closed || this.failing || this.controller !== controller) return;
    this.settleAttempt();
    if (!isReply(value)) return this.fail(new InvalidReplyError(value));
    this.reply = value;
    if (this.deps.memory === undefined) return this.charge(value);
    this.step(this.recordTurn, this.recorded);
  }

  private recordTurn(): void | PromiseLike<void> {
    return this.deps.memory!.record(this.message.conversationId, new TurnRecord(this.message, recordedReply(this.reply as AgentReply | null)));
  }

  private recorded(): void {
    this.charge(this.reply as AgentReply | null);
  }

  private attemptFailed(controller: Attempt<M>, error: unknown): void {
    if (this.closed || this.failing || this.controller !== controller) return;
    this.settleAttempt();
    const { retry, scheduler } = this.deps;
    const { emit } = this.deps.events;
    if (this.attempt > retry.count) return this.fail(error);
    const delayMs = retryDelay(retry, this.attempt, error);
    emit?.({ type: 'retrying', at: scheduler.now(), message: this.message, attempt: this.attempt, error, delayMs });
    this.controller = undefined;
    const turns = controller.memory;
    this.timer = scheduler.schedule(() => {
      this.timer = undefined;
      this.attemptNow(turns);
    }, delayMs);
  }

  private charge(reply: AgentReply | null): void {
    if (this.deps.pricing === undefined) return this.succeed(reply, undefined);
    this.chargePriced(reply);
  }

  private chargePriced(reply: AgentReply | null): void {
    const { scheduler, events } = this.deps;
    this.settle(reply, false, (charge, error) => {
      if (charge !== undefined) events.emit?.({ type: 'charged', at: scheduler.now(), message: this.message, amount: charge.amount, totals: charge.totals });
      // The reply exists and the tokens were spent: deliver it even if the ledger could not record the cost.
      if (error !== undefined) events.emit?.({ type: 'chargeFailed', at: scheduler.now(), message: this.message, error });
      this.succeed(reply, charge?.amount);
    });
  }

  /**
   * Settles the reservation once (charged when the agent replied, released when it did not); calls
   * `then` with the charge, or with the pricing error — a ledger failure must not hide the run's own outcome.
   */
  private settle(reply: AgentReply | null, failed: boolean, then: (charge: Charge | undefined, error?: unknown) => void): void {
    const { pricing } = this.deps;
    if (pricing === undefined || !this.admitted) return then(undefined);
    this.admitted = false;
    settleCharge(pricing, { message: this.message, ticket: this.ticket, reply, failed }, then);
  }

  private succeed(reply: AgentReply | null, cost: number | undefined): void {
    const { scheduler } = this.deps;
    const { emit } = this.deps.events;
    // One object is the outcome and the result (its `type` field is harmless to result readers).
    const outcome: { type: 'result' } & AgentResult<M> = { type: 'result', message: this.message, reply, attempts: this.attempt, startedAt: this.startedAt, finishedAt: scheduler.now() };
    if (cost !== undefined) (outcome as { cost?: number }).cost = cost;
    if (this.coalesced !== NO_MESSAGES) (outcome as { coalesced?: readonly M[] }).coalesced = this.coalesced;
    if (emit !== undefined) {
      const at = outcome.finishedAt;
      if (reply === null) emit({ type: 'noReply', at, result: outcome });
      else emit({ type: 'replied', at, result: outcome as AgentResult<M> & { reply: AgentReply } });
    }
    this.finish(outcome);
  }

  private fail(error: unknown): void {
    if (this.closed || this.failing) return;
    this.failing = true;
    // A run that failed after the agent replied (its memory could not be written) spent its tokens: charge them.
    const replied = this.reply !== undefined;
    this.settle(this.reply ?? null, !replied, () => {
      this.deps.events.emit?.({ type: 'failed', at: this.deps.scheduler.now(), message: this.message, error, attempts: this.attempt });
      this.finish({ type: 'failed', message: this.message, error, attempts: this.attempt });
    });
  }

  private reject(detail: string, reply: AgentReply | undefined): void {
    const { scheduler } = this.deps;
    const { emit } = this.deps.events;
    const source = this.message.source;
    const rejection = {
      reason: 'budget' as const,
      detail,
      value: this.message,
      message: this.message,
      ...(source === undefined ? {} : { source }),
      ...(reply === undefined ? {} : { reply }),
    };
    emit?.({ type: 'rejected', at: scheduler.now(), ...rejection });
    this.finish({ type: 'rejected', ...rejection });
  }

  private finish(outcome: AgentOutcome<M>): void {
    if (this.closed) return;
    this.closed = true;
    this.sink.ended(this, outcome);
  }

  private settleAttempt(): void {
    this.timer?.unsubscribe();
    this.timer = undefined;
    this.pending?.unsubscribe();
    this.pending = undefined;
    this.controller = undefined;
  }

  private abortAttempt(reason: unknown): void {
    const controller = this.controller;
    this.settleAttempt();
    if (controller !== undefined) Attempt.abort(controller, reason);
  }

  /**
   * Runs a step that may answer now or later; a throw or rejection fails the run. `late` gets an
   * answer that came after the run ended. The steps are methods of this run, called on it: an
   * answer given at once (a window in process, a synchronous ledger) costs no closure and no Promise.
   */
  private step<T>(call: (this: AgentRun<M>) => T | PromiseLike<T>, next: (this: AgentRun<M>, value: T) => void, late?: (this: AgentRun<M>, value: T) => void): void {
    let value: T | PromiseLike<T>;
    try {
      value = call.call(this);
    } catch (error) {
      return this.fail(error);
    }
    if (!isPromiseLike(value)) return next.call(this, value);
    this.awaitStep(value, next, late);
  }

  private awaitStep<T>(value: PromiseLike<T>, next: (this: AgentRun<M>, value: T) => void, late?: (this: AgentRun<M>, value: T) => void): void {
    // Until it answers, the run is not reused: its answer must find this message's run.
    this.unanswered++;
    let open = true;
    value.then(
      (resolved) => {
        if (!open) return;
        open = false;
        this.unanswered--;
        if (!this.closed && !this.failing) next.call(this, resolved);
        else late?.call(this, resolved);
      },
      (error: unknown) => {
        if (!open) return;
        open = false;
        this.unanswered--;
        this.fail(error);
      },
    );
  }
}
