import { EMPTY, Observable, filter, from, mergeMap, of, type SchedulerLike, type Subscription } from 'rxjs';
import type { AgentOutput } from '../io/AgentOutput.js';
import type { AgentMessage } from '../messages/AgentMessage.js';
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
  readonly emit: EventSink<M>;
  /** Emits at the drain deadline: waiting and running deliveries fail as stopped. */
  readonly abort$: Observable<unknown>;
}

/**
 * Delivers results to one output, in order per conversation and in parallel across them, with
 * retry and rate-limit waits. Every result ends as one `delivered` or `deliveryFailed` event; the
 * returned Observable never errors and completes when `results$` completed and all is delivered.
 * @internal
 */
export function deliverTo<M extends AgentMessage>(output: AgentOutput<M>, config: DeliveryConfig<M>) {
  const fail = (result: RepliedResult<M>, error: unknown, attempts: number) =>
    config.emit({ type: 'deliveryFailed', at: config.scheduler.now(), output: output.name, result, error, attempts });
  return (results$: Observable<RepliedResult<M>>): Observable<never> =>
    results$.pipe(
      filter((result) => {
        try {
          return output.accepts === undefined || output.accepts(result);
        } catch (error) {
          fail(result, error, 0);
          return false;
        }
      }),
      mergeMapInLanes((result) => result.message.conversationId, (result) => deliverOne(output, result, config, fail), {
        concurrency: config.concurrency,
        stop$: config.abort$,
        cancelled: (result) => fail(result, new StoppedError('the delivery'), 0),
      }),
      mergeMap(() => EMPTY),
    );
}

function deliverOne<M extends AgentMessage>(
  output: AgentOutput<M>,
  result: RepliedResult<M>,
  config: DeliveryConfig<M>,
  fail: (result: RepliedResult<M>, error: unknown, attempts: number) => void,
): Observable<void> {
  const { retry, scheduler, emit, timeoutMs } = config;
  return new Observable<void>((subscriber) => {
    let attempt = 0;
    let pending: Subscription | undefined;
    let timer: Subscription | undefined;
    let done = false;
    const clear = () => {
      pending?.unsubscribe();
      timer?.unsubscribe();
      pending = timer = undefined;
    };
    const end = () => {
      done = true;
      clear();
      subscriber.next();
      subscriber.complete();
    };
    const failed = (error: unknown, final = false) => {
      if (done) return;
      clear();
      if (final || attempt > retry.count) {
        fail(result, error, attempt);
        return end();
      }
      const delayMs = retryDelay(retry, attempt, error);
      emit({ type: 'deliveryRetrying', at: scheduler.now(), output: output.name, result, attempt, error, delayMs });
      timer = scheduler.schedule(tryOnce, delayMs);
    };
    function tryOnce() {
      timer = undefined;
      const thisAttempt = ++attempt;
      let sent: PromiseLike<unknown> | Observable<unknown>;
      try {
        sent = output.send(result);
      } catch (error) {
        return failed(error);
      }
      const subscription = (typeof (sent as PromiseLike<unknown>)?.then === 'function' || sent instanceof Observable ? from(sent) : of(sent)).subscribe({
        error: (error: unknown) => thisAttempt === attempt && failed(error),
        complete: () => {
          if (done || thisAttempt !== attempt) return;
          emit({ type: 'delivered', at: scheduler.now(), output: output.name, result, attempts: attempt });
          end();
        },
      });
      if (done || thisAttempt !== attempt || timer !== undefined) return subscription.unsubscribe();
      pending = subscription;
      if (timeoutMs !== undefined) {
        timer = scheduler.schedule(() => failed(new Error(`output ${output.name} did not answer within ${timeoutMs} ms`)), timeoutMs);
      }
    }
    const abort = config.abort$.subscribe(() => failed(new StoppedError('the delivery'), true));
    tryOnce();
    return () => {
      abort.unsubscribe();
      clear();
    };
  });
}
