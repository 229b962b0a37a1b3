/**
 * A map whose entries expire, bounded in time and in size: entries are kept in the order of their
 * expiry (every `set` moves its key to the end, and expiries only grow), so forgetting what expired
 * is a walk from the oldest end, amortised O(1) per `set`. Past `maxEntries` the oldest goes first.
 * @internal
 */
export class ExpiringMap<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** The value of `key`, unless it expired by `now`. */
  get(key: string, now: number): V | undefined {
    const entry = this.entries.get(key);
    return entry === undefined || entry.expiresAt <= now ? undefined : entry.value;
  }

  /** Sets `key` until `expiresAt` (at or after every expiry set before), forgetting what expired by `now`. */
  set(key: string, value: V, now: number, expiresAt: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt });
    for (const [oldest, entry] of this.entries) {
      if (entry.expiresAt > now && this.entries.size <= this.maxEntries) break;
      this.entries.delete(oldest);
    }
  }
}
