import { Queue } from './Queue.js';

/** What {@link ReadyLanes} needs of a lane. @internal */
export interface RankedLane {
  /** The priority of the lane's next item, set before `push`. */
  priority: number;
  /** When the lane became ready (set by `push`). */
  readySince: number;
}

/**
 * The lanes that have an item ready to start, in the order they may start. Without priorities
 * (`now` undefined) it is one FIFO queue: round-robin. With them, lanes wait in one FIFO per
 * priority level and `shift` takes the lane whose priority, raised by one for every `agingMs` it
 * has waited, is highest (ties go to the higher level): higher priority starts first, and a lower
 * one still starts once it has waited long enough, so nothing starves.
 * @internal
 */
export class ReadyLanes<L extends RankedLane> {
  private readonly single = new Queue<L>();
  private readonly levels = new Map<number, Queue<L>>();
  /** The priority levels seen, highest first (a handful in practice). */
  private order: number[] = [];
  private size = 0;

  constructor(
    private readonly now: (() => number) | undefined,
    private readonly agingMs: number,
  ) {}

  get length(): number {
    return this.now === undefined ? this.single.length : this.size;
  }

  push(lane: L): void {
    if (this.now === undefined) return this.single.push(lane);
    lane.readySince = this.now();
    let level = this.levels.get(lane.priority);
    if (level === undefined) {
      level = new Queue<L>();
      this.levels.set(lane.priority, level);
      this.order = [...this.order, lane.priority].sort((a, b) => b - a);
    }
    level.push(lane);
    this.size++;
  }

  shift(): L | undefined {
    if (this.now === undefined) return this.single.shift();
    if (this.size === 0) return undefined;
    const now = this.now();
    let best: Queue<L> | undefined;
    let bestScore = -Infinity;
    for (const priority of this.order) {
      const level = this.levels.get(priority)!;
      const head = level.peek();
      if (head === undefined) continue;
      const score = priority + (this.agingMs === Infinity ? 0 : (now - head.readySince) / this.agingMs);
      if (score > bestScore) {
        bestScore = score;
        best = level;
      }
    }
    this.size--;
    return best!.shift();
  }

  /** Forgets every lane. */
  clear(): void {
    this.single.drain();
    for (const level of this.levels.values()) level.drain();
    this.size = 0;
  }
}
