import { Observable, catchError, concatMap, defer, from, map, of, retry, tap, throwError, timer, type SchedulerLike } from 'rxjs';
import type { TwitterApi } from 'twitter-api-v2';
import { RateLimitedError } from '../../runtime/errors.js';
import { splitThread, truncatePost } from './splitThread.js';
import type { TwitterClientEvent } from './TwitterClientEvent.js';
import { toXApiError, XApiError } from './XApiError.js';

/** The posts one result becomes, and how far posting them has got (kept across the runtime's retries). @internal */
export interface PostPlan {
  readonly parts: readonly string[];
  /** The tweet the first part replies to; `undefined` for a new post. */
  readonly inReplyTo: string | undefined;
  /** Ids of the parts already posted, in order. */
  readonly posted: string[];
}

/** What posting needs from its client. @internal */
export interface PostContext {
  readonly api: TwitterApi;
  readonly scheduler: SchedulerLike;
  /** 429s waited out per part before giving up to the runtime with a `RateLimitedError`. */
  readonly maxRateLimitWaits: number;
  readonly emit: (event: TwitterClientEvent) => void;
}

const OPERATION = 'POST /2/tweets';

/** Splits (or truncates) a reply's text into the posts to make. @internal */
export function planPost(text: string, inReplyTo: string | undefined, maxLength: number, overflow: 'thread' | 'truncate'): PostPlan {
  if (text.trim() === '') throw new XApiError(OPERATION, 0, 'the reply text is empty; X cannot post an empty text');
  const parts = overflow === 'thread' ? splitThread(text, { maxLength }) : [truncatePost(text, { maxLength })];
  return { parts, inReplyTo, posted: [] };
}

/**
 * Posts the parts of a plan not posted yet, each replying to the one before, and emits the ids of
 * all parts. A 429 is waited out on the scheduler until `x-rate-limit-reset` and the same part is
 * sent again, so nothing is posted twice; after `maxRateLimitWaits` waits for one part it fails with
 * a `RateLimitedError` and the runtime's delivery retry resumes the plan where it stopped.
 * @internal
 */
export function postThread(plan: PostPlan, context: PostContext): Observable<readonly string[]> {
  return defer(() => {
    const index = plan.posted.length;
    const text = plan.parts[index];
    if (text === undefined) return of(plan.posted);
    const inReplyTo = index === 0 ? plan.inReplyTo : plan.posted[index - 1];
    return postOne(text, inReplyTo, context).pipe(
      tap((tweetId) => {
        plan.posted.push(tweetId);
        const at = context.scheduler.now();
        context.emit({ type: 'posted', at, tweetId, ...(inReplyTo === undefined ? {} : { inReplyTo }), part: index + 1, parts: plan.parts.length });
      }),
      concatMap(() => postThread(plan, context)),
    );
  });
}

function postOne(text: string, inReplyTo: string | undefined, context: PostContext): Observable<string> {
  const { api, scheduler } = context;
  return defer(() => from(api.v2.tweet(text, inReplyTo === undefined ? {} : { reply: { in_reply_to_tweet_id: inReplyTo } }))).pipe(
    map((response) => response.data.id),
    catchError((error: unknown) => throwError(() => toXApiError(OPERATION, error, scheduler.now()))),
    retry({
      count: context.maxRateLimitWaits,
      delay: (error: XApiError) => {
        if (error.status !== 429) return throwError(() => error);
        const waitMs = error.retryAfterMs ?? 0;
        context.emit({ type: 'rateLimited', at: scheduler.now(), operation: OPERATION, waitMs });
        return timer(waitMs, scheduler);
      },
    }),
    catchError((error: XApiError) =>
      throwError(() => (error.status === 429 ? new RateLimitedError(error.retryAfterMs ?? 0, error.message, { cause: error }) : error)),
    ),
  );
}
