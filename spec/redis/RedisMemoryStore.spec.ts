import { from } from 'rxjs';
import { AgentRuntime, ConfigError, ShortTermMemory, type Agent, type AgentMessage, type Turn, summaryOf } from 'rxagent';
import { RedisMemoryStore, type RedisStoreEvent } from 'rxagent/redis';
import type { Redis, RedisOptions } from 'ioredis';
import { msg } from '../helpers/marbles';
import { redisTest } from './redisTest';

const redis = redisTest();
const recallAgent: Agent = (m, { memory }) => ({ text: `${m.text} after [${memory.map((t) => t.message.text).join(',')}]` });
const texts = (entries: string[]) => entries.map((e) => (JSON.parse(e) as Turn).message.text);

function runtimeWith(client: Redis, agent: Agent, items: unknown[], options: { maxTurns?: number; prefix?: string; concurrency?: number } = {}) {
  const store = new RedisMemoryStore({ redis: client, keyPrefix: options.prefix ?? redis.prefix });
  const shortTermMemory = new ShortTermMemory({ maxTurns: options.maxTurns ?? 10, store });
  const replies: string[] = [];
  const runtime = new AgentRuntime({ inputs: [from(items)], outputs: [{ name: 'out', send: async (r) => void replies.push(r.reply.text) }], agent, shortTermMemory, concurrency: options.concurrency ?? 16 });
  return { runtime, replies, store };
}

