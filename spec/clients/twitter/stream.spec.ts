import { InMemoryCursorStore, type AgentMessage, type InputSettlement } from 'rxagent';
import type { TwitterClientEvent } from 'rxagent/twitter';
import { CREDENTIALS, twitterTest } from './twitterTest';
import { VirtualClock } from './virtualClock';

const x = twitterTest();
const STREAM = 'GET /2/tweets/search/stream';

/** A stream-only client on virtual time, subscribed; everything it emits is recorded. */
async function streaming(options: { mentions?: boolean; cursorStore?: InMemoryCursorStore } = {}) {
  const clock = new VirtualClock();
  const fake = await x.start({ clock: () => clock.now() });
  const cursorStore = options.cursorStore ?? new InMemoryCursorStore();
  const twitter = x.client({ userId: fake.me.id, stream: true, mentions: options.mentions ?? false, scheduler: clock.scheduler, cursorStore, credentials: { ...CREDENTIALS, bearerToken: 'test-bearer-token' } });
  const events: TwitterClientEvent[] = [];
  const messages: AgentMessage[] = [];
  twitter.events$.subscribe((event) => events.push(event));
  const subscription = twitter.messages$.subscribe((message) => messages.push(message));
  afterEachStop.push(() => subscription.unsubscribe());
  const connected = (n: number) => clock.until(() => events.filter((e) => e.type === 'streamConnected').length >= n && fake.openStreams === 1, `stream connection ${n}`);
  return { clock, fake, events, messages, connected, twitter, cursorStore };
}
/** What the runtime tells an input when its item was answered and delivered. */
const ANSWERED: InputSettlement = { outcome: 'replied', delivered: 1, deliveryFailed: 0, stopped: false };
const afterEachStop: (() => void)[] = [];
afterEach(() => afterEachStop.splice(0).forEach((stop) => stop()));

