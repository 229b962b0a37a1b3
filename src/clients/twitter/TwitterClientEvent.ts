/**
 * What a {@link TwitterClient} did, on its `events$`: polls, rate-limit waits, posts, stream
 * (re)connections and the failures it recovered from. Errors are {@link XApiError}s or store
 * errors: no event carries a token.
 *
 * @example
 * ```ts
 * twitter.events$.subscribe((event) => {
 *   if (event.type === 'rateLimited') console.log(`X asked us to wait ${event.waitMs} ms before ${event.operation}`);
 * });
 * ```
 */
export type TwitterClientEvent =
  | { readonly type: 'polled'; readonly at: number; readonly count: number; readonly nextPollInMs: number }
  | { readonly type: 'pollFailed'; readonly at: number; readonly error: unknown; readonly retryInMs: number }
  | { readonly type: 'rateLimited'; readonly at: number; readonly operation: string; readonly waitMs: number }
  | { readonly type: 'posted'; readonly at: number; readonly tweetId: string; readonly inReplyTo?: string; readonly part: number; readonly parts: number }
  | { readonly type: 'streamConnected'; readonly at: number }
  | { readonly type: 'streamDisconnected'; readonly at: number; readonly reason: string; readonly reconnectInMs: number };
