import { Queue } from '../operators/Queue.js';

/** Options of {@link SettledCursor}. */
export interface SettledCursorOptions {
  /** Orders ids; the cursor never moves back. Default: snowflake order (numeric strings: shorter is older, then lexicographic). */
  readonly compare?: (a: string, b: string) => number;
  /** Where to start (e.g. the stored `since_id`). */
  readonly initial?: string;
}

/**
 * Tracks which items of a polled input are settled, and says how far its cursor (e.g. X's
 * `since_id`) may advance: to the newest id at or below which every emitted item is settled. Call
 * `emitted(id)` as the input emits an item (oldest first, as a page of mentions is), and
 * `settled(id)` from the input's `settled` hook; store the cursor when `settled` returns one. A
 * restart then re-reads exactly the items that were not answered and delivered (the delivery
 * journal makes the ones already posted post nothing twice).
 *
 * @example
 * ```ts
 * import { SettledCursor } from 'rxagent';
 * const cursor = new SettledCursor({ initial: await cursors.get('x:mentions') });
 * const mentions = {
 *   name: 'x',
 *   messages$: poll$.pipe(tap((item) => cursor.emitted(item.id))),
 *   settled: (item: { id: string }) => {
 *     const next = cursor.settled(item.id);
 *     if (next !== undefined) void cursors.set('x:mentions', next);
 *   },
 * };
 * ```
 */
export class SettledCursor {
  private readonly order = new Queue<string>();
  private readonly pending = new Map<string, boolean>();
  private readonly compare: (a: string, b: string) => number;
  private current: string | undefined;

  constructor(options: SettledCursorOptions = {}) {
    this.compare = options.compare ?? compareSnowflakes;
    this.current = options.initial;
  }

  /** The newest id at or below which every emitted item is settled (`initial` until one is). */
  get cursor(): string | undefined {
    return this.current;
  }

  /** Items emitted and not yet settled. */
  get unsettled(): number {
    let count = 0;
    for (const settled of this.pending.values()) if (!settled) count++;
    return count;
  }

  /** Whether `id` was emitted and is not settled yet. */
  isPending(id: string): boolean {
    return this.pending.get(id) === false;
  }

  /** An item was handed to the runtime. Emitting an id again (a re-read page) is a no-op. */
  emitted(id: string): void {
    if (this.pending.has(id) || (this.current !== undefined && this.compare(id, this.current) <= 0)) return;
    this.pending.set(id, false);
    this.order.push(id);
  }

  /** An item was settled; returns the new cursor when it moved, else `undefined`. */
  settled(id: string): string | undefined {
    if (this.pending.get(id) !== false) return undefined;
    this.pending.set(id, true);
    let moved: string | undefined;
    for (let head = this.order.peek(); head !== undefined && this.pending.get(head) === true; head = this.order.peek()) {
      this.order.shift();
      this.pending.delete(head);
      if (this.current === undefined || this.compare(head, this.current) > 0) moved = this.current = head;
    }
    return moved;
  }
}

/** Snowflake ids (Discord, X) as decimal strings: a shorter one is older; equal lengths compare as text. */
function compareSnowflakes(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
