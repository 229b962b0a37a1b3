import { RateLimitError, Routes, type MessageMentionOptions, type REST } from 'discord.js';
import { RateLimitedError } from '../../runtime/errors.js';
import type { DiscordClientEvent } from './DiscordClientEvent.js';
import { discordNonce } from './discordNonce.js';

/** Where and how one result is posted, and how far it got: a retry continues after the last posted part. @internal */
export interface ReplyPlan {
  readonly channelId: string;
  /** The message to reply to (first part only); unset for a post in the default channel. */
  readonly replyTo: string | undefined;
  readonly parts: readonly string[];
  readonly posted: string[];
  /** The runtime's idempotency key: each part is posted with a nonce derived from it and `enforce_nonce`. */
  idempotencyKey?: string | undefined;
}

/**
 * Posts the parts not yet posted, one after another so they arrive in order. The first part
 * carries the `message_reference`. A 429 is waited out by discord.js; if the REST client was set
 * to reject instead (`rejectOnRateLimit`), the rejection becomes a `RateLimitedError` for the
 * runtime to wait out. With an idempotency key, each part carries a stable `nonce` with
 * `enforce_nonce`, so a part Discord already created (a retry after a lost response, a replayed
 * delivery) is answered with the earlier message instead of being posted again.
 * @internal
 */
export async function postReply(rest: REST, plan: ReplyPlan, allowedMentions: MessageMentionOptions, emit: (event: DiscordClientEvent) => void, now: () => number): Promise<readonly string[]> {
  const allowed = toApiMentions(allowedMentions);
  for (let i = plan.posted.length; i < plan.parts.length; i++) {
    const reference = i === 0 && plan.replyTo !== undefined ? { message_reference: { message_id: plan.replyTo, fail_if_not_exists: false } } : {};
    const nonce = plan.idempotencyKey === undefined ? {} : { nonce: discordNonce(plan.idempotencyKey, i + 1), enforce_nonce: true };
    let posted: { id: string };
    try {
      posted = (await rest.post(Routes.channelMessages(plan.channelId), { body: { content: plan.parts[i], allowed_mentions: allowed, ...reference, ...nonce } })) as { id: string };
    } catch (error) {
      if (error instanceof RateLimitError) throw new RateLimitedError(error.retryAfter, `Discord rate limit on ${error.route}; retry after ${error.retryAfter} ms`, { cause: error });
      throw error;
    }
    plan.posted.push(posted.id);
    emit({ type: 'posted', at: now(), messageId: posted.id, channelId: plan.channelId, ...(i === 0 && plan.replyTo !== undefined ? { replyTo: plan.replyTo } : {}), part: i + 1, parts: plan.parts.length });
  }
  return plan.posted;
}

/** discord.js's camelCase mention options as the API's JSON. @internal */
export function toApiMentions(options: MessageMentionOptions): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  if (options.parse !== undefined) json.parse = options.parse;
  if (options.users !== undefined) json.users = options.users;
  if (options.roles !== undefined) json.roles = options.roles;
  if (options.repliedUser !== undefined) json.replied_user = options.repliedUser;
  return json;
}
