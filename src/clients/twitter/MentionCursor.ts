import type { SchedulerLike } from 'rxjs';
import { RecentIds } from '../../control/RecentIds.js';
import { SettledCursor } from '../../control/SettledCursor.js';
import type { InputSettlement } from '../../io/AgentInput.js';
import type { CursorStore } from '../../stores/CursorStore.js';
import type { TwitterClientEvent } from './TwitterClientEvent.js';

/** What a {@link MentionCursor} needs. @internal */
export interface MentionCursorContext {
  readonly cursors: CursorStore;
  readonly scheduler: SchedulerLike;
  readonly emit: (event: TwitterClientEvent) => void;
}

/** How many ids answered through the stream are remembered, as many as the stream/mentions dedup window. */
const ANSWERED_ELSEWHERE = 1000;

/**
 * The mentions poller's two positions. `readFrom` is the newest mention seen: the next poll's
 * `since_id`, so a poll never reads a mention twice. The stored cursor is where a restart reads
 * from: the newest mention at or below which every mention is settled (answered and delivered, or
 * failed for good), so a mention in flight when the process stops is read and answered again.
 * Mentions the poller does not hand on (the account's own tweets, those skipped on a first start,
 * those already answered from the filtered stream) count as settled at once. Saves are made one at
 * a time, newest value first; a failed save is reported and retried at the next poll.
 * @internal
 */
export class MentionCursor {
  /** The next poll's `since_id` (`undefined` until loaded, and when nothing was ever seen). */
  readFrom: string | undefined;
  private key: string | undefined;
  private cursor = new SettledCursor();
  /** Ids of stream tweets settled before the poller saw them as mentions. */
  private readonly answeredElsewhere = new RecentIds(ANSWERED_ELSEWHERE);
  private saved: string | undefined;
  private unsaved: string | undefined;
  private saving = false;

  constructor(private readonly context: MentionCursorContext) {}

  /** Whether the stored cursor was read. */
  get loaded(): boolean {
    return this.key !== undefined;
  }

  /** Reads the stored cursor under `key`; a store failure rejects (the poller backs off and asks again). */
  async load(key: string): Promise<void> {
    const stored = await this.context.cursors.get(key);
    this.key = key;
    this.cursor = new SettledCursor(stored === undefined ? {} : { initial: stored });
    this.readFrom = this.saved = stored;
  }

  /**
   * A polled page, oldest first, and which of its tweets the poller hands on. Returns those, and
   * counts the rest as settled. The next poll reads from the page's newest tweet.
   */
  page<T extends { readonly id: string }>(tweets: readonly T[], handOn: (tweet: T) => boolean): T[] {
    const emitted: T[] = [];
    for (const tweet of tweets) {
      this.cursor.emitted(tweet.id);
      if (handOn(tweet) && !this.answeredElsewhere.has(tweet.id)) emitted.push(tweet);
      else this.advance(this.cursor.settled(tweet.id));
    }
    const newest = tweets.at(-1)?.id;
    if (newest !== undefined) this.readFrom = newest;
    return emitted;
  }

  /** An item of the client's input is settled (a mention, or a tweet from the filtered stream). */
  settled(id: string, settlement: InputSettlement): void {
    // Cut short by a stop: left pending, so the stored cursor stays behind it and a restart reads it again.
    if (settlement.stopped) return;
    if (this.cursor.isPending(id)) return this.advance(this.cursor.settled(id));
    // Not (yet) seen as a mention: if the poller finds it later, it is already answered.
    this.answeredElsewhere.add(id);
  }

  /** Saves the cursor if a save failed before (called at each poll). */
  retrySave(): void {
    if (this.unsaved !== undefined) this.save();
  }

  private advance(cursor: string | undefined): void {
    if (cursor === undefined) return;
    this.unsaved = cursor;
    this.save();
  }

  private save(): void {
    if (this.saving || this.unsaved === undefined || this.key === undefined) return;
    const value = this.unsaved;
    const key = this.key;
    this.unsaved = undefined;
    if (value === this.saved) return;
    this.saving = true;
    const { cursors, scheduler, emit } = this.context;
    const done = (error?: unknown) => {
      this.saving = false;
      if (error !== undefined) {
        // Keep the newer value if one came meanwhile; else try this one again at the next poll.
        this.unsaved ??= value;
        return emit({ type: 'cursorSaveFailed', at: scheduler.now(), cursor: value, error });
      }
      this.saved = value;
      emit({ type: 'cursorSaved', at: scheduler.now(), cursor: value });
      this.save(); // a newer value that came meanwhile
    };
    try {
      cursors.set(key, value).then(() => done(), (error: unknown) => done(error ?? new Error('the cursor store failed')));
    } catch (error) {
      done(error);
    }
  }
}
