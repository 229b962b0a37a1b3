import { filter, firstValueFrom } from 'rxjs';
import { AgentRuntime, InMemoryCursorStore, InMemoryDeliveryJournal, type AgentRuntimeOptions, type CursorStore, type DeliveryJournal } from 'rxagent';
import { RedisCursorStore, RedisDeliveryJournal } from 'rxagent/redis';
import type { TwitterClientEvent } from 'rxagent/twitter';
import type { FakeXApi } from 'rxagent/testing';
import { redisTest } from '../../redis/redisTest';
import { nextEvents, twitterTest } from './twitterTest';

const x = twitterTest();
const redis = redisTest();
const drainTimeoutMs = 50;

/** The users' mentions on the fake, oldest first (the answers do not mention the account). */
function mentionsOf(fake: FakeXApi) {
  return fake.timeline.all().filter((tweet) => tweet.author_id !== fake.me.id);
}

/**
 * One runtime's life: start, answer `expected` mentions and wait until the cursor is stored past
 * the newest one (or, for 0, one poll), stop. Returns what it answered.
 */
async function lifetime(fake: FakeXApi, cursorStore: CursorStore, expected: number, journal?: DeliveryJournal): Promise<string[]> {
  const twitter = x.client({ cursorStore });
  const answered: string[] = [];
  const runtime = new AgentRuntime({ inputs: [twitter], outputs: [twitter], agent: (message) => (answered.push(message.text), { text: `noted ${message.id}` }), drainTimeoutMs, ...(journal === undefined ? {} : { delivery: { journal } }) });
  const newest = mentionsOf(fake).at(-1)?.id;
  const saved = firstValueFrom(twitter.events$.pipe(filter((event) => event.type === 'cursorSaved' && event.cursor === newest)));
  const polled = firstValueFrom(twitter.events$.pipe(filter((event) => event.type === 'polled')));
  const done = x.run(runtime);
  await (expected > 0 ? Promise.all([nextEvents(runtime.events$, 'delivered', expected), saved]) : polled);
  await runtime.stop();
  await done;
  return answered;
}

async function restartScenario(fake: FakeXApi, makeStore: () => CursorStore): Promise<void> {
  fake.mention('first');
  fake.mention('second');
  expect(await lifetime(fake, makeStore(), 2)).toEqual(['@rxagent_bot first', '@rxagent_bot second']);
  // Restarted with the same cursor store: nothing new, nothing answered again.
  expect(await lifetime(fake, makeStore(), 0)).toEqual([]);
  const newest = fake.posted().length;
  fake.mention('third');
  expect(await lifetime(fake, makeStore(), 1)).toEqual(['@rxagent_bot third']);
  expect(fake.posted()).toHaveLength(newest + 1);

  const polls = fake.requestsTo('GET /2/users/:id/mentions');
  expect(polls[0]?.query.since_id).toBeUndefined();
  const mentions = mentionsOf(fake);
  expect(polls[1]?.query.since_id).toBe(mentions[1]?.id);
  expect(polls[2]?.query.since_id).toBe(mentions[1]?.id);
  // Every mention answered exactly once.
  const repliedTo = fake.posted().map((post) => post.in_reply_to_tweet_id);
  expect(repliedTo.sort()).toEqual(mentions.map((tweet) => tweet.id).sort());
}

