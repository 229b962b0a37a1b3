import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WebSocketServer } from 'ws';
import { FakeFaults, type FakeDiscordFailure, type FakeDiscordRateLimit } from './FakeFaults.js';
import { FakeGateway, type FakeGatewayCommand, type GatewayPayload } from './FakeGateway.js';
import { guildPayload, messagePayload, snowflake, userPayload, type FakeDiscordGuild, type FakeDiscordUser } from './fakeDiscordPayloads.js';
import { handleDiscordRequest, type FakeDiscordPost, type RestState } from './handleDiscordRequest.js';
import { serveJson, type JsonAnswer, type JsonRequest } from './serveJson.js';

/** Options of {@link FakeDiscord.start}. */
export interface FakeDiscordOptions {
  /** The token the bot must present (REST `Authorization: Bot …` and IDENTIFY); any token is accepted when unset. */
  readonly token?: string;
  /** The bot's own user. Default `{ id: '1000', username: 'rxagent-bot', bot: true }`. */
  readonly bot?: FakeDiscordUser;
  /** The guilds the bot is in. Default one guild `100` with channels `200` and `201`. */
  readonly guilds?: readonly FakeDiscordGuild[];
  /** The heartbeat interval the gateway asks for, ms. Default 41 250, as Discord's. */
  readonly heartbeatIntervalMs?: number;
  /** Longest message `POST /channels/{id}/messages` accepts (longer: 400, code 50035). Default 2000. */
  readonly maxMessageLength?: number;
  /** Called for every message the bot created (after the gateway echo), e.g. to bridge two fakes so two bots read each other. */
  readonly onPost?: (post: FakeDiscordPost) => void;
}

/** One REST request the fake answered. The token is never recorded; `authorized` says whether it matched. */
export interface FakeDiscordRequest {
  readonly method: string;
  /** Relative to `/api/v10`, e.g. `/channels/200/messages`. */
  readonly path: string;
  /** The parsed JSON body, if any. */
  readonly body: unknown;
  readonly status: number;
  readonly authorized: boolean;
  readonly at: number;
}

/** What {@link FakeDiscord.sendMessage} delivers. */
export interface FakeIncomingMessage {
  readonly channelId: string;
  readonly content: string;
  /** Who writes it. Default {@link FakeDiscord.ada}. */
  readonly author?: FakeDiscordUser;
  /** Mention the bot: prefixes `<@botId> ` and lists the bot in `mentions`. Default false. */
  readonly mentionBot?: boolean;
  /** The id of the message this one replies to. */
  readonly replyTo?: string;
}

/** The client options that point discord.js at a {@link FakeDiscord}; structurally a `Partial<ClientOptions>`. */
export interface FakeDiscordClientOptions {
  readonly rest: { readonly api: string };
  /** Identifies at once instead of discord.js's 5 s identify spacing. */
  readonly ws: { readonly buildIdentifyThrottler: () => { waitForIdentify(shardId: number, signal: AbortSignal): Promise<void> } };
}

const NO_THROTTLE = { waitForIdentify: (): Promise<void> => Promise.resolve() };

/**
 * A loopback fake of Discord for tests of bots with the real discord.js: the REST API (`/api/v10`:
 * gateway discovery, `POST /channels/{id}/messages` with Discord's 2000-character limit, typing,
 * channels) and the gateway on the same port (`ws`: HELLO, IDENTIFY → READY + GUILD_CREATE,
 * heartbeats, RESUME with replay of missed dispatches). Messages the bot posts come back on the
 * gateway as its own MESSAGE_CREATE, as on Discord. 429s and errors are injected with
 * `rateLimit()` / `fail()`; `disconnect(code)` drops the gateway. Binds to 127.0.0.1 only.
 *
 * @example
 * ```ts
 * import { FakeDiscord } from 'rxagent/testing';
 * import { DiscordClient } from 'rxagent/discord';
 * const fake = await FakeDiscord.start();
 * const discord = new DiscordClient({ token: 'test-token', clientOptions: fake.clientOptions });
 * // … run the runtime, then: fake.sendMessage({ channelId: '200', content: 'hi', mentionBot: true });
 * await fake.waitFor(() => fake.posts.length === 1);
 * await fake.close();
 * ```
 */
