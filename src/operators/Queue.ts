/** Capacity of a new queue's ring; it doubles as needed. */
const INITIAL_CAPACITY = 4;
/** A ring at least this large shrinks by half once it is less than a quarter full. */
const SHRINK_ABOVE = 1024;

/**
 * A FIFO queue with O(1) `push` and `shift`, in a ring buffer that is kept when the queue empties
 * (a lane's queue goes empty and full again for every message; reallocating it each time is
 * garbage). `Array.prototype.shift` becomes O(n) in V8 once an array holds more than ~16k items,
 * which is what makes stock `mergeMap` buffers quadratic. Memory follows what is queued: a large
 * ring shrinks once it is mostly empty.
 * @internal
 */
export class Queue<T> {
  private items: (T | undefined)[] = new Array<T | undefined>(INITIAL_CAPACITY);
  private head = 0;
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(item: T): void {
    if (this.size === this.items.length) this.resize(this.items.length * 2);
    this.items[(this.head + this.size) & (this.items.length - 1)] = item;
    this.size++;
  }

  shift(): T | undefined {
    if (this.size === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) & (this.items.length - 1);
    this.size--;
    if (this.items.length > SHRINK_ABOVE && this.size * 4 < this.items.length) this.resize(this.items.length / 2);
    return item;
  }

  /** The oldest item, without removing it. */
  peek(): T | undefined {
    return this.size === 0 ? undefined : this.items[this.head];
  }

  /** The newest item, without removing it. */
  last(): T | undefined {
    return this.size === 0 ? undefined : this.items[(this.head + this.size - 1) & (this.items.length - 1)];
  }

  /** Replaces the newest item (there must be one). */
  replaceLast(item: T): void {
    this.items[(this.head + this.size - 1) & (this.items.length - 1)] = item;
  }

  /** Removes and returns everything queued, oldest first. */
  drain(): T[] {
    const rest: T[] = [];
    while (this.size > 0) rest.push(this.shift()!);
    return rest;
  }

  /** Moves the items to a ring of `capacity` (a power of two, at least the size), oldest first. */
  private resize(capacity: number): void {
    const items = new Array<T | undefined>(capacity);
    const mask = this.items.length - 1;
    for (let i = 0; i < this.size; i++) items[i] = this.items[(this.head + i) & mask];
    this.items = items;
    this.head = 0;
  }
}
