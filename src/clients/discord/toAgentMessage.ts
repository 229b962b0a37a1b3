import type { Message } from 'discord.js';
import type { AgentMessage } from '../../messages/AgentMessage.js';

/** Where a Discord message came from, in `AgentMessage.metadata`. */
export interface DiscordMessageMetadata {
  readonly platform: 'discord';
  readonly messageId: string;
  /** The channel (or thread) to answer in: the `conversationId`. */
  readonly channelId: string;
  /** `null` for a direct message. */
  readonly guildId: string | null;
  readonly isDirectMessage: boolean;
  /** For a message in a thread: the channel the thread belongs to. */
  readonly parentChannelId?: string;
  /** Whether the bot was mentioned (or replied to). */
  readonly mentioned: boolean;
  /** The content as sent, before the bot's mention was removed from `text`. */
  readonly content: string;
}

/**
 * Maps a discord.js message to an {@link AgentMessage}: `id` is the message id, the conversation is
 * the channel (a thread is its own channel), the bot's own mention is taken out of `text`.
 * @internal
 */
export function toAgentMessage(message: Message, botUserId: string, source: string, mentioned: boolean): AgentMessage {
  const author = message.author;
  const parentChannelId = message.channel.isThread() ? message.channel.parentId : null;
  const metadata: DiscordMessageMetadata = {
    platform: 'discord',
    messageId: message.id,
    channelId: message.channelId,
    guildId: message.guildId,
    isDirectMessage: message.guildId === null,
    ...(parentChannelId === null ? {} : { parentChannelId }),
    mentioned,
    content: message.content,
  };
  const reference = message.reference?.messageId;
  return {
    id: message.id,
    conversationId: message.channelId,
    text: withoutMention(message.content, botUserId),
    source,
    author: { id: author.id, name: message.member?.displayName ?? author.displayName, isBot: author.bot || message.webhookId !== null },
    timestamp: message.createdTimestamp,
    ...(reference === undefined ? {} : { replyTo: reference }),
    metadata: { ...metadata },
  };
}

/** `<@123> hi` → `hi`: the agent reads what was said to it, not the ping. @internal */
export function withoutMention(content: string, botUserId: string): string {
  return content.replace(new RegExp(`<@!?${botUserId}>`, 'g'), ' ').replace(/\s{2,}/g, ' ').trim();
}
