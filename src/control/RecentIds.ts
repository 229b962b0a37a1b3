/** The last `size` ids seen, oldest forgotten first: bounded, unlike `distinct`. @internal */
export class RecentIds {
  private readonly seen = new Set<string>();

  constructor(private readonly size: number) {}

  /** Whether `id` is among the recent ones. */
  has(id: string): boolean {
    return this.seen.has(id);
  }

  /** Remembers `id`; false if it was already among the recent ones. */
  add(id: string): boolean {
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    // A Set iterates in insertion order: the first entry is the oldest.
    if (this.seen.size > this.size) this.seen.delete(this.seen.values().next().value as string);
    return true;
  }
}
