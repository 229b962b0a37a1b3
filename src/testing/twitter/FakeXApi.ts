import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeRateLimits } from './FakeRateLimits.js';
import { X_ERRORS, type FakeTweet, type FakeXRoute, type FakeXUser } from './fakeXPayloads.js';
import { FakeXStreams } from './FakeXStreams.js';
import { FakeXTimeline } from './FakeXTimeline.js';
import { handleXRequest } from './handleXRequest.js';

/** Options of {@link FakeXApi.start}. */
export interface FakeXApiOptions {
  /** The authenticated account (`GET /2/users/me`). Default `{ id: '1000', username: 'rxagent_bot', name: 'rxagent bot' }`. */
  readonly me?: FakeXUser;
  /** Other accounts (authors of mentions). `ada` (id 2001) and `grace` (id 2002) always exist. */
  readonly users?: readonly FakeXUser[];
  /** The fake's clock, epoch ms: `x-rate-limit-reset` and `created_at` are measured on it. Pass the test's scheduler's `now` to run rate limits in virtual time. Default `Date.now`. */
  readonly clock?: () => number;
  /** Requests per route per window before a 429. Defaults: users/me 75, mentions 180, posts 200, stream connections 50. */
  readonly limits?: Partial<Readonly<Record<FakeXRoute, number>>>;
  /** The rate-limit window, ms. Default 15 minutes, as X's. */
  readonly windowMs?: number;
  /** Weighted length of a post beyond which `POST /2/tweets` answers 400. Default 280. */
  readonly maxLength?: number;
  /** Port on 127.0.0.1. Default 0: any free port. */
  readonly port?: number;
}

/** One request the fake answered. The Authorization header is recorded only as its scheme, never its value. */
export interface FakeXRequest {
  /** The endpoint, or `undefined` for a path the fake does not serve (answered 404). */
  readonly route: FakeXRoute | undefined;
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** The parsed JSON body (`POST /2/tweets`), else `undefined`. */
  readonly body: unknown;
  readonly auth: 'oauth1' | 'bearer' | 'none';
  readonly status: number;
  /** The fake's clock when the request arrived. */
  readonly at: number;
}

const DEFAULT_LIMITS: Readonly<Record<FakeXRoute, number>> = {
  'GET /2/users/me': 75,
  'GET /2/users/:id/mentions': 180,
  'POST /2/tweets': 200,
  'GET /2/tweets/search/stream': 50,
};

/**
 * A loopback fake of the X API v2, for tests of X clients with the real twitter-api-v2 (point it
 * here with `TwitterClient`'s `baseUrl`). It serves `GET /2/users/me`, `GET /2/users/:id/mentions`
 * (newest first, honouring `since_id`, `max_results`, `pagination_token`, with `meta.newest_id` and
 * the `author_id` expansion), `POST /2/tweets` (replies join their conversation; duplicate text is
 * refused with X's 403), and the filtered stream (`\r\n`-delimited JSON that a test can feed and
 * drop). Every answer carries `x-rate-limit-*` headers; `rateLimit()` forces 429s and `fail()` any
 * error. Every request is recorded, without its credentials.
 *
 * @example
 * ```ts
 * import { TwitterClient } from 'rxagent/twitter';
 * import { FakeXApi } from 'rxagent/testing';
 * const x = await FakeXApi.start();
 * const twitter = new TwitterClient({ baseUrl: x.url, credentials: { userToken: 'test-user-token' } });
 * x.mention('@rxagent_bot what time is it?');
 * // … run the runtime, then:
 * await x.waitFor(() => x.posted().length === 1);
 * await x.close();
 * ```
 */
export class FakeXApi {
  /** `http://127.0.0.1:<port>`: the `baseUrl` for clients under test. */
  readonly url: string;
  /** The authenticated account. */
  readonly me: FakeXUser;
  /** Every request, in arrival order. */
  readonly requests: FakeXRequest[] = [];
  /** @internal */
  readonly timeline: FakeXTimeline;
  /** @internal */
  readonly limits: FakeRateLimits;
  /** @internal */
  readonly streams = new FakeXStreams();
  /** @internal */
  readonly failures = new Map<FakeXRoute, { after: number; times: number; status: number; body: unknown }>();
  /** @internal */
  readonly clock: () => number;
  /** @internal */
  readonly maxLength: number;
  private readonly changed = new Set<() => void>();

  private constructor(
    private readonly server: Server,
    options: FakeXApiOptions,
  ) {
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    this.clock = options.clock ?? Date.now;
    this.me = options.me ?? { id: '1000', username: 'rxagent_bot', name: 'rxagent bot' };
    const users = [{ id: '2001', username: 'ada', name: 'Ada Lovelace' }, { id: '2002', username: 'grace', name: 'Grace Hopper' }, ...(options.users ?? [])];
    this.timeline = new FakeXTimeline(this.me, users, this.clock);
    this.limits = new FakeRateLimits(this.clock, options.windowMs ?? 15 * 60_000, { ...DEFAULT_LIMITS, ...options.limits });
    this.maxLength = options.maxLength ?? 280;
  }

