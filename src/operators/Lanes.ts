import type { SchedulerLike, Subscription } from 'rxjs';
import type { Overlap } from '../control/Overlap.js';
import type { LaneOptions } from './mergeMapInLanes.js';
import { Queue } from './Queue.js';
import { ReadyLanes } from './ReadyLanes.js';

/** One conversation's lane: what waits, whether it runs. Handed to the worker, which gives it back to {@link Lanes.done}. @internal */
export interface Lane<T> {
  key: string;
  readonly waiting: Queue<T>;
  running: boolean;
  /** In the ready queue. */
  ready: boolean;
  /** Debounce: waiting for a quiet gap; not ready before it ends. */
  quiet: Subscription | undefined;
  /** The running item and how to cut it off (only with `interrupted`). */
  current: T | undefined;
  stop: (() => void) | undefined;
  /** Counts the runs started in this lane, so a start can tell whether its run already ended. */
  started: number;
  priority: number;
  readySince: number;
}

/** What a {@link Lanes} engine drives. @internal */
export interface LaneWorker<T, R> {
  /**
   * Starts work on `item` in `lane`. The worker calls `lanes.done(lane)` exactly once when the work
   * ends (it may do so before `start` returns), unless the work is cut off first. With
   * `interrupted`, it returns how to cut the work off: that must end the work without calling `done`.
   */
  start(item: T, lane: Lane<T>): (() => void) | undefined;
  /** A value for an item that does not run (overflow, dropped, absorbed, interrupted, cancelled). */
  emit(value: R): void;
  /** The items ended (`end()` was called) and nothing waits or runs. */
  complete(): void;
}

/**
 * Idle lanes kept: a conversation that comes back finds its lane (a lane and a map entry per
 * message would be garbage). Past this many, every idle lane is forgotten at once (amortised O(1)),
 * so millions of conversations keep no state.
 */
const MAX_IDLE = 1024;

/**
 * The engine under {@link mergeMapInLanes} and the runtime: per-key lanes, at most `concurrency`
 * runs at once, round-robin or priority with aging, overlap policies, a hold, and a stop. Items are
 * pushed in, work is started through a {@link LaneWorker} callback protocol (no Observable or
 * Subscriber per item), synchronous completions never recurse, and idle lanes are kept only up to
 * a bound.
 * @internal
 */
export class Lanes<T, R> {
  private readonly lanes = new Map<string, Lane<T>>();
  /** Lanes in the map that neither run, wait nor debounce. */
  private idle = 0;
  private readonly ready: ReadyLanes<Lane<T>>;
  /** Ready lanes whose next item is held (see `hold`): back in `ready` on `resume()`. */
  private parked: Lane<T>[] = [];
  private readonly concurrency: number;
  private readonly maxQueuedPerLane: number;
  private readonly scheduler: SchedulerLike | undefined;
  // The options every item reads, as fields of their own (the options object is built with spreads).
  private readonly overlapOf: LaneOptions<T, R>['overlapOf'];
  private readonly hold: LaneOptions<T, R>['hold'];
  private readonly interruptible: boolean;
  private active = 0;
  private waiting = 0;
  private ended = false;
  private pumping = false;
  private completed = false;

  constructor(
    private readonly keyOf: (item: T) => string,
    private readonly options: LaneOptions<T, R>,
    private readonly worker: LaneWorker<T, R>,
  ) {
    checkLaneOptions(options);
    const { priorityOf, scheduler, agingMs = 10_000, maxQueuedPerLane = Infinity } = options;
    this.scheduler = scheduler;
    this.concurrency = options.concurrency;
    this.maxQueuedPerLane = maxQueuedPerLane;
    this.overlapOf = options.overlapOf;
    this.hold = options.hold;
    this.interruptible = options.interrupted !== undefined;
    this.ready = new ReadyLanes<Lane<T>>(priorityOf === undefined ? undefined : () => scheduler!.now(), agingMs);
  }