describe('the since_id cursor across restarts', () => {
  it('answers nothing twice after a restart with the same in-memory cursor store', async () => {
    const fake = await x.start();
    const store = new InMemoryCursorStore();
    await restartScenario(fake, () => store);
    expect(await store.get(`x:mentions:${fake.me.id}`)).toBe(mentionsOf(fake).at(-1)?.id);
  });

  it('answers old mentions again with a fresh store: the cursor is what prevents it', async () => {
    const fake = await x.start();
    fake.mention('first');
    expect(await lifetime(fake, new InMemoryCursorStore(), 1)).toEqual(['@rxagent_bot first']);
    // A new store knows no cursor: the mention is seen again, and X refuses the same reply twice.
    const twitter = x.client({ cursorStore: new InMemoryCursorStore() });
    const runtime = new AgentRuntime({ inputs: [twitter], outputs: [twitter], agent: (message) => ({ text: `noted ${message.id}` }), delivery: { retry: 0 }, drainTimeoutMs });
    const failed = nextEvents(runtime.events$, 'deliveryFailed');
    void x.run(runtime);
    expect((await failed)[0]?.error).toMatchObject({ status: 403 });
  });

  it('with skipExisting, a first start only remembers where the mentions are', async () => {
    const fake = await x.start();
    fake.mention('old news');
    const store = new InMemoryCursorStore();
    const twitter = x.client({ cursorStore: store, skipExisting: true });
    const answered: string[] = [];
    const runtime = new AgentRuntime({ inputs: [twitter], outputs: [twitter], agent: (message) => (answered.push(message.text), { text: 'hi' }), drainTimeoutMs });
    const polled = firstValueFrom(twitter.events$.pipe(filter((event) => event.type === 'polled')));
    const done = x.run(runtime);
    expect(await polled).toMatchObject({ count: 0 });
    await runtime.stop();
    await done;
    expect(answered).toEqual([]);
    expect(await store.get(`x:mentions:${fake.me.id}`)).toBe(fake.timeline.all()[0]?.id);
  });

  redis.it('answers nothing twice after a restart with a RedisCursorStore (a new process, a new client)', async () => {
    const fake = await x.start();
    await restartScenario(fake, () => new RedisCursorStore({ redis: redis.client(), keyPrefix: redis.prefix }));
    const reader = new RedisCursorStore({ redis: redis.client(), keyPrefix: redis.prefix });
    expect(await reader.get(`x:mentions:${fake.me.id}`)).toBe(mentionsOf(fake).at(-1)?.id);
  });

  it('reports a failing cursor save as cursorSaveFailed, and saves it at the next poll', async () => {
    // A short rate-limit window, so the next poll comes after pollIntervalMs.
    const fake = await x.start({ windowMs: 10_000 });
    fake.mention('hello');
    const inner = new InMemoryCursorStore();
    let failures = 1;
    const flaky: CursorStore = {
      get: (key) => inner.get(key),
      set: (key, value) => (failures-- > 0 ? Promise.reject(new Error('store is down')) : inner.set(key, value)),
    };
    const twitter = x.client({ cursorStore: flaky, pollIntervalMs: 1000 });
    const events: TwitterClientEvent[] = [];
    twitter.events$.subscribe((event) => events.push(event));
    const saved = firstValueFrom(twitter.events$.pipe(filter((event) => event.type === 'cursorSaved')));
    const runtime = new AgentRuntime({ inputs: [twitter], outputs: [twitter], agent: () => ({ text: 'hi' }), drainTimeoutMs });
    void x.run(runtime);
    const mention = mentionsOf(fake)[0]!.id;
    const success = await saved;
    expect(success).toMatchObject({ cursor: mention });
    expect(events.map((e) => e.type).filter((type) => type !== 'posted')).toEqual(['polled', 'cursorSaveFailed', 'cursorSaved']);
    const failure = events[events.findIndex((e) => e.type === 'cursorSaveFailed')]!;
    expect(failure).toMatchObject({ cursor: mention, error: new Error('store is down') });
    // Tried again at the next poll, pollIntervalMs later.
    expect(success.at - failure.at).toBeGreaterThanOrEqual(900);
    expect(await inner.get(`x:mentions:${fake.me.id}`)).toBe(mention);
    expect(fake.posted()).toHaveLength(1);
  });

  it('reports a failing cursor read as pollFailed and answers nothing until it can read it', async () => {
    const fake = await x.start();
    fake.mention('hello');
    const inner = new InMemoryCursorStore();
    let failures = 1;
    const flaky: CursorStore = {
      get: (key) => (failures-- > 0 ? Promise.reject(new Error('store is down')) : inner.get(key)),
      set: (key, value) => inner.set(key, value),
    };
    const twitter = x.client({ cursorStore: flaky, pollIntervalMs: 1000 });
    const events: TwitterClientEvent[] = [];
    twitter.events$.subscribe((event) => events.push(event));
    const runtime = new AgentRuntime({ inputs: [twitter], outputs: [twitter], agent: () => ({ text: 'hi' }), drainTimeoutMs });
    const delivered = nextEvents(runtime.events$, 'delivered');
    void x.run(runtime);
    await delivered;
    expect(events.map((e) => e.type).slice(0, 2)).toEqual(['pollFailed', 'polled']);
    expect(String((events[0] as { error: unknown }).error)).toBe('Error: store is down');
    expect(fake.requestsTo('GET /2/users/:id/mentions')).toHaveLength(1);
    expect(fake.posted()).toHaveLength(1);
  });
});

