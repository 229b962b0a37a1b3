// A loopback Discord (REST + gateway) for testing bots with the real discord.js; re-exported by rxagent/testing.
export { FakeDiscord, type FakeDiscordOptions, type FakeDiscordRequest, type FakeIncomingMessage, type FakeDiscordClientOptions } from './FakeDiscord.js';
export { type FakeDiscordUser, type FakeDiscordGuild, type FakeDiscordChannel } from './fakeDiscordPayloads.js';
export { type FakeDiscordPost } from './handleDiscordRequest.js';
export { type FakeDiscordRateLimit, type FakeDiscordFailure } from './FakeFaults.js';
export { type FakeGatewayCommand } from './FakeGateway.js';
