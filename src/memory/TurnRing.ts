import type { AgentMessage } from '../messages/AgentMessage.js';
import type { Turn } from '../runtime/Agent.js';
import type { WindowLimits } from './slideWindow.js';

const NONE: readonly never[] = Object.freeze([]);

/**
 * A conversation's window as a ring buffer, owned by the memory that holds it: {@link add} writes
 * one slot and moves the start past the turns that leave, where shifting an array would write every
 * kept turn again. That matters because windows live long (old space) and turns are new: each such
 * write is a remembered old-to-new pointer the next scavenge has to visit. It keeps the same turns
 * as {@link slideWindow} under the same limits. @internal
 */
export class TurnRing<M extends AgentMessage> {
  /** The slots: grows by appending up to `maxTurns`, then wraps. */
  private readonly slots: (Turn<M> | undefined)[] = [];
  /** Index of the oldest turn. */
  private start = 0;
  /** Turns held. */
  private count = 0;
  private readonly capacity: number;

  constructor(private readonly limits: WindowLimits<M>) {
    this.capacity = Math.max(1, limits.maxTurns);
  }

  /** Turns held. */
  get length(): number {
    return this.count;
  }

  /**
   * Adds `turn`, then drops the oldest turns until at most `maxTurns` remain and their tokens fit
   * `maxTokens` (the newest always stays). Returns the dropped turns, oldest first, when `evicted`
   * is true (a summariser folds them); without, it allocates nothing.
   */
  add(turn: Turn<M>, evicted: boolean): readonly Turn<M>[] {
    const { capacity } = this;
    let drop = Math.max(0, this.count + 1 - capacity);
    const { maxTokens, tokensOf } = this.limits;
    if (maxTokens !== undefined && tokensOf !== undefined) {
      let total = tokensOf(turn);
      for (let i = drop; i < this.count; i++) total += tokensOf(this.at(i));
      while (total > maxTokens && drop < this.count) total -= tokensOf(this.at(drop++));
    }
    const left = evicted && drop > 0 ? this.toArray(0, drop) : NONE;
    // Turns that leave only by their tokens free their slots now; a full ring overwrites the oldest below.
    const overwritten = this.count === capacity ? 1 : 0;
    for (let i = overwritten; i < drop; i++) this.slots[(this.start + i) % capacity] = undefined;
    this.start = (this.start + drop) % capacity;
    this.count -= drop;
    // The next free slot: the end of the array until it holds `capacity` slots, then a wrapped one.
    this.slots[(this.start + this.count) % capacity] = turn;
    this.count++;
    return left;
  }

  /** The turns, oldest first, as a new array (`from` and `to` count from the oldest). */
  toArray(from = 0, to = this.count): Turn<M>[] {
    const turns = new Array<Turn<M>>(to - from);
    const { slots, capacity } = this;
    // One index that wraps by a comparison (a `%` per turn was most of a copy's cost).
    let slot = this.start + from;
    if (slot >= capacity) slot -= capacity;
    for (let i = 0; i < turns.length; i++) {
      turns[i] = slots[slot]!;
      if (++slot === capacity) slot = 0;
    }
    return turns;
  }

  /** The `i`-th oldest turn. */
  private at(i: number): Turn<M> {
    return this.slots[(this.start + i) % this.capacity]!;
  }
}
