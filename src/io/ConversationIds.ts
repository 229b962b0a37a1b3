/**
 * One string object per conversation id. Every message of a conversation otherwise brings its own
 * copy of the id: each per-conversation map the runtime keeps (the lanes, the memory, the output
 * lanes) then compares characters to find its entry, and each memory window keeps every turn's copy
 * alive. With the canonical string, a lookup matches by identity and the copies die young (about 3%
 * of the instructions and 5% of the time of a trivial run with memory). At most `max` ids are kept;
 * past that the table starts over, which only costs the next lookups their shortcut.
 * @internal
 */
export class ConversationIds {
  private readonly ids = new Map<string, string>();

  constructor(private readonly max = 10_000) {}

  /** Ids held (never more than `max`). */
  get size(): number {
    return this.ids.size;
  }

  /** The string object this table uses for `id`'s characters (`id` itself, the first time). */
  canonical(id: string): string {
    const known = this.ids.get(id);
    if (known !== undefined) return known;
    if (this.ids.size >= this.max) this.ids.clear();
    this.ids.set(id, id);
    return id;
  }
}
