import { Observable, Subject, filter, map, share } from 'rxjs';
import { REST, RESTEvents } from 'discord.js';
import type { NamedInput } from '../../io/AgentInput.js';
import type { AgentOutput, DeliveryContext } from '../../io/AgentOutput.js';
import type { Guards } from '../../control/Guards.js';
import type { AgentMessage } from '../../messages/AgentMessage.js';
import type { RepliedResult } from '../../runtime/AgentResult.js';
import { ignoreReason, mentionsBot } from './addressedToBot.js';
import type { DiscordClientEvent } from './DiscordClientEvent.js';
import { resolveDiscordOptions, resolveToken, type DiscordClientOptions, type ResolvedDiscordOptions } from './DiscordClientOptions.js';
import { gatewayMessages, type GatewayMessage } from './gatewayMessages.js';
import { postReply, type ReplyPlan } from './postReply.js';
import { RecentIds } from '../../control/RecentIds.js';
import { splitMessage } from './splitMessage.js';
import { toAgentMessage } from './toAgentMessage.js';
import { TypingIndicator } from './TypingIndicator.js';

/**
 * A Discord bot as one object usable in `inputs` and `outputs`, on discord.js 14.
 *
 * As an input, subscribing to `messages$` logs in (one gateway connection, shared by every
 * subscriber) and unsubscribing destroys the connection. Messages that mention the bot, DMs and
 * messages in listed channels become {@link AgentMessage}s (the conversation is the channel); its
 * own and other bots' messages are ignored, and a message id delivered twice (a gateway replay)
 * reaches the agent once. A dropped gateway reconnects and resumes by itself.
 *
 * As an output, a result whose message came from this client is posted as a reply to it in its
 * channel; other results go to `defaultChannelId`, or are not accepted when it is unset. Replies
 * over 2000 characters are split on line, then word boundaries and posted in order. 429s are waited
 * out by discord.js; a post that still fails rejects and the runtime retries it (a retry continues
 * after the parts already posted) or reports `deliveryFailed`.
 *
 * Construction validates the options and the token (option or `DISCORD_TOKEN`) and connects nothing.
 *
 * @example
 * ```ts
 * import { AgentRuntime } from 'rxagent';
 * import { DiscordClient } from 'rxagent/discord';
 * const discord = new DiscordClient({ typing: true }); // token from DISCORD_TOKEN
 * const runtime = new AgentRuntime({
 *   inputs: [discord],
 *   outputs: [discord],
 *   agent: (message) => ({ text: `You said: ${message.text}` }),
 * });
 * await runtime.run();
 * ```
 */
export class DiscordClient implements NamedInput<AgentMessage>, AgentOutput {
  readonly name: string;
  /** Messages addressed to the bot, each id once. Cold and shared: the first subscriber connects, the last one to leave disconnects. */
  readonly messages$: Observable<AgentMessage>;
  /** What the client does and recovers from (hot). */
  readonly events$: Observable<DiscordClientEvent>;

  // ES private fields: the token never shows in util.inspect, JSON or error reports.
  readonly #token: string;
  readonly #options: ResolvedDiscordOptions;
  readonly #events = new Subject<DiscordClientEvent>();
  readonly #plans = new WeakMap<RepliedResult, ReplyPlan>();
  readonly #seen: RecentIds;
  readonly #typing: TypingIndicator;
  #rest: REST | undefined;

