import { filter, firstValueFrom } from 'rxjs';
import { AgentRuntime, InMemoryCursorStore, type CursorStore } from 'rxagent';
import { RedisCursorStore } from 'rxagent/redis';
import type { TwitterClientEvent } from 'rxagent/twitter';
import type { FakeXApi } from 'rxagent/testing';
import { redisTest } from '../../redis/redisTest';
import { nextEvents, twitterTest } from './twitterTest';

const x = twitterTest();
const redis = redisTest();
const drainTimeoutMs = 50;

/** One runtime's life: start, answer `expected` mentions (or, for 0, one poll), stop. Returns what it answered. */
async function lifetime(cursorStore: CursorStore, expected: number): Promise<string[]> {
  const twitter = x.client({ cursorStore });
  const answered: string[] = [];
  // The answers do not mention the account, so the mentions (and the cursor) are only the users' tweets.
  const runtime = new AgentRuntime({ inputs: [twitter], outputs: [twitter], agent: (message) => (answered.push(message.text), { text: `noted ${message.id}` }), drainTimeoutMs });
  const delivered = nextEvents(runtime.events$, 'delivered', expected);
  const polled = firstValueFrom(twitter.events$.pipe(filter((event) => event.type === 'polled')));
  const done = x.run(runtime);
  await (expected > 0 ? delivered : polled);
  await runtime.stop();
  await done;
  return answered;
}

async function restartScenario(fake: FakeXApi, makeStore: () => CursorStore): Promise<void> {
  fake.mention('first');
  fake.mention('second');
  expect(await lifetime(makeStore(), 2)).toEqual(['@rxagent_bot first', '@rxagent_bot second']);
  // Restarted with the same cursor store: nothing new, nothing answered again.
  expect(await lifetime(makeStore(), 0)).toEqual([]);
  const newest = fake.posted().length;
  fake.mention('third');
  expect(await lifetime(makeStore(), 1)).toEqual(['@rxagent_bot third']);
  expect(fake.posted()).toHaveLength(newest + 1);

  const polls = fake.requestsTo('GET /2/users/:id/mentions');
  expect(polls[0]?.query.since_id).toBeUndefined();
  const mentions = fake.timeline.all().filter((tweet) => tweet.author_id !== fake.me.id);
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
    expect(await store.get(`x:mentions:${fake.me.id}`)).toBe(fake.timeline.all().filter((t) => t.author_id !== fake.me.id).at(-1)?.id);
  });

  it('answers old mentions again with a fresh store: the cursor is what prevents it', async () => {
    const fake = await x.start();
    fake.mention('first');
    expect(await lifetime(new InMemoryCursorStore(), 1)).toEqual(['@rxagent_bot first']);
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
    expect(await reader.get(`x:mentions:${fake.me.id}`)).toBe(fake.timeline.all().filter((t) => t.author_id !== fake.me.id).at(-1)?.id);
  });

  it('reports a failing cursor store as pollFailed, answers nothing until it can save the cursor, then recovers', async () => {
    const fake = await x.start();
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
    const runtime = new AgentRuntime({ inputs: [twitter], outputs: [twitter], agent: () => ({ text: 'hi' }), drainTimeoutMs });
    const delivered = nextEvents(runtime.events$, 'delivered');
    void x.run(runtime);
    await delivered;
    expect(events.map((e) => e.type).slice(0, 2)).toEqual(['pollFailed', 'polled']);
    expect(String((events[0] as { error: unknown }).error)).toBe('Error: store is down');
    expect(fake.posted()).toHaveLength(1);
  });
});
