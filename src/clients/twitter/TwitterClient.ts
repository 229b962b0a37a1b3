import { EMPTY, Subject, defer, merge, type Observable } from 'rxjs';
import type { InputSettlement, NamedInput } from '../../io/AgentInput.js';
import type { AgentOutput } from '../../io/AgentOutput.js';
import type { AgentMessage } from '../../messages/AgentMessage.js';
import type { RepliedResult } from '../../runtime/AgentResult.js';
import { createApis, type XApis } from './createApis.js';
import { dedupeRecent } from './dedupeRecent.js';
import { resolveCredentials } from './credentials.js';
import { pollMentions } from './mentions.js';
import { MentionCursor } from './MentionCursor.js';
import { planPost, postThread, type PostPlan } from './postThread.js';
import { parseBaseUrl } from './redirectPlugin.js';
import { streamTweets } from './streamTweets.js';
import type { TwitterClientEvent } from './TwitterClientEvent.js';
import { resolveTwitterOptions, type ResolvedTwitterOptions, type TwitterClientOptions } from './TwitterClientOptions.js';
import { toXApiError } from './XApiError.js';

/**
 * An X (Twitter) account as one object usable in `inputs` and `outputs`. As an input it polls the
 * account's mentions from a stored `since_id` (and optionally reads the filtered stream); as an
 * output it posts every result: as a reply to the tweet when the result's message came from this
 * client, as a new post otherwise, as a numbered thread when the text is too long.
 *
 * Construction checks the options and credentials (from options or `X_*` environment variables)
 * and connects nothing; subscribing to `messages$` starts polling, unsubscribing stops it.
 * Rate limits: polls are spaced by X's `x-rate-limit-*` headers, and a 429 on a post is waited out
 * inside the client on its scheduler until `x-rate-limit-reset` (then the same post is sent, once).
 *
 * @example
 * ```ts
 * import { AgentRuntime } from 'rxagent';
 * import { TwitterClient } from 'rxagent/twitter';
 * const twitter = new TwitterClient({ pollIntervalMs: 90_000 }); // credentials from X_* variables
 * const runtime = new AgentRuntime({
 *   inputs: [twitter],
 *   outputs: [twitter],
 *   agent: (message) => ({ text: `Thanks ${message.author?.name ?? ''}, noted!` }),
 * });
 * await runtime.run();
 * ```
 */
export class TwitterClient implements NamedInput<AgentMessage>, AgentOutput {
  readonly name: string;
  /** Mentions (and stream tweets) as messages; each tweet once, even if both sources see it. */
  readonly messages$: Observable<AgentMessage>;
  /** What the client does and recovers from (hot). */
  readonly events$: Observable<TwitterClientEvent>;

  // ES private fields: the tokens inside the twitter-api-v2 clients never show in util.inspect or JSON.
  readonly #apis: XApis;
  readonly #options: ResolvedTwitterOptions;
  readonly #events = new Subject<TwitterClientEvent>();
  readonly #plans = new WeakMap<RepliedResult, PostPlan>();
  #userId: Promise<string> | undefined;
  /** The current subscription's mentions cursor. */
  #cursor: MentionCursor | undefined;

  constructor(options: TwitterClientOptions = {}) {
    this.#options = resolveTwitterOptions(options);
    const credentials = resolveCredentials(options.credentials, options.env ?? process.env, this.#options.stream);
    this.#apis = createApis(credentials, parseBaseUrl(options.baseUrl));
    this.name = this.#options.name;
    this.events$ = this.#events.asObservable();
    this.messages$ = this.#messages();
  }

  /** Posts a result: a reply (thread) to its tweet when it came from this client, else a new post. */
  send(result: RepliedResult): Observable<readonly string[]> {
    let plan = this.#plans.get(result);
    if (plan === undefined) {
      const { maxLength, overflow } = this.#options;
      plan = planPost(result.reply.text, this.#replyTarget(result), maxLength, overflow);
      this.#plans.set(result, plan);
    }
    const { scheduler, maxRateLimitWaits } = this.#options;
    return postThread(plan, { api: this.#apis.user, scheduler, maxRateLimitWaits, emit: this.#emit });
  }

  /**
   * Called by the runtime when a tweet it read from this client is settled: the stored mentions
   * cursor (`since_id`) moves past a mention only once it is answered and delivered, or failed for
   * good. A mention cut short by a stop is read again after a restart; pass a shared
   * `delivery.journal` to the runtime so an answer already posted is not posted twice.
   */
  settled(message: AgentMessage, settlement: InputSettlement): void {
    this.#cursor?.settled(message.id, settlement);
  }

  /** Which results this client posts: the `accepts` option, default all. */
  accepts(result: RepliedResult): boolean {
    return this.#options.accepts === undefined || this.#options.accepts(result);
  }

  #replyTarget(result: RepliedResult): string | undefined {
    if (result.message.source !== this.name) return undefined;
    const tweetId = result.message.metadata?.tweetId;
    return typeof tweetId === 'string' ? tweetId : result.message.id;
  }

  #messages(): Observable<AgentMessage> {
    const { name: source, scheduler, mentions, stream } = this.#options;
    if (!mentions && !(stream && this.#apis.app !== undefined)) return EMPTY;
    const userId = () => this.#resolveUserId();
    // Each subscription gets its own cursor and dedup window (defer), so a restarted runtime starts clean.
    return defer(() => {
      const sources: Observable<AgentMessage>[] = [];
      if (mentions) {
        const { cursorStore: cursors, pollIntervalMs, skipExisting, cursorKey } = this.#options;
        const cursor = (this.#cursor = new MentionCursor({ cursors, scheduler, emit: this.#emit }));
        sources.push(pollMentions({ api: this.#apis.user, source, scheduler, cursor, cursorKey: (id) => cursorKey ?? `x:mentions:${id}`, pollIntervalMs, skipExisting, userId, emit: this.#emit }));
      }
      if (stream && this.#apis.app !== undefined) {
        const { streamKeepAliveMs: keepAliveMs, reconnectDelayMs } = this.#options;
        sources.push(streamTweets({ api: this.#apis.app, source, scheduler, keepAliveMs, reconnectDelayMs, maxReconnectDelayMs: 320_000, userId, emit: this.#emit }));
      }
      // A mention that also matches a stream rule arrives twice: answer it once.
      return merge(...sources).pipe(dedupeRecent(1000));
    });
  }

  #resolveUserId(): Promise<string> {
    if (this.#options.userId !== undefined) return Promise.resolve(this.#options.userId);
    this.#userId ??= this.#apis.user.v2.me().then(
      (response) => response.data.id,
      (error: unknown) => {
        this.#userId = undefined; // ask again next time
        throw toXApiError('GET /2/users/me', error, this.#options.scheduler.now());
      },
    );
    return this.#userId;
  }

  readonly #emit = (event: TwitterClientEvent): void => this.#events.next(event);
}