  constructor(options: DiscordClientOptions = {}) {
    this.#options = resolveDiscordOptions(options);
    this.#token = resolveToken(options.token, options.env ?? process.env);
    this.name = this.#options.name;
    this.#seen = new RecentIds(this.#options.dedupeWindow);
    this.#typing = new TypingIndicator(() => this.#restClient(), this.#options.scheduler, this.#options.typingTimeoutMs, this.#emit);
    this.events$ = this.#events.asObservable();
    this.messages$ = gatewayMessages(this.#token, this.#options, this.#emit).pipe(
      filter((incoming) => this.#admit(incoming)),
      map(({ message, botUserId }) => toAgentMessage(message, botUserId, this.name, mentionsBot(message, botUserId))),
      share({ resetOnError: true, resetOnComplete: true, resetOnRefCountZero: true }),
    );
  }

  /** Which results this client posts: replies to its own messages, and others when `defaultChannelId` is set; then the `accepts` option. */
  accepts(result: RepliedResult): boolean {
    if (result.message.source !== this.name && this.#options.defaultChannelId === undefined) return false;
    return this.#options.accepts === undefined || this.#options.accepts(result);
  }

  /** Posts a result (split when long): a reply in the message's channel, or a post in `defaultChannelId`. Resolves to the ids of the posted messages. */
  send(result: RepliedResult, delivery?: DeliveryContext): Promise<readonly string[]> {
    let plan = this.#plans.get(result);
    if (plan === undefined) {
      const target = this.#target(result);
      if (target === undefined) return Promise.reject(new Error(`Discord client "${this.name}" has no channel for a result from "${result.message.source ?? 'an unnamed input'}": set defaultChannelId`));
      plan = { ...target, parts: splitMessage(result.reply.text, this.#options.maxLength), posted: [] };
      this.#plans.set(result, plan);
    }
    if (delivery !== undefined) plan.idempotencyKey = delivery.idempotencyKey;
    if (result.message.source === this.name) this.#typing.stop(result.message.id);
    return postReply(this.#restClient(), plan, this.#options.allowedMentions, this.#emit, () => this.#options.scheduler.now());
  }

  #target(result: RepliedResult): { channelId: string; replyTo: string | undefined } | undefined {
    const { message } = result;
    if (message.source === this.name) {
      const metadata = message.metadata ?? {};
      const channelId = typeof metadata.channelId === 'string' ? metadata.channelId : message.conversationId;
      return { channelId, replyTo: typeof metadata.messageId === 'string' ? metadata.messageId : message.id };
    }
    const channelId = this.#options.defaultChannelId;
    return channelId === undefined ? undefined : { channelId, replyTo: undefined };
  }

  #admit({ message, botUserId }: GatewayMessage): boolean {
    const at = this.#options.scheduler.now();
    const reason = ignoreReason(message, botUserId, this.#options) ?? (this.#seen.add(message.id) ? undefined : 'duplicate');
    if (reason !== undefined) {
      this.#emit({ type: 'ignored', at, messageId: message.id, channelId: message.channelId, reason });
      return false;
    }
    if (this.#options.typing) this.#typing.start(message.id, message.channelId);
    return true;
  }

  /** The REST client for posts, apart from the gateway's, so replies still go out while the input disconnects on stop. */
  #restClient(): REST {
    if (this.#rest === undefined) {
      const rest = new REST({ ...this.#options.clientOptions.rest }).setToken(this.#token);
      rest.on(RESTEvents.RateLimited, (info) => this.#emit({ type: 'rateLimited', at: this.#options.scheduler.now(), route: info.route, retryAfterMs: info.retryAfter, global: info.global }));
      this.#rest = rest;
    }
    return this.#rest;
  }

  /** The bot's own user id once the gateway is ready (`undefined` before): use it in the runtime's `guards.selfAuthorIds`, or call {@link DiscordClient.guards}. */
  get userId(): string | undefined {
    return this.#userId;
  }

  /**
   * Runtime guards for this bot: `selfAuthorIds` gets the bot's user id when the client is ready
   * (the client already ignores its own posts; this adds the runtime's guard, e.g. for a runtime
   * built after `ready`) and, with `pingPong`, a conversation of bots answering each other stops
   * after `maxBotTurns` bot messages in a row. Pass the result as `guards` to `AgentRuntime`.
   * @param extra - other guards to combine (`pingPong`, `replyCap`, `dedupWindowMs`, more `selfAuthorIds`)
   */
  guards(extra: Guards = {}): Guards {
    const self = [...(extra.selfAuthorIds ?? []), ...(this.#userId === undefined ? [] : [this.#userId])];
    return { ...extra, ...(self.length === 0 ? {} : { selfAuthorIds: self }) };
  }

  #userId: string | undefined;

  readonly #emit = (event: DiscordClientEvent): void => {
    if (event.type === 'ready') this.#userId = event.userId;
    this.#events.next(event);
  };
}
