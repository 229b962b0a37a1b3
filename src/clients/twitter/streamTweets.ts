import { Observable, type SchedulerLike, type Subscription } from 'rxjs';
import { ETwitterStreamEvent, type TweetStream, type TweetV2SingleStreamResult, type TwitterApi } from 'twitter-api-v2';
import type { AgentMessage } from '../../messages/AgentMessage.js';
import type { TwitterClientEvent } from './TwitterClientEvent.js';
import { TWEET_QUERY, tweetToMessage } from './tweetToMessage.js';
import { toXApiError } from './XApiError.js';

/** What the filtered stream needs from its client. @internal */
export interface StreamContext {
  /** The app-only (bearer) client. */
  readonly api: TwitterApi;
  readonly source: string;
  readonly scheduler: SchedulerLike;
  /** Silence (no tweet, no keep-alive) after which the connection counts as dead. */
  readonly keepAliveMs: number;
  readonly reconnectDelayMs: number;
  readonly maxReconnectDelayMs: number;
  /** The account's own id: its own tweets are never fed back to the agent. */
  readonly userId: () => Promise<string>;
  readonly emit: (event: TwitterClientEvent) => void;
}

const OPERATION = 'GET /2/tweets/search/stream';
const RATE_LIMIT_FLOOR_MS = 60_000;

/**
 * The filtered stream's tweets that match the app's rules. Reconnects itself with exponential
 * back-off on the scheduler (twitter-api-v2's own reconnection runs on real timers, so it is off),
 * watches for silence with the same scheduler, waits out a 429, and ends with an
 * {@link XApiError} on a 401/403.
 * @internal
 */
export function streamTweets(context: StreamContext): Observable<AgentMessage> {
  return new Observable<AgentMessage>((subscriber) => {
    const { scheduler, emit } = context;
    let closed = false;
    let current: TweetStream<TweetV2SingleStreamResult> | undefined;
    let timer: Subscription | undefined;
    let watchdog: Subscription | undefined;
    let failures = 0;

    const reconnectIn = (delayMs: number, reason: string): void => {
      emit({ type: 'streamDisconnected', at: scheduler.now(), reason, reconnectInMs: delayMs });
      timer = scheduler.schedule(connect, delayMs);
    };
    const backOff = () => Math.min(context.reconnectDelayMs * 2 ** failures++, context.maxReconnectDelayMs);
    const drop = (stream: TweetStream<TweetV2SingleStreamResult>, reason: string): void => {
      if (closed || stream !== current) return;
      current = undefined;
      watchdog?.unsubscribe();
      stream.destroy();
      reconnectIn(backOff(), reason);
    };
    const watch = (stream: TweetStream<TweetV2SingleStreamResult>): void => {
      watchdog?.unsubscribe();
      watchdog = scheduler.schedule(() => drop(stream, `no data or keep-alive for ${context.keepAliveMs} ms`), context.keepAliveMs);
    };

    let me: string | undefined;
    const open = async (ctx: StreamContext, bind: (stream: TweetStream<TweetV2SingleStreamResult>) => void) => {
      me ??= await ctx.userId();
      const stream = ctx.api.v2.getStream<TweetV2SingleStreamResult>('tweets/search/stream', { ...TWEET_QUERY }, { autoConnect: false });
      if (closed) return stream;
      bind(stream);
      // The library's keep-alive and reconnection use real timers; ours run on the scheduler.
      return stream.connect({ autoReconnect: false, keepAliveTimeout: 'disable' });
    };
    function connect(): void {
      timer = undefined;
      open(context, (stream) => {
        current = stream;
        stream.on(ETwitterStreamEvent.Data, (event) => {
          watch(stream);
          const tweet = event.data as TweetV2SingleStreamResult['data'] | undefined;
          if (tweet !== undefined && tweet.author_id !== me) subscriber.next(tweetToMessage(tweet, event.includes?.users, context.source, 'stream'));
        });
        stream.on(ETwitterStreamEvent.DataKeepAlive, () => watch(stream));
        stream.on(ETwitterStreamEvent.ConnectionClosed, () => drop(stream, 'X closed the connection'));
      }).then(
        (stream) => {
          if (closed) return stream.destroy();
          failures = 0;
          emit({ type: 'streamConnected', at: scheduler.now() });
          watch(stream);
        },
        (raw: unknown) => {
          if (closed) return;
          current?.destroy();
          current = undefined;
          const error = toXApiError(OPERATION, raw, scheduler.now());
          if (error.status === 401 || error.status === 403) return subscriber.error(error);
          if (error.status === 429) return reconnectIn(Math.max(error.retryAfterMs ?? 0, RATE_LIMIT_FLOOR_MS), error.message);
          reconnectIn(backOff(), error.message);
        },
      );
    }
    connect();
    return () => {
      closed = true;
      timer?.unsubscribe();
      watchdog?.unsubscribe();
      current?.destroy();
      current = undefined;
    };
  });
}
