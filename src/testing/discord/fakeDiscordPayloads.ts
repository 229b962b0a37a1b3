/** A user of the fake Discord (the bot itself, or someone writing to it). */
export interface FakeDiscordUser {
  readonly id: string;
  readonly username: string;
  /** Shown instead of `username` when set. */
  readonly globalName?: string;
  readonly bot?: boolean;
}

/** A text channel of a fake guild, or a public thread when `parentId` names its channel. */
export interface FakeDiscordChannel {
  readonly id: string;
  readonly name?: string;
  /** Makes this a public thread under that channel. */
  readonly parentId?: string;
}

/** A guild (server) the fake bot is a member of; announced with GUILD_CREATE after READY. */
export interface FakeDiscordGuild {
  readonly id: string;
  readonly name?: string;
  readonly channels: readonly FakeDiscordChannel[];
}

/** Discord's epoch (2015-01-01), the origin of snowflake timestamps. */
const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;

/** A snowflake id that encodes `at` (discord.js reads message timestamps from ids). @internal */
export function snowflake(at: number = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

/** The gateway's user object. @internal */
export function userPayload(user: FakeDiscordUser): Record<string, unknown> {
  return { id: user.id, username: user.username, global_name: user.globalName ?? null, discriminator: '0', avatar: null, bot: user.bot ?? false };
}

/** GUILD_CREATE for a guild with its text channels and an @everyone role. @internal */
export function guildPayload(guild: FakeDiscordGuild, bot: FakeDiscordUser): Record<string, unknown> {
  const joinedAt = new Date(0).toISOString();
  return {
    id: guild.id,
    name: guild.name ?? `guild-${guild.id}`,
    unavailable: false,
    icon: null,
    owner_id: bot.id,
    features: [],
    large: false,
    member_count: 1,
    joined_at: joinedAt,
    roles: [{ id: guild.id, name: '@everyone', permissions: '0', position: 0, color: 0, hoist: false, managed: false, mentionable: false, flags: 0 }],
    emojis: [],
    stickers: [],
    members: [{ user: userPayload(bot), roles: [], joined_at: joinedAt, deaf: false, mute: false, flags: 0 }],
    channels: guild.channels.filter((channel) => channel.parentId === undefined).map((channel, position) => ({
      id: channel.id,
      type: 0,
      guild_id: guild.id,
      name: channel.name ?? `channel-${channel.id}`,
      position,
      permission_overwrites: [],
      nsfw: false,
      parent_id: null,
      last_message_id: null,
    })),
    threads: guild.channels.filter((channel) => channel.parentId !== undefined).map((thread) => ({
      id: thread.id,
      type: 11,
      guild_id: guild.id,
      parent_id: thread.parentId,
      name: thread.name ?? `thread-${thread.id}`,
      owner_id: bot.id,
      last_message_id: null,
      message_count: 0,
      member_count: 1,
      rate_limit_per_user: 0,
      flags: 0,
      thread_metadata: { archived: false, auto_archive_duration: 1440, archive_timestamp: joinedAt, locked: false },
    })),
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** What a MESSAGE_CREATE (and a REST message answer) carries. @internal */
export interface MessageFields {
  readonly id: string;
  readonly channelId: string;
  readonly guildId?: string;
  readonly author: FakeDiscordUser;
  readonly content: string;
  readonly mentions?: readonly FakeDiscordUser[];
  readonly referenceId?: string;
  readonly at: number;
}

/** A message object as Discord sends it. DMs carry `channel_type: 1` and no guild, or discord.js drops them. @internal */
export function messagePayload(fields: MessageFields): Record<string, unknown> {
  const payload: Record<string, unknown> = {
    id: fields.id,
    channel_id: fields.channelId,
    author: userPayload(fields.author),
    content: fields.content,
    timestamp: new Date(fields.at).toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: (fields.mentions ?? []).map(userPayload),
    mention_roles: [],
    attachments: [],
    embeds: [],
    components: [],
    pinned: false,
    flags: 0,
    type: fields.referenceId === undefined ? 0 : 19,
  };
  if (fields.guildId === undefined) {
    payload.channel_type = 1;
  } else {
    payload.guild_id = fields.guildId;
    payload.channel_type = 0;
    payload.member = { roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 };
  }
  if (fields.referenceId !== undefined) payload.message_reference = { type: 0, message_id: fields.referenceId, channel_id: fields.channelId, guild_id: fields.guildId };
  return payload;
}
