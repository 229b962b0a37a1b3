/**
 * What a {@link TwitterClient} did, on its `events$`: polls, rate-limit waits, posts, stream
 * (re)connections, cursor saves and the failures it recovered from. Errors are {@link XApiError}s or store
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
  /** The mentions cursor (`since_id`) was stored: every mention up to it is answered and delivered, or failed for good. */
  | { readonly type: 'cursorSaved'; readonly at: number; readonly cursor: string }
  /** Storing the mentions cursor failed; it is tried again at the next poll (a restart meanwhile reads those mentions again). */
  | { readonly type: 'cursorSaveFailed'; readonly at: number; readonly cursor: string; readonly error: unknown }
  | { readonly type: 'rateLimited'; readonly at: number; readonly operation: string; readonly waitMs: number }
  | { readonly type: 'posted'; readonly at: number; readonly tweetId: string; readonly inReplyTo?: string; readonly part: number; readonly parts: number }
  | { readonly type: 'streamConnected'; readonly at: number }
  | { readonly type: 'streamDisconnected'; readonly at: number; readonly reason: string; readonly reconnectInMs: number };