describe('TwitterClient filtered stream (real twitter-api-v2 against a loopback X API)', () => {
  it('turns stream tweets into messages, with the app bearer token, skipping the account’s own tweets', async () => {
    const { fake, messages, connected, clock } = await streaming();
    await connected(1);
    expect(fake.requestsTo(STREAM)[0]).toMatchObject({ auth: 'bearer', query: { expansions: 'author_id' } });
    const own = fake.tweet('my own post', { from: fake.me.id });
    const tweet = fake.tweet('rxagent is neat', { from: '2002' });
    fake.streamTweet(own);
    fake.streamTweet(tweet);
    await clock.until(() => messages.length === 1, 'the tweet');
    expect(messages[0]).toMatchObject({ id: tweet.id, conversationId: tweet.conversation_id, text: 'rxagent is neat', author: { id: '2002', name: 'grace' }, metadata: { via: 'stream' } });
  });

  it('reconnects with back-off after the server drops the connection, and keeps delivering', async () => {
    const { fake, messages, events, connected, clock } = await streaming();
    await connected(1);
    expect(fake.dropStreams()).toBe(1);
    await clock.until(() => events.some((e) => e.type === 'streamDisconnected'), 'the disconnect');
    expect(events.filter((e) => e.type === 'streamDisconnected')).toEqual([{ type: 'streamDisconnected', at: 0, reason: 'X closed the connection', reconnectInMs: 1000 }]);
    expect(fake.requestsTo(STREAM)).toHaveLength(1);
    clock.advance(1000);
    await connected(2);
    expect(fake.requestsTo(STREAM).map((r) => r.at)).toEqual([0, 1000]);
    const tweet = fake.tweet('still there?', { from: '2001' });
    fake.streamTweet(tweet);
    await clock.until(() => messages.length === 1, 'the tweet after reconnecting');
    expect(messages[0]?.id).toBe(tweet.id);
  });

  it('reconnects when the stream goes silent past the keep-alive window', async () => {
    const { fake, events, connected, clock } = await streaming();
    await connected(1);
    clock.advance(30_000);
    expect(events.filter((e) => e.type === 'streamDisconnected')).toEqual([{ type: 'streamDisconnected', at: 30_000, reason: 'no data or keep-alive for 30000 ms', reconnectInMs: 1000 }]);
    clock.advance(1000);
    await connected(2);
    expect(fake.requestsTo(STREAM)).toHaveLength(2);
  });

  it('waits out a 429 (too many connections) until the reset before connecting again', async () => {
    const clock = new VirtualClock();
    const fake = await x.start({ clock: () => clock.now() });
    fake.rateLimit(STREAM, { times: 1, resetInMs: 5 * 60_000 });
    const twitter = x.client({ userId: fake.me.id, stream: true, mentions: false, scheduler: clock.scheduler, credentials: { ...CREDENTIALS, bearerToken: 'test-bearer-token' } });
    const events: TwitterClientEvent[] = [];
    twitter.events$.subscribe((event) => events.push(event));
    const subscription = twitter.messages$.subscribe();
    try {
      await clock.until(() => events.length > 0, 'the 429');
      expect(events).toEqual([{ type: 'streamDisconnected', at: 0, reason: expect.stringContaining('HTTP 429: This stream is currently at the maximum allowed connection limit.'), reconnectInMs: 5 * 60_000 }]);
      clock.advance(5 * 60_000);
      await clock.until(() => fake.openStreams === 1, 'the connection after the reset');
      expect(fake.requestsTo(STREAM).map((r) => [r.status, r.at])).toEqual([
        [429, 0],
        [200, 5 * 60_000],
      ]);
    } finally {
      subscription.unsubscribe();
    }
  });

  it('answers a tweet seen by both the stream and the mentions poll once', async () => {
    const { fake, messages, events, connected, clock } = await streaming({ mentions: true });
    await connected(1);
    await fake.waitForRequests('GET /2/users/:id/mentions', 1);
    const mention = fake.mention('hello from both sides');
    fake.streamTweet(mention);
    await clock.until(() => messages.length === 1, 'the stream tweet');
    clock.advance(60_000); // the next mentions poll sees it too
    await clock.until(() => events.filter((e) => e.type === 'polled').length === 2, 'the second poll');
    expect(events.filter((e) => e.type === 'polled').map((e) => (e as { count: number }).count)).toEqual([0, 1]);
    expect(messages.map((m) => m.id)).toEqual([mention.id]);
  });

  it('moves the stored mentions cursor past a mention answered from the stream before the poll saw it', async () => {
    const { fake, twitter, messages, events, connected, clock, cursorStore } = await streaming({ mentions: true });
    await connected(1);
    await fake.waitForRequests('GET /2/users/:id/mentions', 1);
    const mention = fake.mention('hello from both sides');
    fake.streamTweet(mention);
    await clock.until(() => messages.length === 1, 'the stream tweet');
    twitter.settled(messages[0]!, ANSWERED);
    clock.advance(60_000);
    await clock.until(() => events.some((e) => e.type === 'cursorSaved'), 'the cursor save');
    expect(events.find((e) => e.type === 'polled' && e.count === 0 && e.at > 0)).toBeDefined();
    expect(await cursorStore.get(`x:mentions:${fake.me.id}`)).toBe(mention.id);
    expect(messages).toHaveLength(1);
  });

  it('moves it when the stream copy settles after the poll saw the mention, and not when a stop cut it short', async () => {
    const { fake, twitter, messages, events, connected, clock, cursorStore } = await streaming({ mentions: true });
    await connected(1);
    await fake.waitForRequests('GET /2/users/:id/mentions', 1);
    const first = fake.mention('one');
    const second = fake.mention('two');
    fake.streamTweet(first);
    fake.streamTweet(second);
    await clock.until(() => messages.length === 2, 'the stream tweets');
    clock.advance(60_000);
    await clock.until(() => events.filter((e) => e.type === 'polled').length === 2, 'the second poll');
    twitter.settled(messages[1]!, ANSWERED);
    twitter.settled(messages[0]!, { ...ANSWERED, stopped: true });
    await clock.until(() => true, 'a turn');
    // Second is answered, first is not: the cursor may not move past first.
    expect(events.filter((e) => e.type === 'cursorSaved')).toEqual([]);
    expect(await cursorStore.get(`x:mentions:${fake.me.id}`)).toBeUndefined();
    twitter.settled(messages[0]!, ANSWERED);
    await clock.until(() => events.some((e) => e.type === 'cursorSaved'), 'the cursor save');
    expect(await cursorStore.get(`x:mentions:${fake.me.id}`)).toBe(second.id);
    expect(messages.map((m) => m.id)).toEqual([first.id, second.id]);
  });
});