  /** Starts a fake on 127.0.0.1 (a free port unless `port` is given). Close it with {@link FakeXApi.close}. */
  static async start(options: FakeXApiOptions = {}): Promise<FakeXApi> {
    let fake: FakeXApi | undefined;
    const server = createServer((req, res) => void fake?.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    fake = new FakeXApi(server, options);
    return fake;
  }

  /** A tweet by `from` (default `ada`) mentioning the account (`@username` is added when missing); it shows in the mentions from now on. */
  mention(text: string, options: { readonly from?: string; readonly inReplyTo?: string } = {}): FakeTweet {
    const handle = `@${this.me.username}`;
    const full = text.toLowerCase().includes(handle.toLowerCase()) ? text : `${handle} ${text}`;
    return this.tweet(full, { from: options.from ?? '2001', ...(options.inReplyTo === undefined ? {} : { inReplyTo: options.inReplyTo }) });
  }

  /** Any tweet, by `from` (a user id; default `ada`). */
  tweet(text: string, options: { readonly from?: string; readonly inReplyTo?: string } = {}): FakeTweet {
    const tweet = this.timeline.add(options.from ?? '2001', text, options.inReplyTo);
    this.notify();
    return tweet;
  }

  /** The tweets the account posted through `POST /2/tweets`, oldest first. */
  posted(): FakeTweet[] {
    return this.timeline.all().filter((tweet) => tweet.author_id === this.me.id);
  }

  /** The requests to one endpoint, oldest first. */
  requestsTo(route: FakeXRoute): FakeXRequest[] {
    return this.requests.filter((request) => request.route === route);
  }

  /** The next `times` requests to `route` answer 429, with `x-rate-limit-reset` `resetInMs` ahead on the fake's clock (default 15 minutes). */
  rateLimit(route: FakeXRoute, { times = 1, resetInMs = 15 * 60_000 }: { readonly times?: number; readonly resetInMs?: number } = {}): void {
    this.limits.force(route, times, resetInMs);
  }

  /** After `after` more requests to `route` (default 0), the next `times` answer `status` with `body` (default: X's body for that status). */
  fail(route: FakeXRoute, { status, body, times = 1, after = 0 }: { readonly status: number; readonly body?: unknown; readonly times?: number; readonly after?: number }): void {
    this.failures.set(route, { status, times, after, body: body ?? defaultBody(status) });
  }

  /** Sends a tweet down every open filtered-stream connection, as X does when it matches a rule; returns how many connections got it. */
  streamTweet(tweet: FakeTweet): number {
    const author = this.timeline.user(tweet.author_id);
    const data = { id: tweet.id, text: tweet.text, author_id: tweet.author_id, conversation_id: tweet.conversation_id, created_at: tweet.created_at, edit_history_tweet_ids: [tweet.id] };
    return this.streams.push({ data, includes: { users: author === undefined ? [] : [author] }, matching_rules: [{ id: '1', tag: 'test' }] });
  }

  /** A keep-alive on every open stream connection. */
  streamKeepAlive(): void {
    this.streams.keepAlive();
  }

  /** Cuts every open stream connection; returns how many were open. */
  dropStreams(): number {
    return this.streams.drop();
  }

  /** Stream connections open now. */
  get openStreams(): number {
    return this.streams.openCount;
  }

  /**
   * Resolves once `condition()` holds, checking after every request and every change; rejects after
   * `timeoutMs` (default 5000) with `what` in the message, so a test never hangs.
   */
  waitFor(condition: () => boolean, { timeoutMs = 5000, what = 'the condition' }: { readonly timeoutMs?: number; readonly what?: string } = {}): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        this.changed.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.changed.delete(check);
        reject(new Error(`FakeXApi: timed out after ${timeoutMs} ms waiting for ${what}; requests: ${this.requests.map((r) => `${r.method} ${r.path} ${r.status}`).join(', ') || 'none'}`));
      }, timeoutMs);
      this.changed.add(check);
    });
  }

  /** Resolves once `count` requests reached `route` (see {@link FakeXApi.waitFor}). */
  waitForRequests(route: FakeXRoute, count: number, timeoutMs?: number): Promise<void> {
    return this.waitFor(() => this.requestsTo(route).length >= count, { what: `${count} × ${route}`, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
  }

  /** Ends the stream connections, closes every socket and stops listening. */
  async close(): Promise<void> {
    this.streams.endAll();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  /** @internal */
  record(request: FakeXRequest): void {
    this.requests.push(request);
    this.notify();
  }

  private notify(): void {
    for (const check of [...this.changed]) check();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await handleXRequest(this, req, res);
    } catch (error) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ title: 'Internal Error', detail: error instanceof Error ? error.message : String(error), status: 500 }));
    }
  }
}

function defaultBody(status: number): unknown {
  if (status === 401) return X_ERRORS.unauthorized;
  if (status === 403) return X_ERRORS.duplicate;
  if (status === 404) return X_ERRORS.notFound;
  if (status === 429) return X_ERRORS.tooManyRequests;
  return { title: 'Service Unavailable', detail: 'Service Unavailable', type: 'about:blank', status };
}
