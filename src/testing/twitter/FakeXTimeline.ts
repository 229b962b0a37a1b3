import type { FakeTweet, FakeXUser } from './fakeXPayloads.js';

/** One page of mentions, newest first, as `GET /2/users/:id/mentions` returns it. @internal */
export interface MentionsPage {
  readonly tweets: readonly FakeTweet[];
  readonly newestId: string | undefined;
  readonly oldestId: string | undefined;
  readonly nextToken: string | undefined;
}

/**
 * The tweets and accounts the fake X API knows: ids grow like X's snowflakes (19 digits, later is
 * larger), mentions are found by `@username` in the text, and a reply joins its parent's conversation.
 * @internal
 */
export class FakeXTimeline {
  private readonly tweets = new Map<string, FakeTweet>();
  private readonly users = new Map<string, FakeXUser>();
  private nextId = 1_900_000_000_000_000_000n;

  constructor(
    readonly me: FakeXUser,
    users: readonly FakeXUser[],
    private readonly clock: () => number,
  ) {
    for (const user of [me, ...users]) this.users.set(user.id, user);
  }

  user(id: string): FakeXUser | undefined {
    return this.users.get(id);
  }

  addUser(user: FakeXUser): void {
    this.users.set(user.id, user);
  }

  tweet(id: string): FakeTweet | undefined {
    return this.tweets.get(id);
  }

  /** Every tweet, oldest first. */
  all(): FakeTweet[] {
    return [...this.tweets.values()];
  }

  /** Stores a new tweet; throws a readable message when its parent does not exist. */
  add(authorId: string, text: string, inReplyTo?: string): FakeTweet {
    const parent = inReplyTo === undefined ? undefined : this.tweets.get(inReplyTo);
    if (inReplyTo !== undefined && parent === undefined) throw new Error(`tweet ${inReplyTo} does not exist`);
    const id = String(this.nextId++);
    const tweet: FakeTweet = {
      id,
      text,
      author_id: authorId,
      conversation_id: parent?.conversation_id ?? id,
      created_at: new Date(this.clock()).toISOString(),
      ...(inReplyTo === undefined ? {} : { in_reply_to_tweet_id: inReplyTo }),
    };
    this.tweets.set(id, tweet);
    return tweet;
  }

  /** Whether `authorId` already posted exactly this text (X refuses duplicates). */
  isDuplicate(authorId: string, text: string): boolean {
    for (const tweet of this.tweets.values()) if (tweet.author_id === authorId && tweet.text === text) return true;
    return false;
  }

  /** The user's mentions newer than `sinceId`, newest first, `max` per page from the `token` position. */
  mentions(userId: string, sinceId: string | undefined, max: number, token: string | undefined): MentionsPage {
    const user = this.users.get(userId);
    const handle = user === undefined ? undefined : `@${user.username.toLowerCase()}`;
    const since = sinceId === undefined ? -1n : BigInt(sinceId);
    const all = this.all()
      .filter((tweet) => handle !== undefined && tweet.text.toLowerCase().includes(handle) && BigInt(tweet.id) > since)
      .reverse();
    const start = token === undefined ? 0 : Number(token.replace(/^page-/, ''));
    const tweets = all.slice(start, start + max);
    const more = start + max < all.length;
    return { tweets, newestId: tweets[0]?.id, oldestId: tweets.at(-1)?.id, nextToken: more ? `page-${start + max}` : undefined };
  }
}
