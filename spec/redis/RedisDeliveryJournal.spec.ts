import { from } from 'rxjs';
import { AgentRuntime, ConfigError, type AgentMessage, type AgentOutput, type DeliveryContext } from 'rxagent';
import { RedisDeliveryJournal } from 'rxagent/redis';
import { redisTest } from './redisTest';

const redis = redisTest();

describe('RedisDeliveryJournal', () => {
  it('rejects misconfiguration at construction', () => {
    expect(() => new RedisDeliveryJournal({ redis: 'redis://127.0.0.1' as never })).toThrow(ConfigError);
    expect(() => new RedisDeliveryJournal({ redis: { evalsha: () => undefined } as never, ttlMs: 0 })).toThrow('ttlMs: must be a whole number of milliseconds');
  });

  redis.it('lets one claim win, remembers completed deliveries, and releases only its own claim', async () => {
    const mine = new RedisDeliveryJournal({ redis: redis.client(), keyPrefix: redis.prefix });
    const theirs = new RedisDeliveryJournal({ redis: redis.client(), keyPrefix: redis.prefix });

    expect(await mine.claim('x:1:out')).toBe('claimed');
    expect(await theirs.claim('x:1:out')).toBe('pending');
    await theirs.release('x:1:out'); // not theirs: no effect
    expect(await theirs.claim('x:1:out')).toBe('pending');
    await mine.complete('x:1:out');
    expect(await theirs.claim('x:1:out')).toBe('delivered');

    expect(await mine.claim('x:2:out')).toBe('claimed');
    await mine.release('x:2:out'); // the delivery failed for good: a later replay may try again
    expect(await theirs.claim('x:2:out')).toBe('claimed');
  });

  redis.it('holds a claim for its lease only, so a crashed sender never blocks a key for good', async () => {
    const journal = new RedisDeliveryJournal({ redis: redis.client(), keyPrefix: redis.prefix, leaseMs: 60_000, ttlMs: 3_600_000 });
    await journal.claim('x:3:out');
    const lease = await redis.client().pttl(`${redis.prefix}x:3:out`);
    expect(lease).toBeGreaterThan(0);
    expect(lease).toBeLessThanOrEqual(60_000);
    await journal.complete('x:3:out');
    expect(await redis.client().pttl(`${redis.prefix}x:3:out`)).toBeGreaterThan(60_000);
  });

  redis.it('makes a restarted runtime that replays its input post nothing twice', async () => {
    const posted: string[] = [];
    const keys: string[] = [];
    const output: AgentOutput = {
      name: 'x',
      send: async (result, delivery?: DeliveryContext) => {
        posted.push(result.reply.text);
        keys.push(delivery!.idempotencyKey);
      },
    };
    const page: AgentMessage[] = [
      { id: '1001', conversationId: 't1', text: 'first' },
      { id: '1002', conversationId: 't2', text: 'second' },
    ];
    // Each "process" has its own Redis connection and journal; the journal's state is in Redis.
    const run = () =>
      new AgentRuntime({
        inputs: [{ name: 'mentions', messages$: from(page) }],
        outputs: [output],
        agent: (message) => ({ text: `re: ${message.text}` }),
        delivery: { journal: new RedisDeliveryJournal({ redis: redis.client(), keyPrefix: redis.prefix }) },
      }).run();

    const first = await run();
    const afterRestart = await run();

    expect(posted).toEqual(['re: first', 're: second']);
    expect(keys).toEqual(['mentions:1001:x', 'mentions:1002:x']);
    expect(first).toMatchObject({ delivered: 2, duplicateDeliveries: 0 });
    expect(afterRestart).toMatchObject({ replied: 2, delivered: 2, duplicateDeliveries: 2 });
  });
});