export class FakeDiscord {
  /** A human who writes to the bot. */
  static readonly ada: FakeDiscordUser = { id: '2001', username: 'ada', globalName: 'Ada Lovelace' };
  /** Another human. */
  static readonly grace: FakeDiscordUser = { id: '2002', username: 'grace', globalName: 'Grace Hopper' };
  /** Another bot in the same guild. */
  static readonly otherBot: FakeDiscordUser = { id: '3001', username: 'other-bot', bot: true };

  /** Every REST request, in arrival order. */
  readonly requests: FakeDiscordRequest[] = [];
  /** Every gateway command received (IDENTIFY, RESUME, HEARTBEAT, …), in order. */
  readonly commands: FakeGatewayCommand[] = [];
  /** Every message the bot posted, in order. */
  readonly posts: FakeDiscordPost[] = [];
  readonly bot: FakeDiscordUser;
  readonly guilds: readonly FakeDiscordGuild[];

  private readonly faults = new FakeFaults();
  private readonly messages = new Map<string, Record<string, unknown>>();
  private readonly dmChannels = new Map<string, string>();
  private readonly watchers = new Set<() => void>();
  private gateway!: FakeGateway;
  private wss!: WebSocketServer;
  private port = 0;
  private readonly rest: RestState;

  private constructor(
    private readonly server: Server,
    private readonly options: FakeDiscordOptions,
  ) {
    this.bot = options.bot ?? { id: '1000', username: 'rxagent-bot', bot: true };
    this.guilds = options.guilds ?? [{ id: '100', name: 'rxagent', channels: [{ id: '200', name: 'general' }, { id: '201', name: 'random' }] }];
    this.rest = {
      bot: this.bot,
      gatewayUrl: () => this.gatewayUrl,
      maxMessageLength: options.maxMessageLength ?? 2000,
      guildOf: (channelId) => this.guildOf(channelId),
      posted: (post, payload) => {
        this.messages.set(post.id, payload);
        this.changed(() => this.posts.push(post));
        // Discord echoes the bot's own messages on the gateway; bots must ignore them.
        this.gateway.dispatch('MESSAGE_CREATE', payload);
        options.onPost?.(post);
      },
    };
  }

