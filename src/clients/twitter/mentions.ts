import { Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { TweetV2, TweetV2UserTimelineResult, TwitterApi, UserV2 } from 'twitter-api-v2';
import type { AgentMessage } from '../../messages/AgentMessage.js';
import type { MentionCursor } from './MentionCursor.js';
import { pollDelay } from './pollDelay.js';
import type { TwitterClientEvent } from './TwitterClientEvent.js';
import { TWEET_QUERY, tweetToMessage } from './tweetToMessage.js';
import { toXApiError } from './XApiError.js';

/** What the mentions poller needs from its client. @internal */
export interface MentionsContext {
  readonly api: TwitterApi;
  readonly source: string;
  readonly scheduler: SchedulerLike;
  /** This subscription's positions: where to poll from, and what is stored for a restart. */
  readonly cursor: MentionCursor;
  readonly cursorKey: (userId: string) => string;
  readonly pollIntervalMs: number;
  readonly skipExisting: boolean;
  readonly userId: () => Promise<string>;
  readonly emit: (event: TwitterClientEvent) => void;
}

const OPERATION = 'GET /2/users/:id/mentions';
/** Pages followed per poll after a burst of mentions (100 each). */
const MAX_PAGES = 5;
const MAX_BACKOFF_MS = 15 * 60_000;

/**
 * Polls the user's mentions from the stored `since_id` on, oldest first. The stored cursor moves
 * only past mentions that are settled (see {@link MentionCursor}), so a restart answers again a
 * mention that was in flight, and never skips one. A 429 waits for the reset; network errors and 5xx back off;
 * a 401/403 ends the input with an {@link XApiError} (the runtime reports it as `inputFailed`).
 * @internal
 */
export function pollMentions(context: MentionsContext): Observable<AgentMessage> {
  return new Observable<AgentMessage>((subscriber) => {
    const { scheduler, emit } = context;
    let closed = false;
    let timer: Subscription | undefined;
    let failures = 0;

    const poll = (): void => {
      timer = undefined;
      pollOnce(context).then(
        ({ messages, nextPollInMs }) => {
          if (closed) return;
          failures = 0;
          emit({ type: 'polled', at: scheduler.now(), count: messages.length, nextPollInMs });
          for (const message of messages) subscriber.next(message);
          if (!closed) timer = scheduler.schedule(poll, nextPollInMs);
        },
        (raw: unknown) => {
          if (closed) return;
          if (isStoreError(raw)) return backOff(raw.cause);
          const error = toXApiError(OPERATION, raw, scheduler.now());
          if (error.status === 401 || error.status === 403) return subscriber.error(error);
          if (error.status !== 429) return backOff(error);
          const waitMs = error.retryAfterMs ?? context.pollIntervalMs;
          emit({ type: 'rateLimited', at: scheduler.now(), operation: OPERATION, waitMs });
          timer = scheduler.schedule(poll, waitMs);
        },
      );
    };
    const backOff = (error: unknown): void => {
      failures++;
      const retryInMs = Math.min(context.pollIntervalMs * 2 ** (failures - 1), MAX_BACKOFF_MS);
      emit({ type: 'pollFailed', at: scheduler.now(), error, retryInMs });
      timer = scheduler.schedule(poll, retryInMs);
    };
    poll();
    return () => {
      closed = true;
      timer?.unsubscribe();
    };
  });
}

async function pollOnce(context: MentionsContext) {
  const { cursor } = context;
  const userId = await context.userId();
  if (!cursor.loaded) await store(() => cursor.load(context.cursorKey(userId)));
  cursor.retrySave();
  const firstRun = cursor.readFrom === undefined;
  const tweets: TweetV2[] = [];
  const users: UserV2[] = [];
  let rateLimit;
  let paginationToken: string | undefined;
  for (let page = 0; page < (firstRun ? 1 : MAX_PAGES); page++) {
    const query = {
      ...TWEET_QUERY,
      max_results: 100,
      ...(cursor.readFrom === undefined ? {} : { since_id: cursor.readFrom }),
      ...(paginationToken === undefined ? {} : { pagination_token: paginationToken }),
    };
    const response = await context.api.v2.get<TweetV2UserTimelineResult>(`users/${userId}/mentions`, query, { fullResponse: true });
    rateLimit = response.rateLimit;
    tweets.push(...(response.data.data ?? []));
    users.push(...(response.data.includes?.users ?? []));
    paginationToken = response.data.meta?.next_token;
    if (paginationToken === undefined) break;
  }
  const skip = firstRun && context.skipExisting;
  // X lists newest first; a conversation must reach the agent in the order it was written.
  const fresh = cursor.page(tweets.reverse(), (tweet) => !skip && tweet.author_id !== userId);
  const messages = fresh.map((tweet) => tweetToMessage(tweet, users, context.source, 'mentions'));
  return { messages, nextPollInMs: pollDelay(context.pollIntervalMs, rateLimit, context.scheduler.now()) };
}

/** A cursor store failure, kept apart from X's errors so it is reported as itself. */
interface StoreError {
  readonly storeError: true;
  readonly cause: unknown;
}

async function store<T>(call: () => PromiseLike<T>): Promise<T> {
  try {
    return await call();
  } catch (cause) {
    throw { storeError: true, cause } satisfies StoreError;
  }
}

function isStoreError(value: unknown): value is StoreError {
  return typeof value === 'object' && value !== null && (value as Partial<StoreError>).storeError === true;
}
