import type { Message } from 'discord.js';
import type { ResolvedDiscordOptions } from './DiscordClientOptions.js';

/** Why a message was not passed to the agent, on the `ignored` event. */
export type DiscordIgnoreReason = 'self' | 'bot' | 'notAddressed' | 'duplicate';

/** Whether the bot was mentioned by a user mention or a reply to one of its messages. @internal */
export function mentionsBot(message: Message, botUserId: string): boolean {
  return message.mentions.users.has(botUserId) || message.mentions.repliedUser?.id === botUserId;
}

/**
 * Decides whether a message goes to the agent: never its own, other bots' only when allowed, then
 * DMs, listed channels (and their threads) or mentions, as configured. `undefined` means "answer".
 * @internal
 */
export function ignoreReason(message: Message, botUserId: string, options: ResolvedDiscordOptions): DiscordIgnoreReason | undefined {
  if (message.author.id === botUserId) return 'self';
  if ((message.author.bot || message.webhookId !== null) && !options.allowBots) return 'bot';
  if (message.guildId === null) return options.directMessages ? undefined : 'notAddressed';
  const parentId = message.channel.isThread() ? message.channel.parentId : null;
  if (options.channels.has(message.channelId) || (parentId !== null && options.channels.has(parentId))) return undefined;
  return options.mentions && mentionsBot(message, botUserId) ? undefined : 'notAddressed';
}