  /** Starts the fake on 127.0.0.1 (a free port unless `port` is given). */
  static async start(options: FakeDiscordOptions & { readonly port?: number } = {}): Promise<FakeDiscord> {
    // ws is loaded here, not at import, so rxagent/testing loads without it.
    const { WebSocketServer } = await import('ws');
    const server = createServer();
    const fake = new FakeDiscord(server, options);
    fake.wss = new WebSocketServer({ server });
    fake.gateway = new FakeGateway(fake.wss, {
      url: () => fake.gatewayUrl,
      token: options.token,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
      ready: (sessionId) => ({
        v: 10,
        user: { ...userPayload(fake.bot), verified: true, mfa_enabled: false, flags: 0 },
        guilds: fake.guilds.map((guild) => ({ id: guild.id, unavailable: true })),
        session_id: sessionId,
        resume_gateway_url: fake.gatewayUrl,
        application: { id: fake.bot.id, flags: 0 },
        private_channels: [],
        relationships: [],
      }),
      guildCreates: () => fake.guilds.map((guild) => guildPayload(guild, fake.bot)),
      command: (command) => fake.changed(() => fake.commands.push(command)),
      closed: () => fake.changed(() => undefined),
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void serveJson(req, res, (request) => fake.answer(request)));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    fake.port = (server.address() as AddressInfo).port;
    return fake;
  }

  /** `http://127.0.0.1:PORT`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The gateway's address, as `GET /gateway/bot` tells clients. */
  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** Pass as (part of) discord.js's `ClientOptions`, or as `DiscordClient`'s `clientOptions`. */
  get clientOptions(): FakeDiscordClientOptions {
    return { rest: { api: `${this.url}/api` }, ws: { buildIdentifyThrottler: () => NO_THROTTLE } };
  }

  /** How many gateway sessions have a live socket. */
  get connected(): number {
    return this.gateway.connected;
  }

  /** Delivers a MESSAGE_CREATE in a guild channel; returns the message id. */
  sendMessage(message: FakeIncomingMessage): string {
    const guildId = this.guildOf(message.channelId);
    if (guildId === undefined || guildId === null) throw new Error(`FakeDiscord: no guild channel ${message.channelId}; pass it in the guilds option`);
    const mention = message.mentionBot === true;
    return this.deliver({ channelId: message.channelId, guildId, content: mention ? `<@${this.bot.id}> ${message.content}` : message.content, mentions: mention ? [this.bot] : [], author: message.author ?? FakeDiscord.ada, replyTo: message.replyTo });
  }

  /** Delivers a direct message from `author` (default {@link FakeDiscord.ada}); returns the message id. */
  sendDirectMessage(content: string, author: FakeDiscordUser = FakeDiscord.ada): string {
    let channelId = this.dmChannels.get(author.id);
    if (channelId === undefined) this.dmChannels.set(author.id, (channelId = snowflake()));
    return this.deliver({ channelId, content, mentions: [], author });
  }

  /** The DM channel id of a user who wrote to the bot. */
  dmChannelOf(user: FakeDiscordUser): string | undefined {
    return this.dmChannels.get(user.id);
  }

  /** Delivers a message already sent once again, as a duplicate gateway delivery. */
  replay(messageId: string): void {
    this.gateway.dispatch('MESSAGE_CREATE', this.messageById(messageId));
  }

  /**
   * Drops every gateway socket with `code`: 4000 (default) lets discord.js RESUME, after which the
   * `replay` messages are delivered again; 1000 ends the session and discord.js identifies anew.
   */
  disconnect(code = 4000, options: { readonly replay?: readonly string[] } = {}): void {
    const replay: GatewayPayload[] = (options.replay ?? []).map((id) => ({ op: 0, t: 'MESSAGE_CREATE', d: this.messageById(id) }));
    this.gateway.disconnect(code, replay);
  }

  /** Answers the next matching request(s) with 429 and `Retry-After`. */
  rateLimit(limit: FakeDiscordRateLimit = {}): void {
    this.faults.rateLimit(limit);
  }

  /** Answers the next matching request(s) with an error status and Discord's JSON error body. */
  fail(failure: FakeDiscordFailure): void {
    this.faults.fail(failure);
  }

  /** Messages the bot posted in one channel, in order. */
  postsIn(channelId: string): FakeDiscordPost[] {
    return this.posts.filter((post) => post.channelId === channelId);
  }

  /**
   * Resolves once `condition` holds, checked now and after every request, post, gateway
   * command and closed socket; rejects after `timeoutMs` (default 5000) with `description`, so a test fails instead of hanging.
   */
  waitFor(condition: () => boolean, description = 'condition', timeoutMs = 5000): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        done();
        resolve();
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`FakeDiscord: timed out after ${timeoutMs} ms waiting for ${description}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.watchers.delete(check);
      };
      this.watchers.add(check);
    });
  }

  /** Closes the gateway sockets and the HTTP server, and all their connections. */
  async close(): Promise<void> {
    this.gateway.disconnect(1001);
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private deliver(fields: { channelId: string; guildId?: string; content: string; mentions: FakeDiscordUser[]; author: FakeDiscordUser; replyTo?: string | undefined }): string {
    const at = Date.now();
    const id = snowflake(at);
    const { replyTo, ...rest } = fields;
    const payload = messagePayload({ ...rest, id, at, ...(replyTo === undefined ? {} : { referenceId: replyTo }) });
    this.messages.set(id, payload);
    this.gateway.dispatch('MESSAGE_CREATE', payload);
    return id;
  }

  private messageById(id: string): Record<string, unknown> {
    const payload = this.messages.get(id);
    if (payload === undefined) throw new Error(`FakeDiscord: no message ${id} to replay`);
    return payload;
  }

  private guildOf(channelId: string): string | null | undefined {
    for (const guild of this.guilds) if (guild.channels.some((channel) => channel.id === channelId)) return guild.id;
    for (const dm of this.dmChannels.values()) if (dm === channelId) return null;
    return undefined;
  }

  private answer({ method, path, body, authorization }: JsonRequest): JsonAnswer {
    const expected = this.options.token;
    const authorized = expected === undefined || authorization === `Bot ${expected}`;
    const fault = authorized ? this.faults.take(`${method} ${path}`) : undefined;
    const answer: JsonAnswer = !authorized ? { status: 401, body: { message: '401: Unauthorized', code: 0 } } : fault ?? handleDiscordRequest(this.rest, method, path, body);
    this.changed(() => this.requests.push({ method, path, body, status: answer.status, authorized, at: Date.now() }));
    return answer;
  }

  private changed(change: () => void): void {
    change();
    for (const watcher of [...this.watchers]) watcher();
  }
}
