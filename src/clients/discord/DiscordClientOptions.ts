import { asyncScheduler, type SchedulerLike } from 'rxjs';
import { GatewayIntentBits, type ClientOptions, type GatewayIntentsString, type MessageMentionOptions } from 'discord.js';
import type { RepliedResult } from '../../runtime/AgentResult.js';
import { ConfigError } from '../../runtime/errors.js';

/** Which messages the bot answers (its own and other bots' messages aside). Each is a reason to answer. */
export interface DiscordRespondTo {
  /** Messages that mention the bot, or reply to one of its messages. Default true. */
  readonly mentions?: boolean;
  /** Direct messages to the bot. Default true. */
  readonly directMessages?: boolean;
  /** Every message in these channels (or in threads under them), mentioned or not. Default none. */
  readonly channels?: readonly string[];
}

/** Options of {@link DiscordClient}. Every one is checked at construction. */
export interface DiscordClientOptions {
  /** The client's name: the `source` of its messages, and how a result finds its way back as a reply. Default `discord`. */
  readonly name?: string;
  /** The bot token. Default: the `DISCORD_TOKEN` environment variable. Never logged nor put in errors or events. */
  readonly token?: string;
  /** Where environment variables are read. Default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Which messages to answer. Default `{ mentions: true, directMessages: true }`. */
  readonly respondTo?: DiscordRespondTo;
  /** Also pass other bots' messages (webhooks included) to the agent. Its own are never passed. Default false. */
  readonly allowBots?: boolean;
  /** Gateway intents beyond the defaults (Guilds, GuildMessages, MessageContent, DirectMessages), e.g. `['GuildMembers']`. */
  readonly intents?: readonly GatewayIntentsString[];
  /** Where results from other inputs (cron, X, …) are posted. Unset: such results are not accepted. */
  readonly defaultChannelId?: string;
  /** Which results to post, on top of the rule above. Default: all. */
  readonly accepts?: (result: RepliedResult) => boolean;
  /** Show "is typing…" in the channel from the moment a message is passed to the agent until its reply is sent. Default false. */
  readonly typing?: boolean;
  /** Longest typing indicator for one message, ms (an agent with no reply stops typing then). Default 60000. */
  readonly typingTimeoutMs?: number;
  /** Longest message; longer replies are split on line, then word boundaries. Default 2000, Discord's limit. */
  readonly maxLength?: number;
  /** What replies may ping. Default `{ parse: ['users'], repliedUser: true }`: never @everyone or roles. */
  readonly allowedMentions?: MessageMentionOptions;
  /** How many recent message ids are remembered to drop duplicate deliveries. Default 1000. */
  readonly dedupeWindow?: number;
  /** Longest wait for the gateway to settle before disconnecting on unsubscribe, ms. Default 10000. */
  readonly destroyTimeoutMs?: number;
  /**
   * More discord.js client options (intents aside): the REST base URL and identify throttle of a
   * test fake (`FakeDiscord#clientOptions`), cache limits, proxies, …
   */
  readonly clientOptions?: Omit<Partial<ClientOptions>, 'intents'>;
  /** Drives typing refreshes. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

/** @internal */
export interface ResolvedDiscordOptions {
  readonly name: string;
  readonly mentions: boolean;
  readonly directMessages: boolean;
  readonly channels: ReadonlySet<string>;
  readonly allowBots: boolean;
  readonly intents: readonly GatewayIntentsString[];
  readonly defaultChannelId: string | undefined;
  readonly accepts: ((result: RepliedResult) => boolean) | undefined;
  readonly typing: boolean;
  readonly typingTimeoutMs: number;
  readonly maxLength: number;
  readonly allowedMentions: MessageMentionOptions;
  readonly dedupeWindow: number;
  readonly destroyTimeoutMs: number;
  readonly clientOptions: Omit<Partial<ClientOptions>, 'intents'>;
  readonly scheduler: SchedulerLike;
}

const SNOWFLAKE = /^\d{1,20}$/;

/** @internal */
export function resolveDiscordOptions(options: DiscordClientOptions): ResolvedDiscordOptions {
  if (options === null || typeof options !== 'object') throw new ConfigError('options', 'must be an object such as { token } (or {} with DISCORD_TOKEN set)');
  const { name = 'discord', respondTo = {}, allowBots = false, intents = [], typing = false, typingTimeoutMs = 60_000, maxLength = 2000, dedupeWindow = 1000, destroyTimeoutMs = 10_000, clientOptions = {}, scheduler = asyncScheduler } = options;
  if (typeof name !== 'string' || name === '') throw new ConfigError('name', 'must be a non-empty string, e.g. "discord"');
  if (respondTo === null || typeof respondTo !== 'object') throw new ConfigError('respondTo', 'must be an object such as { mentions: true, directMessages: true, channels: ["123…"] }');
  const { mentions = true, directMessages = true, channels = [] } = respondTo;
  for (const [option, value] of [['respondTo.mentions', mentions], ['respondTo.directMessages', directMessages], ['allowBots', allowBots], ['typing', typing]] as const) {
    if (typeof value !== 'boolean') throw new ConfigError(option, `must be true or false (got ${String(value)})`);
  }
  if (!Array.isArray(channels) || !channels.every((id) => typeof id === 'string' && SNOWFLAKE.test(id))) {
    throw new ConfigError('respondTo.channels', 'must be an array of channel ids (numeric strings; in Discord: Developer Mode on, right-click the channel, Copy Channel ID)');
  }
  if (!mentions && !directMessages && channels.length === 0) {
    throw new ConfigError('respondTo', 'answers nothing: set mentions or directMessages to true, or list channels');
  }
  if (!Array.isArray(intents)) throw new ConfigError('intents', 'must be an array of intent names such as ["GuildMembers"]');
  const unknown = (intents as readonly unknown[]).find((intent) => typeof intent !== 'string' || !(intent in GatewayIntentBits) || /^\d+$/.test(intent));
  if (unknown !== undefined) throw new ConfigError('intents', `${JSON.stringify(unknown)} is not a gateway intent; use names such as "GuildMembers" or "GuildMessageReactions"`);
  const { defaultChannelId } = options;
  if (defaultChannelId !== undefined && (typeof defaultChannelId !== 'string' || !SNOWFLAKE.test(defaultChannelId))) {
    throw new ConfigError('defaultChannelId', `must be a channel id, a numeric string (got ${JSON.stringify(defaultChannelId)})`);
  }
  if (options.accepts !== undefined && typeof options.accepts !== 'function') throw new ConfigError('accepts', 'must be a function (result) => boolean');
  whole('typingTimeoutMs', typingTimeoutMs, 1);
  whole('maxLength', maxLength, 20);
  if (maxLength > 2000) throw new ConfigError('maxLength', `Discord refuses messages over 2000 characters (got ${maxLength})`);
  whole('dedupeWindow', dedupeWindow, 1);
  whole('destroyTimeoutMs', destroyTimeoutMs, 1);
  if (clientOptions === null || typeof clientOptions !== 'object') throw new ConfigError('clientOptions', 'must be an object of discord.js ClientOptions');
  if ('intents' in clientOptions) throw new ConfigError('clientOptions.intents', 'use the intents option: it adds to the intents the client needs');
  if (typeof scheduler?.schedule !== 'function' || typeof scheduler.now !== 'function') throw new ConfigError('scheduler', 'must be an RxJS SchedulerLike, e.g. asyncScheduler');
  const allowedMentions = options.allowedMentions ?? { parse: ['users'], repliedUser: true };
  return { name, mentions, directMessages, channels: new Set(channels), allowBots, intents: intents as readonly GatewayIntentsString[], defaultChannelId, accepts: options.accepts, typing, typingTimeoutMs, maxLength, allowedMentions, dedupeWindow, destroyTimeoutMs, clientOptions, scheduler };
}

/**
 * The bot token from the option or `DISCORD_TOKEN`, without a `Bot ` prefix. Messages name the
 * option or variable, never the value.
 * @internal
 */
export function resolveToken(token: unknown, env: Readonly<Record<string, string | undefined>>): string {
  const fromOption = token !== undefined;
  const where = fromOption ? 'token' : 'token (env DISCORD_TOKEN)';
  const value = fromOption ? token : env.DISCORD_TOKEN;
  if (value === undefined || value === '') {
    throw new ConfigError('token', 'no Discord bot token: pass { token } or set the DISCORD_TOKEN environment variable (Discord Developer Portal → your application → Bot → Reset Token)');
  }
  if (typeof value !== 'string') throw new ConfigError(where, `must be a string (got ${typeof value})`);
  const bare = value.replace(/^(Bot|Bearer)\s+/i, '');
  if (bare === '' || /\s/.test(bare)) throw new ConfigError(where, 'contains whitespace; a token never does: check for a pasted line break, space or quote');
  return bare;
}

function whole(option: string, value: unknown, min: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw new ConfigError(option, `must be a whole number, at least ${min} (got ${String(value)})`);
}
