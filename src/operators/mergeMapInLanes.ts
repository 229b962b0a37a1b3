import { Observable, from, type ObservableInput, type OperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';
import type { Overlap } from '../control/Overlap.js';
import { Queue } from './Queue.js';
import { ReadyLanes } from './ReadyLanes.js';

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
  /** While this says true, nothing new starts; `resume$` emitting re-checks it. */
  readonly hold?: { readonly held: () => boolean; readonly resume$: Observable<unknown> };
}

interface Lane<T> {
  readonly key: string;
  readonly waiting: Queue<T>;
  running: boolean;
  /** In the ready queue. */
  ready: boolean;
  /** Debounce: waiting for a quiet gap; not ready before it ends. */
  quiet: Subscription | undefined;
  /** The running item and how to cut it off (only with `interrupted`). */
  current: T | undefined;
  stop: (() => void) | undefined;
  priority: number;
  readySince: number;
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
  const { concurrency, maxQueuedPerLane = Infinity, overflow, stop$, cancelled, overlapOf, dropped, coalesce, absorbed, interrupted, scheduler, priorityOf, agingMs = 10_000, hold } = options;
  if ((priorityOf !== undefined || overlapOf !== undefined) && scheduler === undefined) throw new Error('mergeMapInLanes: pass a scheduler with priorityOf or overlapOf');
  return (source) =>
    new Observable<R>((subscriber) => {
      const lanes = new Map<string, Lane<T>>();
      const ready = new ReadyLanes<Lane<T>>(priorityOf === undefined ? undefined : () => scheduler!.now(), agingMs);
      let active = 0;
      let waiting = 0;
      let sourceDone = false;
      let pumping = false;

      const makeReady = (lane: Lane<T>) => {
        if (lane.ready || lane.running || lane.quiet !== undefined || lane.waiting.length === 0) return;
        lane.ready = true;
        if (priorityOf !== undefined) lane.priority = priorityOf(lane.waiting.peek()!);
        ready.push(lane);
      };

      const finish = (lane: Lane<T>) => {
        active--;
        lane.running = false;
        lane.current = lane.stop = undefined;
        if (lane.waiting.length > 0) makeReady(lane);
        else if (lane.quiet === undefined) lanes.delete(lane.key);
        pump();
      };

      // The only place that starts work. Re-entrant calls (a projection that completes synchronously)
      // just let the running loop pick up the freed slot, so the stack never grows with the queue.
      const pump = () => {
        if (pumping) return;
        pumping = true;
        try {
          while (active < concurrency && ready.length > 0 && !(hold?.held() ?? false)) {
            const lane = ready.shift()!;
            lane.ready = false;
            const item = lane.waiting.shift()!;
            waiting--;
            lane.running = true;
            active++;
            startRun(lane, item);
          }
        } finally {
          pumping = false;
        }
        if (sourceDone && active === 0 && waiting === 0) subscriber.complete();
      };

      // Each started projection is subscribed directly (no mergeMap and no wrapper per item: the
      // lanes above already decide what starts); `running` holds the subscriptions for teardown.
      const running = new Set<Subscription>();
      const startRun = (lane: Lane<T>, item: T) => {
        let subscription: Subscription | undefined;
        let ended = false;
        const end = () => {
          if (ended) return;
          ended = true;
          if (subscription !== undefined) running.delete(subscription);
          finish(lane);
        };
        let input: ObservableInput<R>;
        try {
          input = project(item);
        } catch (error) {
          return subscriber.error(error);
        }
        const current = from(input).subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => subscriber.error(error),
          complete: end,
        });
        if (ended) return;
        subscription = current;
        running.add(current);
        if (interrupted !== undefined) {
          lane.current = item;
          lane.stop = () => {
            current.unsubscribe();
            end();
          };
        }
      };
      const output = {
        unsubscribe: () => {
          for (const subscription of running) subscription.unsubscribe();
          running.clear();
        },
      };

      const quietEnded = (lane: Lane<T>) => {
        lane.quiet = undefined;
        if (lane.waiting.length > 0) makeReady(lane);
        else if (!lane.running) lanes.delete(lane.key);
        pump();
      };

      /** Merges `item` into the newest waiting item when there is one; true when it did. */
      const merged = (lane: Lane<T>, item: T): boolean => {
        const last = lane.waiting.last();
        if (last === undefined) return false;
        const into = coalesce === undefined ? item : coalesce(last, item);
        lane.waiting.replaceLast(into);
        if (absorbed !== undefined) subscriber.next(absorbed(last, into));
        return true;
      };

      const arrive = (lane: Lane<T>, item: T, overlap: Overlap): void => {
        const busy = lane.running || lane.waiting.length > 0;
        if (overlap === 'queue' || !busy && typeof overlap === 'string') {
          if (busy && lane.waiting.length >= maxQueuedPerLane && overflow !== undefined) return subscriber.next(overflow(item));
        } else if (overlap === 'drop') {
          return subscriber.next(dropped!(item));
        } else if (overlap === 'coalesce') {
          if (merged(lane, item)) return;
        } else if (overlap === 'interrupt') {
          if (interrupted !== undefined) {
            for (const stale of lane.waiting.drain()) {
              waiting--;
              subscriber.next(interrupted(stale, item));
            }
            if (lane.current !== undefined) subscriber.next(interrupted(lane.current, item));
            lane.waiting.push(item);
            waiting++;
            const stop = lane.stop;
            // Cutting the run off frees its slot and readies the lane with the newest item.
            if (stop !== undefined) return stop();
            makeReady(lane);
            return pump();
          }
        } else {
          lane.quiet?.unsubscribe();
          lane.quiet = scheduler!.schedule(() => quietEnded(lane), overlap.debounceMs);
          if (merged(lane, item)) return;
        }
        lane.waiting.push(item);
        waiting++;
        makeReady(lane);
        pump();
      };

      const stopSubscription = stop$?.subscribe(() => stop());
      const holdSubscription = hold?.resume$.subscribe(() => pump());
      const sourceSubscription = source.subscribe({
        next: (item) => {
          const key = keyOf(item);
          let lane = lanes.get(key);
          if (lane === undefined) {
            lane = { key, waiting: new Queue<T>(), running: false, ready: false, quiet: undefined, current: undefined, stop: undefined, priority: 0, readySince: 0 };
            lanes.set(key, lane);
          }
          arrive(lane, item, overlapOf === undefined ? 'queue' : overlapOf(item));
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
            lane.quiet?.unsubscribe();
            lane.quiet = undefined;
            lane.ready = false;
            for (const item of lane.waiting.drain()) {
              waiting--;
              subscriber.next(cancelled(item));
            }
            if (!lane.running) lanes.delete(lane.key);
          }
          ready.clear();
        } else {
          // Quiet gaps end at once: what waits still runs, now.
          for (const lane of lanes.values()) {
            if (lane.quiet === undefined) continue;
            lane.quiet.unsubscribe();
            lane.quiet = undefined;
            makeReady(lane);
          }
        }
        pump();
      }

      return () => {
        stopSubscription?.unsubscribe();
        holdSubscription?.unsubscribe();
        sourceSubscription.unsubscribe();
        for (const lane of lanes.values()) lane.quiet?.unsubscribe();
        output.unsubscribe();
      };
    });
}
