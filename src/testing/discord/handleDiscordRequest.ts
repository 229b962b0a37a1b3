import { messagePayload, snowflake, userPayload, type FakeDiscordUser } from './fakeDiscordPayloads.js';

/** A message the bot posted through REST. */
export interface FakeDiscordPost {
  readonly id: string;
  readonly channelId: string;
  readonly content: string;
  /** The message it replies to (`message_reference.message_id`), if any. */
  readonly replyTo?: string;
  /** The `allowed_mentions` it was sent with, as sent. */
  readonly allowedMentions?: unknown;
}

/** What the REST half needs from the fake. @internal */
export interface RestState {
  readonly bot: FakeDiscordUser;
  readonly gatewayUrl: () => string;
  readonly maxMessageLength: number;
  /** The guild of a channel the fake knows (`null` for a DM channel), `undefined` if unknown. */
  readonly guildOf: (channelId: string) => string | null | undefined;
  readonly posted: (post: FakeDiscordPost, payload: Record<string, unknown>) => void;
}

/** A REST answer: JSON body, or none (204). @internal */
export interface RestAnswer {
  readonly status: number;
  readonly body?: unknown;
}

const notFound = (what: string, code: number): RestAnswer => ({ status: 404, body: { message: `Unknown ${what}`, code } });

/** Serves the REST endpoints a bot uses, on paths relative to `/api/v10`. @internal */
export function handleDiscordRequest(state: RestState, method: string, path: string, body: unknown): RestAnswer {
  if (method === 'GET' && path === '/gateway/bot') {
    return { status: 200, body: { url: state.gatewayUrl(), shards: 1, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } } };
  }
  if (method === 'GET' && path === '/gateway') return { status: 200, body: { url: state.gatewayUrl() } };
  if (method === 'GET' && path === '/users/@me') return { status: 200, body: userPayload(state.bot) };
  const channel = /^\/channels\/([^/]+)(\/[a-z]+)?$/.exec(path);
  if (channel === null) return { status: 404, body: { message: '404: Not Found', code: 0 } };
  const [, channelId, tail] = channel as unknown as [string, string, string | undefined];
  const guildId = state.guildOf(channelId);
  if (guildId === undefined) return notFound('Channel', 10003);
  if (method === 'GET' && tail === undefined) {
    return { status: 200, body: guildId === null ? { id: channelId, type: 1, recipients: [] } : { id: channelId, type: 0, guild_id: guildId, name: `channel-${channelId}`, permission_overwrites: [], position: 0 } };
  }
  if (method === 'POST' && tail === '/typing') return { status: 204 };
  if (method === 'POST' && tail === '/messages') return postMessage(state, channelId, guildId, body);
  return { status: 405, body: { message: '405: Method Not Allowed', code: 0 } };
}

/** Messages created with `enforce_nonce`, by channel and nonce, per fake: Discord answers a repeated create with the earlier message. */
const createdByNonce = new WeakMap<RestState, Map<string, Record<string, unknown>>>();
const MAX_NONCES = 10_000;

function postMessage(state: RestState, channelId: string, guildId: string | null, body: unknown): RestAnswer {
  const json = (body ?? {}) as { content?: unknown; message_reference?: { message_id?: unknown }; allowed_mentions?: unknown; nonce?: unknown; enforce_nonce?: unknown };
  const nonce = typeof json.nonce === 'string' || typeof json.nonce === 'number' ? String(json.nonce) : undefined;
  if (nonce !== undefined && nonce.length > 25) return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: { nonce: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' }] } } } };
  const enforced = nonce !== undefined && json.enforce_nonce === true ? `${channelId}:${nonce}` : undefined;
  let nonces = createdByNonce.get(state);
  if (nonces === undefined) createdByNonce.set(state, (nonces = new Map()));
  const earlier = enforced === undefined ? undefined : nonces.get(enforced);
  if (earlier !== undefined) return { status: 200, body: earlier };
  const content = typeof json.content === 'string' ? json.content : '';
  if (content.length === 0) return { status: 400, body: { message: 'Cannot send an empty message', code: 50006 } };
  if (content.length > state.maxMessageLength) {
    return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${state.maxMessageLength} or fewer in length.` }] } } } };
  }
  const referenceId = typeof json.message_reference?.message_id === 'string' ? json.message_reference.message_id : undefined;
  const at = Date.now();
  const id = snowflake(at);
  const payload = messagePayload({ id, channelId, ...(guildId === null ? {} : { guildId }), author: state.bot, content, ...(referenceId === undefined ? {} : { referenceId }), at });
  const post: FakeDiscordPost = { id, channelId, content, ...(referenceId === undefined ? {} : { replyTo: referenceId }), ...(json.allowed_mentions === undefined ? {} : { allowedMentions: json.allowed_mentions }) };
  state.posted(post, payload);
  if (enforced !== undefined) {
    if (nonces.size >= MAX_NONCES) nonces.delete(nonces.keys().next().value as string);
    nonces.set(enforced, { ...payload, nonce });
  }
  return { status: 200, body: payload };
}
