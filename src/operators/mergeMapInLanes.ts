import { Observable, from, type ObservableInput, type OperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';
import type { Overlap } from '../control/Overlap.js';
import { Lanes, checkLaneOptions } from './Lanes.js';

/** Options of {@link mergeMapInLanes}. */
export interface LaneOptions<T, R> {
  /** At most this many projections run at once across all lanes. */
  readonly concurrency: number;
  /** At most this many items wait in one lane; the next one goes to `overflow` instead. Default: unbounded. */
  readonly maxQueuedPerLane?: number;
  /** Maps an item that found its lane full to the value emitted for it instead. Required with `maxQueuedPerLane`. */
  readonly overflow?: (item: T) => R;
  /** When this emits, the source is unsubscribed, waiting items go to `cancelled`, running ones finish. */
  readonly stop$?: Observable<unknown>;
  /** Maps an item still waiting at `stop$` to the value emitted for it. Without it, waiting items run. */
  readonly cancelled?: (item: T) => R;
  /** How an item that finds its lane busy is handled (see {@link Overlap}). Default: every item queues. */
  readonly overlapOf?: (item: T) => Overlap;
  /** `'drop'`: maps a dropped item to the value emitted for it. Required when `overlapOf` may say `'drop'`. */
  readonly dropped?: (item: T) => R;
  /** `'coalesce'` and debounce: merges a waiting item and a later one into the item that runs (default: the later one). */
  readonly coalesce?: (waiting: T, arriving: T) => T;
  /** `'coalesce'` and debounce: maps an item merged away (`into` is what runs instead) to the value emitted for it. */
  readonly absorbed?: (item: T, into: T) => R;
  /** `'interrupt'`: maps an item whose projection was cut off, or that waited, to the value emitted for it (`by` is the newer item). */
  readonly interrupted?: (item: T, by: T) => R;
  /** The clock of debounce waits and of priority aging. Required with debounce or `priorityOf`. */
  readonly scheduler?: SchedulerLike;
  /** The priority of an item (higher starts first when a slot frees). Default: all equal, lanes take turns. */
  readonly priorityOf?: (item: T) => number;
  /** With `priorityOf`: a ready lane's priority rises by one for every `agingMs` it waits, so none starves. Default 10000. */
  readonly agingMs?: number;
  /**
   * While `held` says true for the item a lane would start next, that lane waits and the others go
   * on (a `held` that ignores its argument holds everything); `resume$` emitting re-checks.
   */
  readonly hold?: { readonly held: (item: T) => boolean; readonly resume$: Observable<unknown> };
}

/**
 * `mergeMap` with lanes: items with the same key are projected one at a time, in arrival order;
 * items of different keys run in parallel, at most `concurrency` at once. Lanes take turns
 * (round-robin, or by priority with aging), waiting items sit in O(1) queues of their own (never
 * in an array buffer drained with `shift()`), synchronous completions never recurse, and a lane is
 * forgotten as soon as it is idle. An item that finds its lane busy queues, or is dropped,
 * coalesced, debounced or interrupts the running one, as `overlapOf` says.
 *
 * @example
 * ```ts
 * import { from, of, delay } from 'rxjs';
 * import { mergeMapInLanes } from 'rxagent';
 * from([{ chat: 'a', n: 1 }, { chat: 'b', n: 1 }, { chat: 'a', n: 2 }])
 *   .pipe(mergeMapInLanes((m) => m.chat, (m) => of(m).pipe(delay(10)), { concurrency: 2 }))
 *   .subscribe(console.log); // a1 and b1 together, then a2
 * ```
 */
export function mergeMapInLanes<T, R>(
  keyOf: (item: T) => string,
  project: (item: T) => ObservableInput<R>,
  options: LaneOptions<T, R>,
): OperatorFunction<T, R> {
  checkLaneOptions(options); // now, as the operator is made
  const { stop$, hold, interrupted } = options;
  return (source) =>
    new Observable<R>((subscriber) => {
      // Each started projection is subscribed directly (no mergeMap and no wrapper per item: the
      // lanes already decide what starts); `running` holds the subscriptions for teardown.
      const running = new Set<Subscription>();
      const lanes: Lanes<T, R> = new Lanes<T, R>(keyOf, options, {
        start: (item, lane) => {
          let subscription: Subscription | undefined;
          let ended = false;
          const end = () => {
            if (ended) return;
            ended = true;
            if (subscription !== undefined) running.delete(subscription);
            lanes.done(lane);
          };
          let input: ObservableInput<R>;
          try {
            input = project(item);
          } catch (error) {
            subscriber.error(error);
            return undefined;
          }
          const current = from(input).subscribe({
            next: (value) => subscriber.next(value),
            error: (error: unknown) => subscriber.error(error),
            complete: end,
          });
          if (ended) return undefined;
          subscription = current;
          running.add(current);
          if (interrupted === undefined) return undefined;
          return () => {
            ended = true;
            running.delete(current);
            current.unsubscribe();
          };
        },
        emit: (value) => subscriber.next(value),
        complete: () => subscriber.complete(),
      });

      const sourceSubscription = source.subscribe({
        next: (item) => lanes.push(item),
        error: (error) => subscriber.error(error),
        complete: () => lanes.end(),
      });
      const stopSubscription = stop$?.subscribe(() => {
        stopSubscription?.unsubscribe();
        sourceSubscription.unsubscribe();
        lanes.stop();
      });
      const holdSubscription = hold?.resume$.subscribe(() => lanes.resume());

      return () => {
        stopSubscription?.unsubscribe();
        holdSubscription?.unsubscribe();
        sourceSubscription.unsubscribe();
        lanes.dispose();
        for (const subscription of running) subscription.unsubscribe();
        running.clear();
      };
    });
}
