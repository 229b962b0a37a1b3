import type { DiscordIgnoreReason } from './addressedToBot.js';

/**
 * What a {@link DiscordClient} did, on its `events$`: gateway connections and recoveries, messages
 * it did not pass to the agent (and why), REST rate limits it waited out, typing failures, and
 * discord.js errors. No event carries the token.
 *
 * @example
 * ```ts
 * discord.events$.subscribe((event) => {
 *   if (event.type === 'rateLimited') console.log(`Discord asked us to wait ${event.retryAfterMs} ms on ${event.route}`);
 * });
 * ```
 */
export type DiscordClientEvent =
  /** Logged in and the guilds are loaded: messages flow. */
  | { readonly type: 'ready'; readonly at: number; readonly userId: string; readonly guilds: number }
  /** The gateway dropped; discord.js resumes or identifies again by itself. */
  | { readonly type: 'reconnecting'; readonly at: number }
  /** The gateway session was resumed (missed events are replayed) or re-established. */
  | { readonly type: 'resumed'; readonly at: number; readonly replayed: number }
  /** The gateway closed for good (e.g. invalid token, disallowed intents): the input errors. */
  | { readonly type: 'disconnected'; readonly at: number; readonly code: number }
  /** A message that was not passed to the agent. */
  | { readonly type: 'ignored'; readonly at: number; readonly messageId: string; readonly channelId: string; readonly reason: DiscordIgnoreReason }
  /** Discord answered 429; discord.js waits `retryAfterMs` and sends the request again. */
  | { readonly type: 'rateLimited'; readonly at: number; readonly route: string; readonly retryAfterMs: number; readonly global: boolean }
  /** One message of a reply was posted (`part` of `parts`, from 1). */
  | { readonly type: 'posted'; readonly at: number; readonly messageId: string; readonly channelId: string; readonly replyTo?: string; readonly part: number; readonly parts: number }
  /** The typing indicator could not be sent; the reply is not affected. */
  | { readonly type: 'typingFailed'; readonly at: number; readonly channelId: string; readonly error: unknown }
  /** discord.js reported an error (or warning) it recovers from. */
  | { readonly type: 'error'; readonly at: number; readonly error: unknown };