describe('RedisMemoryStore', () => {
  it('rejects misconfiguration at construction', () => {
    expect(() => new RedisMemoryStore({ redis: {} as never })).toThrow(new ConfigError('redis', "must be an ioredis client, e.g. new RedisMemoryStore({ redis: new Redis('redis://127.0.0.1:6379') })"));
    const fake = { evalsha: () => undefined } as unknown as Redis;
    expect(() => new RedisMemoryStore({ redis: fake, ttlMs: -1 })).toThrow(/^ttlMs: must be a whole number of milliseconds/);
    expect(() => new RedisMemoryStore({ redis: fake, keyPrefix: '' })).toThrow(/^keyPrefix: /);
    expect(() => new RedisMemoryStore({ redis: fake, retry: { count: -1 } })).toThrow(/^retry: /);
  });

  redis.it('survives a runtime restart: a new runtime on the same store continues the conversation', async () => {
    const first = runtimeWith(redis.client(), recallAgent, [msg('1', 'c1', 'hello'), msg('2', 'c1', 'my name is Ada'), msg('3', 'c2', 'other')]);
    expect(await first.runtime.run()).toMatchObject({ replied: 3 });
    const second = runtimeWith(redis.client(), recallAgent, [msg('4', 'c1', 'who am I?'), msg('5', 'c2', 'and me?')]);
    expect(await second.runtime.run()).toMatchObject({ replied: 2 });
    expect(second.replies.sort()).toEqual(['and me? after [other]', 'who am I? after [hello,my name is Ada]']);
  });

  redis.it('keeps one list per conversation, trimmed to the window, with a time-to-live', async () => {
    const client = redis.client();
    const store = new RedisMemoryStore({ redis: client, keyPrefix: `${redis.prefix}ttl:`, ttlMs: 60_000 });
    const memory = new ShortTermMemory({ maxTurns: 3, store, summarize: ({ summary, evicted }) => `${summary ?? ''}${evicted.map((t) => t.message.text).join('')}` });
    for (const id of ['a', 'b', 'c', 'd', 'e']) await memory.record('c1', { message: msg(id) as AgentMessage, reply: { text: 'ok' } });
    expect(texts(await client.lrange(`${redis.prefix}ttl:turns:c1`, 0, -1))).toEqual(['c', 'd', 'e']);
    expect(await client.pttl(`${redis.prefix}ttl:turns:c1`)).toBeGreaterThan(50_000);
    expect(await client.pttl(`${redis.prefix}ttl:summary:c1`)).toBeGreaterThan(50_000);
    const reloaded = await new ShortTermMemory({ maxTurns: 3, store }).recall('c1');
    expect(reloaded.map((t) => t.message.text)).toEqual(['c', 'd', 'e']);
    expect(summaryOf(reloaded)).toBe('ab');
  });

  redis.it('retries failed commands with events, and loses no turn', async () => {
    const client = redis.client();
    let failures = 2;
    const flaky = new Proxy(client, {
      get: (target, name, receiver) =>
        name === 'evalsha' && failures > 0 ? () => (failures--, Promise.reject(new Error('Connection is closed.'))) : Reflect.get(target, name, receiver),
    });
    const store = new RedisMemoryStore({ redis: flaky, keyPrefix: `${redis.prefix}flaky:`, retry: { count: 3, delayMs: 1 } });
    const events: RedisStoreEvent[] = [];
    store.events$.subscribe((e) => events.push(e));
    await store.append('c1', { message: msg('1') as AgentMessage, reply: null }, 5);
    expect(events.map((e) => e.type)).toEqual(['retrying', 'retrying', 'recovered']);
    expect(events[0]).toMatchObject({ store: 'RedisMemoryStore', operation: 'append', key: `${redis.prefix}flaky:turns:c1`, attempt: 1, delayMs: 1 });
    expect(await store.load('c1', 5)).toEqual([{ message: msg('1'), reply: null }]);
  });

  redis.it('gives up after the retries, so the run fails visibly instead of hanging', async () => {
    const client = redis.client();
    const broken = new Proxy(client, { get: (t, n, r) => (n === 'evalsha' ? () => Promise.reject(new Error('Connection is closed.')) : Reflect.get(t, n, r)) });
    const store = new RedisMemoryStore({ redis: broken, keyPrefix: `${redis.prefix}broken:`, retry: { count: 1, delayMs: 1 } });
    const events: RedisStoreEvent[] = [];
    store.events$.subscribe((e) => events.push(e));
    const runtime = new AgentRuntime({ inputs: [from([msg('1')])], agent: recallAgent, shortTermMemory: new ShortTermMemory({ maxTurns: 5, store }) });
    expect(await runtime.run()).toMatchObject({ failed: 1 });
    expect(events.map((e) => e.type)).toEqual(['retrying', 'gaveUp']);
  });

  describe.each<[string, RedisOptions]>([
    ['ioredis reconnecting and resending', {}],
    ['our retries (ioredis fails commands at once)', { maxRetriesPerRequest: 0 }],
  ])('when its connection is killed mid-run (CLIENT KILL), with %s', (_name, options) => {
    redis.it('recovers without losing or duplicating a turn', async () => {
      const client = redis.client(options);
      const admin = redis.client();
      const prefix = `${redis.prefix}kill${options.maxRetriesPerRequest ?? ''}:`;
      let kills = 0;
      const agent: Agent = async (m, context) => {
        if (m.conversationId === 'c0' && Number(m.text) % 5 === 2) {
          // Kill the store's connection while this turn is about to be written.
          const id = await client.client('ID').catch(() => undefined);
          if (id !== undefined) void admin.client('KILL', 'ID', String(id)).then(() => kills++, () => undefined);
        }
        return recallAgent(m, context) as { text: string };
      };
      const items = Array.from({ length: 60 }, (_, i) => msg(`m${i}`, `c${i % 4}`, String(Math.floor(i / 4))));
      const { runtime, store } = runtimeWith(client, agent, items, { prefix, maxTurns: 20 });
      const events: RedisStoreEvent[] = [];
      store.events$.subscribe((e) => events.push(e));
      const summary = await runtime.run();
      expect(kills).toBeGreaterThan(0);
      expect(summary).toMatchObject({ received: 60, replied: 60, failed: 0 });
      for (let c = 0; c < 4; c++) {
        expect(texts(await admin.lrange(`${prefix}turns:c${c}`, 0, -1))).toEqual(Array.from({ length: 15 }, (_, i) => String(i)));
      }
      // Without ioredis' own resends, the store's retries carried the turns over the gap, visibly.
      if (options.maxRetriesPerRequest === 0) expect(events.filter((e) => e.type === 'retrying').length).toBeGreaterThan(0);
      expect(events.filter((e) => e.type === 'gaveUp')).toEqual([]);
    });
  });
});
