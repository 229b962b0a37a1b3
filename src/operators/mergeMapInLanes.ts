import { Observable, Subject, from, mergeMap, type ObservableInput, type OperatorFunction } from 'rxjs';
import { Queue } from './Queue.js';

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
}

interface Lane<T> {
  readonly key: string;
  readonly waiting: Queue<T>;
  running: boolean;
}

/**
 * `mergeMap` with lanes: items with the same key are projected one at a time, in arrival order;
 * items of different keys run in parallel, at most `concurrency` at once. Lanes take turns
 * (round-robin), waiting items sit in O(1) queues of their own, `mergeMap`'s own buffer is never
 * used, synchronous completions never recurse, and a lane is forgotten as soon as it is idle.
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
  const { concurrency, maxQueuedPerLane = Infinity, overflow, stop$, cancelled } = options;
  return (source) =>
    new Observable<R>((subscriber) => {
      const lanes = new Map<string, Lane<T>>();
      const ready = new Queue<Lane<T>>();
      const start$ = new Subject<{ lane: Lane<T>; item: T }>();
      let active = 0;
      let waiting = 0;
      let sourceDone = false;
      let pumping = false;

      const finish = (lane: Lane<T>) => {
        active--;
        lane.running = false;
        if (lane.waiting.length > 0) ready.push(lane);
        else lanes.delete(lane.key);
        pump();
      };

      // The only place that starts work. Re-entrant calls (a projection that completes synchronously)
      // just let the running loop pick up the freed slot, so the stack never grows with the queue.
      const pump = () => {
        if (pumping) return;
        pumping = true;
        try {
          while (active < concurrency && ready.length > 0) {
            const lane = ready.shift()!;
            const item = lane.waiting.shift()!;
            waiting--;
            lane.running = true;
            active++;
            start$.next({ lane, item });
          }
        } finally {
          pumping = false;
        }
        if (sourceDone && active === 0 && waiting === 0) start$.complete();
      };

      // mergeMap runs the projections; the lanes above decide when each may start, so mergeMap
      // never buffers (its buffer shifts an array, which turns quadratic on long queues).
      const output = start$
        .pipe(
          mergeMap(
            ({ lane, item }) =>
              new Observable<R>((inner) =>
                from(project(item)).subscribe({
                  next: (value) => inner.next(value),
                  error: (error: unknown) => inner.error(error),
                  complete: () => {
                    inner.complete();
                    finish(lane);
                  },
                }),
              ),
          ),
        )
        .subscribe(subscriber);

      const stopSubscription = stop$?.subscribe(() => stop());
      const sourceSubscription = source.subscribe({
        next: (item) => {
          const key = keyOf(item);
          let lane = lanes.get(key);
          if (lane === undefined) {
            lane = { key, waiting: new Queue<T>(), running: false };
            lanes.set(key, lane);
          } else if (lane.waiting.length >= maxQueuedPerLane && overflow !== undefined) {
            subscriber.next(overflow(item));
            return;
          }
          lane.waiting.push(item);
          waiting++;
          if (!lane.running && lane.waiting.length === 1) ready.push(lane);
          pump();
        },
        error: (error) => subscriber.error(error),
        complete: () => {
          sourceDone = true;
          pump();
        },
      });

      function stop() {
        stopSubscription?.unsubscribe();
        sourceSubscription.unsubscribe();
        sourceDone = true;
        if (cancelled !== undefined) {
          for (const lane of lanes.values()) {
            for (const item of lane.waiting.drain()) {
              waiting--;
              subscriber.next(cancelled(item));
            }
            if (!lane.running) lanes.delete(lane.key);
          }
          ready.drain();
        }
        pump();
      }

      return () => {
        stopSubscription?.unsubscribe();
        sourceSubscription.unsubscribe();
        output.unsubscribe();
      };
    });
}
