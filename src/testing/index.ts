// rxagent/testing: marble-test agents and whole runtimes in virtual time.
export { marbleTest, type AgentMarbleHelpers, type MarbleTestOptions, type Runnable, type StartOptions } from './marbleTest.js';
export { messageMarbles, type MessageMarbles, type MessageMarbleOptions, type MessageValue } from './messageMarbles.js';
export { scriptedAgent, type AgentCall, type ScriptedAgent, type ScriptedAgentOptions, type ScriptEntry, type ScriptStep } from './scriptedAgent.js';
export { recordingOutput, type RecordingOutput, type RecordingOutputOptions } from './recordingOutput.js';
export { describeEvent, describeEvents } from './describeEvents.js';
export { createTestScheduler, type DeepEqual } from './createTestScheduler.js';
export { FakeXApi, type FakeXApiOptions, type FakeXRequest, type FakeTweet, type FakeXRoute, type FakeXUser } from './twitter/index.js';
export { FakeDiscord, type FakeDiscordOptions, type FakeDiscordRequest, type FakeIncomingMessage, type FakeDiscordClientOptions, type FakeDiscordUser, type FakeDiscordGuild, type FakeDiscordChannel, type FakeDiscordPost, type FakeDiscordRateLimit, type FakeDiscordFailure, type FakeGatewayCommand } from './discord/index.js';
