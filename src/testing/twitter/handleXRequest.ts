import type { IncomingMessage, ServerResponse } from 'node:http';
import { weightedLength } from '../../clients/twitter/weightedLength.js';
import type { FakeXApi, FakeXRequest } from './FakeXApi.js';
import { X_ERRORS, listParam, tweetView, type FakeTweet, type FakeXRoute } from './fakeXPayloads.js';

type Answer = { readonly status: number; readonly body: unknown } | 'stream';

/** Answers one request of the fake X API: auth, forced failures, rate limits, then the endpoint. @internal */
export async function handleXRequest(fake: FakeXApi, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const at = fake.clock();
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const method = req.method ?? 'GET';
  const raw = await readBody(req);
  const body = raw === '' ? undefined : safeJson(raw);
  const authorization = req.headers.authorization ?? '';
  const auth = authorization.startsWith('OAuth ') ? 'oauth1' : authorization.startsWith('Bearer ') ? 'bearer' : 'none';
  const { route, userId } = routeOf(method, url.pathname);
  const query = Object.fromEntries(url.searchParams);
  const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
    fake.record({ route, method, path: url.pathname, query, body, auth, status, at } satisfies FakeXRequest);
    res.writeHead(status, { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers });
    res.end(JSON.stringify(payload));
  };

  if (route === undefined) return answer(404, X_ERRORS.notFound);
  if (auth === 'none') return answer(401, X_ERRORS.unauthorized);
  if (route === 'GET /2/tweets/search/stream' && auth !== 'bearer') return answer(403, X_ERRORS.unsupportedAuth);
  const window = fake.limits.take(route);
  const headers = { 'x-rate-limit-limit': String(window.limit), 'x-rate-limit-remaining': String(window.remaining), 'x-rate-limit-reset': String(window.reset) };
  if (window.limited) return answer(429, route === 'GET /2/tweets/search/stream' ? X_ERRORS.tooManyConnections : X_ERRORS.tooManyRequests, headers);
  const failure = fake.failures.get(route);
  if (failure !== undefined && failure.after > 0) failure.after--;
  else if (failure !== undefined && failure.times > 0) {
    failure.times--;
    return answer(failure.status, failure.body, headers);
  }

  const result = endpoint(fake, route, userId, url.searchParams, body);
  if (result === 'stream') {
    fake.streams.accept(res, headers);
    fake.record({ route, method, path: url.pathname, query, body, auth, status: 200, at });
    return;
  }
  answer(result.status, result.body, headers);
}

function routeOf(method: string, path: string): { route: FakeXRoute | undefined; userId?: string } {
  if (method === 'GET' && path === '/2/users/me') return { route: 'GET /2/users/me' };
  const mentions = /^\/2\/users\/([^/]+)\/mentions$/.exec(path);
  if (method === 'GET' && mentions !== null) return { route: 'GET /2/users/:id/mentions', userId: decodeURIComponent(mentions[1] ?? '') };
  if (method === 'POST' && path === '/2/tweets') return { route: 'POST /2/tweets' };
  if (method === 'GET' && path === '/2/tweets/search/stream') return { route: 'GET /2/tweets/search/stream' };
  return { route: undefined };
}

function endpoint(fake: FakeXApi, route: FakeXRoute, userId: string | undefined, params: URLSearchParams, body: unknown): Answer {
  switch (route) {
    case 'GET /2/users/me':
      return { status: 200, body: { data: fake.me } };
    case 'GET /2/users/:id/mentions':
      return mentions(fake, userId ?? '', params);
    case 'POST /2/tweets':
      return post(fake, body);
    case 'GET /2/tweets/search/stream':
      return 'stream';
  }
}

function mentions(fake: FakeXApi, userId: string, params: URLSearchParams): Answer {
  if (!/^\d+$/.test(userId)) return { status: 400, body: X_ERRORS.invalid(`The \`id\` query parameter value [${userId}] does not match ^[0-9]{1,19}$`) };
  const sinceId = params.get('since_id') ?? undefined;
  if (sinceId !== undefined && !/^\d{1,19}$/.test(sinceId)) return { status: 400, body: X_ERRORS.invalid(`The \`since_id\` query parameter value [${sinceId}] is not valid`) };
  const max = Number(params.get('max_results') ?? '10');
  if (!Number.isInteger(max) || max < 5 || max > 100) return { status: 400, body: X_ERRORS.invalid(`The \`max_results\` query parameter value [${String(max)}] is not between 5 and 100`) };
  const page = fake.timeline.mentions(userId, sinceId, max, params.get('pagination_token') ?? undefined);
  const meta = {
    result_count: page.tweets.length,
    ...(page.newestId === undefined ? {} : { newest_id: page.newestId, oldest_id: page.oldestId }),
    ...(page.nextToken === undefined ? {} : { next_token: page.nextToken }),
  };
  if (page.tweets.length === 0) return { status: 200, body: { meta } };
  const fields = listParam(params.get('tweet.fields'));
  const data = page.tweets.map((tweet) => tweetView(tweet, fields));
  const expansions = listParam(params.get('expansions'));
  const users = expansions.has('author_id') ? authors(fake, page.tweets) : undefined;
  return { status: 200, body: { data, ...(users === undefined ? {} : { includes: { users } }), meta } };
}

function authors(fake: FakeXApi, tweets: readonly FakeTweet[]) {
  const ids = [...new Set(tweets.map((tweet) => tweet.author_id))];
  return ids.flatMap((id) => {
    const user = fake.timeline.user(id);
    return user === undefined ? [] : [user];
  });
}

function post(fake: FakeXApi, body: unknown): Answer {
  const { text, reply } = (body ?? {}) as { text?: unknown; reply?: { in_reply_to_tweet_id?: unknown } };
  if (typeof text !== 'string' || text === '') return { status: 400, body: X_ERRORS.invalid('text: must be a non-empty string') };
  if (weightedLength(text) > fake.maxLength) return { status: 400, body: X_ERRORS.invalid(`text: too long (${weightedLength(text)} weighted characters, at most ${fake.maxLength})`) };
  const inReplyTo = reply?.in_reply_to_tweet_id;
  if (inReplyTo !== undefined && (typeof inReplyTo !== 'string' || fake.timeline.tweet(inReplyTo) === undefined)) {
    return { status: 400, body: X_ERRORS.invalid('reply.in_reply_to_tweet_id: the tweet you are replying to does not exist or has been deleted') };
  }
  if (fake.timeline.isDuplicate(fake.me.id, text)) return { status: 403, body: X_ERRORS.duplicate };
  // Stored without notifying: waiters wake when the request is recorded, with its answer.
  const tweet = fake.timeline.add(fake.me.id, text, inReplyTo as string | undefined);
  return { status: 201, body: { data: { id: tweet.id, text: tweet.text, edit_history_tweet_ids: [tweet.id] } } };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