  /** Runs started and not ended. */
  get running(): number {
    return this.active;
  }

  /** An item arrived. */
  push(item: T): void {
    const key = this.keyOf(item);
    let lane = this.lanes.get(key);
    if (lane === undefined) {
      lane = { key, waiting: new Queue<T>(), running: false, ready: false, quiet: undefined, current: undefined, stop: undefined, started: 0, priority: 0, readySince: 0 };
      this.lanes.set(key, lane);
    } else if (isIdle(lane)) {
      // Every arrival leaves the lane running, waiting or debouncing.
      this.idle--;
    }
    const { overlapOf, hold } = this;
    if (overlapOf !== undefined) return this.arrive(lane, item, overlapOf(item));
    // The common case, a conversation that is idle while a slot is free and no other lane waits for
    // one: start now, as pump would, without queueing the item and the lane only to take them out.
    if (!lane.running && lane.waiting.length === 0 && !this.pumping && this.active < this.concurrency && this.ready.length === 0 && !(hold?.held(item) ?? false)) {
      this.pumping = true;
      try {
        this.startIn(lane, item);
      } finally {
        this.pumping = false;
      }
      return this.pump();
    }
    this.arrive(lane, item, 'queue');
  }

  /** No more items will arrive: complete once everything waiting and running is done. */
  end(): void {
    this.ended = true;
    this.pump();
  }

  /** The work started in `lane` ended. */
  done(lane: Lane<T>): void {
    this.active--;
    lane.running = false;
    lane.current = lane.stop = undefined;
    if (lane.waiting.length > 0) this.makeReady(lane);
    else if (lane.quiet === undefined) this.becameIdle();
    this.pump();
  }

  /** Re-checks the hold: starts what may start now. */
  resume(): void {
    const parked = this.parked;
    this.parked = [];
    for (const lane of parked) if (lane.ready) this.ready.push(lane);
    this.pump();
  }

  /**
   * Stops taking items: with `cancelled`, waiting items are emitted as cancelled; without it, debounce
   * gaps end at once and what waits still runs. Running work finishes.
   */
  stop(): void {
    this.ended = true;
    const { cancelled } = this.options;
    if (cancelled !== undefined) {
      for (const lane of [...this.lanes.values()]) {
        if (isIdle(lane)) continue;
        lane.quiet?.unsubscribe();
        lane.quiet = undefined;
        lane.ready = false;
        for (const item of lane.waiting.drain()) {
          this.waiting--;
          this.worker.emit(cancelled(item));
        }
        if (!lane.running) this.becameIdle();
      }
      this.ready.clear();
      this.parked = [];
    } else {
      for (const lane of this.lanes.values()) {
        if (lane.quiet === undefined) continue;
        lane.quiet.unsubscribe();
        lane.quiet = undefined;
        this.makeReady(lane);
      }
    }
    this.pump();
  }

  /** Cancels debounce timers (the consumer went away); running work is the worker's to dispose. */
  dispose(): void {
    for (const lane of this.lanes.values()) lane.quiet?.unsubscribe();
  }

  /** A lane just became idle: keep it, unless too many are. */
  private becameIdle(): void {
    if (++this.idle <= MAX_IDLE) return;
    for (const [key, lane] of this.lanes) if (isIdle(lane)) this.lanes.delete(key);
    this.idle = 0;
  }

  /** Lanes held (running, waiting, debouncing or idle): for tests of the bound. */
  get size(): number {
    return this.lanes.size;
  }

  private makeReady(lane: Lane<T>): void {
    if (lane.ready || lane.running || lane.quiet !== undefined || lane.waiting.length === 0) return;
    lane.ready = true;
    const { priorityOf } = this.options;
    if (priorityOf !== undefined) lane.priority = priorityOf(lane.waiting.peek()!);
    this.ready.push(lane);
  }