describe('the since_id cursor moves only past settled mentions', () => {
  /**
   * A runtime that answers every mention but `hang` (whose run waits until aborted) and is stopped
   * once the others are delivered and the cursor is stored: the hanging run is cut short by the stop.
   */
  async function stoppedMidRun(fake: FakeXApi, cursorStore: CursorStore, hang: string, options: Partial<AgentRuntimeOptions> = {}) {
    const twitter = x.client({ cursorStore });
    const mentions = mentionsOf(fake);
    const before = mentions[mentions.findIndex((tweet) => tweet.text.endsWith(hang)) - 1]?.id;
    const saved = firstValueFrom(twitter.events$.pipe(filter((event) => event.type === 'cursorSaved' && event.cursor === before)));
    const runtime = new AgentRuntime({
      inputs: [twitter],
      outputs: [twitter],
      agent: (message, context) => (message.text.endsWith(hang) ? new Promise<never>((_, reject) => context.signal.addEventListener('abort', () => reject(new Error('aborted')))) : { text: `noted ${message.id}` }),
      drainTimeoutMs,
      ...options,
    });
    const summary = x.run(runtime);
    await Promise.all([nextEvents(runtime.events$, 'delivered', mentions.length - 1), saved]);
    await runtime.stop();
    return summary;
  }

  it('answers a mention again after a restart when the stop cut its run short, and nothing else', async () => {
    const fake = await x.start();
    fake.mention('first');
    fake.mention('second');
    fake.mention('third');
    const store = new InMemoryCursorStore();
    expect(await stoppedMidRun(fake, store, 'second')).toMatchObject({ replied: 2, failed: 1, delivered: 2 });
    const [first, second, third] = mentionsOf(fake);
    // Third settled, but second did not: the stored cursor stays behind second.
    expect(await store.get(`x:mentions:${fake.me.id}`)).toBe(first!.id);

    // Second is read and answered again, and so is third, which the cursor could not move past.
    expect(await lifetime(fake, store, 1)).toEqual(['@rxagent_bot second', '@rxagent_bot third']);
    expect(fake.requestsTo('GET /2/users/:id/mentions').at(-1)?.query.since_id).toBe(first!.id);
    // Third was re-read with second, but already answered: X refused the same reply again (403).
    const replies = fake.posted().map((post) => post.in_reply_to_tweet_id);
    expect(replies.filter((id) => id === second!.id)).toHaveLength(1);
    expect(replies.filter((id) => id === third!.id)).toHaveLength(1);
    expect(await store.get(`x:mentions:${fake.me.id}`)).toBe(third!.id);
  });

  async function sharedJournalScenario(fake: FakeXApi, journal: () => DeliveryJournal): Promise<void> {
    fake.mention('first');
    fake.mention('second');
    fake.mention('third');
    const store = new InMemoryCursorStore();
    await stoppedMidRun(fake, store, 'second', { delivery: { journal: journal() } });
    const [, second, third] = mentionsOf(fake);
    const twitter = x.client({ cursorStore: store });
    const runtime = new AgentRuntime({ inputs: [twitter], outputs: [twitter], agent: (message) => ({ text: `noted ${message.id}` }), delivery: { journal: journal(), retry: 0 }, drainTimeoutMs });
    const delivered = nextEvents(runtime.events$, 'delivered', 2);
    const summary = x.run(runtime);
    const events = await delivered;
    const again = events.find((event) => event.result.message.id === third!.id);
    const answered = events.find((event) => event.result.message.id === second!.id);
    // Third is answered again after the restart, and the journal says it was posted: no second post.
    expect(again).toMatchObject({ duplicate: true, result: { message: { id: third!.id } } });
    expect(answered).toMatchObject({ result: { message: { id: second!.id } } });
    expect(answered?.duplicate).toBeUndefined();
    await runtime.stop();
    expect(await summary).toMatchObject({ delivered: 2, duplicateDeliveries: 1, deliveryFailed: 0 });
    const replies = fake.posted().map((post) => post.in_reply_to_tweet_id);
    expect(replies.sort()).toEqual(mentionsOf(fake).map((tweet) => tweet.id).sort());
  }

  it('posts nothing twice after the restart with an in-memory delivery journal shared by both runs', async () => {
    const fake = await x.start();
    const journal = new InMemoryDeliveryJournal();
    await sharedJournalScenario(fake, () => journal);
  });

  redis.it('posts nothing twice after the restart with a RedisDeliveryJournal (a new process, a new client)', async () => {
    const fake = await x.start();
    await sharedJournalScenario(fake, () => new RedisDeliveryJournal({ redis: redis.client(), keyPrefix: redis.prefix }));
  });
});
