// rxagent/discord: a Discord bot as input (mentions, DMs, channels) and output (threaded replies,
// split at 2000 characters). Imports discord.js (an optional peer dependency); nothing else in rxagent does.
export { DiscordClient } from './DiscordClient.js';
export { type DiscordClientOptions, type DiscordRespondTo } from './DiscordClientOptions.js';
export { type DiscordClientEvent } from './DiscordClientEvent.js';
export { type DiscordIgnoreReason } from './addressedToBot.js';
export { DiscordGatewayError } from './DiscordGatewayError.js';
export { type DiscordMessageMetadata } from './toAgentMessage.js';
export { splitMessage, MAX_MESSAGE_LENGTH } from './splitMessage.js';
export { DEFAULT_INTENTS } from './gatewayMessages.js';
export { discordNonce, MAX_NONCE_LENGTH } from './discordNonce.js';
