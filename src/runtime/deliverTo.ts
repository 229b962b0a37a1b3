import { EMPTY, Observable, Subject, filter, isObservable, mergeMap, type SchedulerLike, type Subscription } from 'rxjs';
import type { AgentOutput } from '../io/AgentOutput.js';
import type { AgentMessage } from '../messages/AgentMessage.js';
import { InFlight } from '../operators/InFlight.js';
import { mergeMapInLanes } from '../operators/mergeMapInLanes.js';
import type { RepliedResult } from './AgentResult.js';
import { StoppedError } from './errors.js';
import type { EventSink } from './events.js';
import { retryDelay, type ResolvedRetry } from './retry.js';

/** How results are delivered to outputs. @internal */
export interface DeliveryConfig<M extends AgentMessage> {
  readonly retry: ResolvedRetry;
  readonly concurrency: number;
  readonly timeoutMs: number | undefined;
  readonly scheduler: SchedulerLike;
  /** Read per event: undefined when nobody listens. */
  readonly emit: EventSink<M> | undefined;
  /** Called once per result and output: delivered (`error` undefined) or failed for good. */
  readonly settled: (output: string, result: RepliedResult<M>, attempts: number, error?: unknown) => void;
  /** Emits at the drain deadline: waiting and running deliveries fail as stopped. */
  readonly abort$: Observable<unknown>;
}

/**
 * Delivers results to one output, in order per conversation and in parallel across them, with
 * retry and rate-limit waits. Every result ends as one `delivered` or `deliveryFailed`; the
 * returned Observable never errors and completes when `results$` completed and all is delivered.
 * @internal
 */
export function deliverTo<M extends AgentMessage>(output: AgentOutput<M>, config: DeliveryConfig<M>) {
  return (results$: Observable<RepliedResult<M>>): Observable<never> =>
    new Observable<never>((subscriber) => {
      const inFlight = new InFlight<Delivery<M>>();
      // At the deadline running deliveries fail, each freeing its lane; from then on a lane that
      // hands out its next delivery gets it failed at once (so failures arrive in conversation
      // order), and stopping the lanes cancels the rest. Nothing starts after the deadline.
      let aborted = false;
      const stopLanes$ = new Subject<void>();
      const abort = config.abort$.subscribe(() => {
        aborted = true;
        for (const delivery of inFlight.values()) delivery.fail(new StoppedError('the delivery'), true);
        stopLanes$.next();
      });
      const failed = (result: RepliedResult<M>, error: unknown) => {
        config.emit?.({ type: 'deliveryFailed', at: config.scheduler.now(), output: output.name, result, error, attempts: 0 });
        config.settled(output.name, result, 0, error);
      };
      const subscription = results$
        .pipe(
          filter((result) => {
            try {
              return output.accepts === undefined || output.accepts(result);
            } catch (error) {
              failed(result, error);
              return false;
            }
          }),
          mergeMapInLanes(
            (result) => result.message.conversationId,
            (result) =>
              new Observable<void>((done) => {
                if (aborted) {
                  failed(result, new StoppedError('the delivery'));
                  return done.complete();
                }
                const delivery = new Delivery(output, result, config, () => {
                  inFlight.remove(node);
                  done.complete();
                });
                const node = inFlight.add(delivery);
                delivery.attempt();
                return () => {
                  inFlight.remove(node);
                  delivery.dispose();
                };
              }),
            {
              concurrency: config.concurrency,
              stop$: stopLanes$,
              cancelled: (result) => failed(result, new StoppedError('the delivery')),
            },
          ),
          mergeMap(() => EMPTY),
        )
        .subscribe(subscriber);
      return () => {
        abort.unsubscribe();
        subscription.unsubscribe();
      };
    });
}

/** One result on its way to one output: attempts, back-off, timeout. @internal */
class Delivery<M extends AgentMessage> {
  private attempts = 0;
  private pending: Subscription | undefined;
  private timer: Subscription | undefined;
  private done = false;

  constructor(
    private readonly output: AgentOutput<M>,
    private readonly result: RepliedResult<M>,
    private readonly config: DeliveryConfig<M>,
    private readonly finished: () => void,
  ) {}

  attempt(): void {
    this.timer = undefined;
    const attempt = ++this.attempts;
    let sent: unknown;
    try {
      sent = this.output.send(this.result);
    } catch (error) {
      return this.fail(error);
    }
    // Each attempt answers once: a late answer after its timeout, or after a newer attempt began, is ignored.
    let answered = false;
    const current = () => !answered && attempt === this.attempts && (answered = true);
    const ok = () => current() && this.succeed();
    const failed = (error: unknown) => current() && this.fail(error);
    if (isObservable(sent)) {
      const subscription = sent.subscribe({ error: failed, complete: ok });
      if (this.done || attempt !== this.attempts || this.timer !== undefined) return subscription.unsubscribe();
      this.pending = subscription;
    } else if (typeof (sent as PromiseLike<unknown> | null)?.then === 'function') {
      (sent as PromiseLike<unknown>).then(ok, failed);
    } else {
      return this.succeed();
    }
    const { timeoutMs, scheduler } = this.config;
    if (timeoutMs !== undefined && !this.done && attempt === this.attempts && this.timer === undefined) {
      this.timer = scheduler.schedule(() => failed(new Error(`output ${this.output.name} did not answer within ${timeoutMs} ms`)), timeoutMs);
    }
  }

  fail(error: unknown, final = false): void {
    if (this.done) return;
    this.clear();
    const { retry, scheduler } = this.config;
    if (final || this.attempts > retry.count) {
      const attempts = this.attempts;
      this.end();
      this.config.emit?.({ type: 'deliveryFailed', at: scheduler.now(), output: this.output.name, result: this.result, error, attempts });
      this.config.settled(this.output.name, this.result, attempts, error);
      return this.finished();
    }
    const delayMs = retryDelay(retry, this.attempts, error);
    this.config.emit?.({ type: 'deliveryRetrying', at: scheduler.now(), output: this.output.name, result: this.result, attempt: this.attempts, error, delayMs });
    this.timer = scheduler.schedule(() => this.attempt(), delayMs);
  }

  dispose(): void {
    this.end();
  }

  private succeed(): void {
    if (this.done) return;
    const attempts = this.attempts;
    this.end();
    this.config.emit?.({ type: 'delivered', at: this.config.scheduler.now(), output: this.output.name, result: this.result, attempts });
    this.config.settled(this.output.name, this.result, attempts);
    this.finished();
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