  // Starts what waits (push starts an item itself only when nothing waits). Re-entrant calls (work
  // that ends synchronously) just let the running loop pick up the freed slot, so the stack never
  // grows with the queue.
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    const { hold } = this;
    try {
      while (this.active < this.concurrency && this.ready.length > 0) {
        const lane = this.ready.shift()!;
        if (hold !== undefined && hold.held(lane.waiting.peek()!)) {
          // Its input waits (e.g. its output is rate-limited): it stays ready, out of the way.
          this.parked.push(lane);
          continue;
        }
        lane.ready = false;
        const item = lane.waiting.shift()!;
        this.waiting--;
        this.startIn(lane, item);
      }
    } finally {
      this.pumping = false;
    }
    if (this.ended && this.active === 0 && this.waiting === 0 && !this.completed) {
      this.completed = true;
      this.worker.complete();
    }
  }

  /** Starts `item` in `lane` (called with `pumping` set, so work that ends synchronously does not recurse). */
  private startIn(lane: Lane<T>, item: T): void {
    lane.running = true;
    this.active++;
    const run = ++lane.started;
    const stop = this.worker.start(item, lane);
    if (this.interruptible && lane.running && lane.started === run) {
      lane.current = item;
      lane.stop = stop;
    }
  }

  private quietEnded(lane: Lane<T>): void {
    lane.quiet = undefined;
    if (lane.waiting.length > 0) this.makeReady(lane);
    else if (!lane.running) this.becameIdle();
    this.pump();
  }

  /** Merges `item` into the newest waiting item when there is one; true when it did. */
  private merged(lane: Lane<T>, item: T): boolean {
    const last = lane.waiting.last();
    if (last === undefined) return false;
    const { coalesce, absorbed } = this.options;
    const into = coalesce === undefined ? item : coalesce(last, item);
    lane.waiting.replaceLast(into);
    if (absorbed !== undefined) this.worker.emit(absorbed(last, into));
    return true;
  }

  private arrive(lane: Lane<T>, item: T, overlap: Overlap): void {
    const busy = lane.running || lane.waiting.length > 0;
    if (overlap === 'queue' || (!busy && typeof overlap === 'string')) {
      const { overflow } = this.options;
      if (busy && lane.waiting.length >= this.maxQueuedPerLane && overflow !== undefined) return this.worker.emit(overflow(item));
    } else if (overlap === 'drop') {
      return this.worker.emit(this.options.dropped!(item));
    } else if (overlap === 'coalesce') {
      if (this.merged(lane, item)) return;
    } else if (overlap === 'interrupt') {
      const { interrupted } = this.options;
      if (interrupted !== undefined) {
        for (const stale of lane.waiting.drain()) {
          this.waiting--;
          this.worker.emit(interrupted(stale, item));
        }
        if (lane.current !== undefined) this.worker.emit(interrupted(lane.current, item));
        lane.waiting.push(item);
        this.waiting++;
        const stop = lane.stop;
        if (stop !== undefined) {
          // Cutting the run off frees its slot and readies the lane with the newest item.
          stop();
          return this.done(lane);
        }
        this.makeReady(lane);
        return this.pump();
      }
    } else {
      lane.quiet?.unsubscribe();
      lane.quiet = this.scheduler!.schedule(() => this.quietEnded(lane), overlap.debounceMs);
      if (this.merged(lane, item)) return;
    }
    lane.waiting.push(item);
    this.waiting++;
    this.makeReady(lane);
    this.pump();
  }
}

function isIdle(lane: Lane<unknown>): boolean {
  return !lane.running && lane.waiting.length === 0 && lane.quiet === undefined;
}

/** Throws when `options` cannot work (e.g. a policy that needs a clock, without a scheduler). @internal */
export function checkLaneOptions<T, R>(options: LaneOptions<T, R>): void {
  if ((options.priorityOf !== undefined || options.overlapOf !== undefined) && options.scheduler === undefined) throw new Error('mergeMapInLanes: pass a scheduler with priorityOf or overlapOf');
}
