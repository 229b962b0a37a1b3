import { from } from 'rxjs';
import { ConfigError, type AgentMessage } from 'rxagent';
import { JetStreamIngress, JetStreamWorker, encodeToken, fnv1a32, jetStreamTransport, partitionOf, type JetStreamWorkerEvent } from 'rxagent/nats';
import { FencedMemory } from '../../src/nats/FencedMemory';
import { natsTest } from './natsTest';

const fakeRedis = { evalsha: () => undefined } as never;

describe('jetStreamTransport: partitions, subjects and options', () => {
  it('hashes with FNV-1a (32 bits), so partitions are the same in every process', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
    expect(partitionOf('foobar', 64)).toBe(0xbf9cf968 % 64);
  });

  it('encodes keys as one subject token: no dots, wildcards or spaces, and different keys stay different', () => {
    expect(encodeToken('discord:chan.42')).toBe('discord~3Achan~2E42');
    expect(encodeToken('a b*>')).toBe('a~20b~2A~3E');
    expect(encodeToken('é')).toBe('~C3~A9');
    expect(encodeToken('a.b')).not.toBe(encodeToken('a_b'));
    expect(encodeToken('~2E')).not.toBe(encodeToken('.'));
  });

  it('builds subjects <prefix>.<kind>.<partition>.<key>', () => {
    const transport = jetStreamTransport({ servers: '127.0.0.1:4222', prefix: 'app.agent', partitions: 16, redis: fakeRedis });
    expect(transport.subjectOf('in', 'x.y')).toBe(`app.agent.in.${partitionOf('x.y', 16)}.x~2Ey`);
    expect(transport.streams).toEqual({ input: 'app_agent', output: 'app_agent_OUT', dead: 'app_agent_DEAD' });
  });

  it('connects nothing when constructed', () => {
    expect(() => jetStreamTransport({ servers: '127.0.0.1:1', redis: fakeRedis })).not.toThrow();
  });

  it.each([
    [{ servers: [], redis: fakeRedis }, 'servers: must be a NATS server address'],
    [{ servers: '127.0.0.1:4222', redis: fakeRedis, partitions: 0 }, 'partitions: must be a whole number from 1 to 4096 (got 0); e.g. partitions: 32'],
    [{ servers: '127.0.0.1:4222', redis: fakeRedis, prefix: 'a b' }, 'prefix: must be subject tokens'],
    [{ servers: '127.0.0.1:4222', redis: fakeRedis, ackWaitMs: 1.5 }, 'ackWaitMs: must be a whole number'],
    [{ servers: '127.0.0.1:4222', redis: fakeRedis, streamName: 'a.b' }, 'streamName: must be letters, digits'],
    [{ servers: '127.0.0.1:4222' }, 'redis: must be an ioredis client'],
  ])('throws a ConfigError naming the option and the fix: %j', (options, message) => {
    expect(() => jetStreamTransport(options as never)).toThrow(ConfigError);
    expect(() => jetStreamTransport(options as never)).toThrow(message);
  });

  it('checks a worker’s options at construction', () => {
    const transport = jetStreamTransport({ servers: '127.0.0.1:4222', redis: fakeRedis });
    expect(() => new JetStreamWorker({ transport: {} as never, agent: () => null })).toThrow('transport: must be a JetStream transport');
    expect(() => new JetStreamWorker({ transport, agent: 'echo' as never })).toThrow('agent: must be a function');
    expect(() => new JetStreamWorker({ transport, agent: () => null, shortTermMemory: { maxTurns: -1 } })).toThrow('shortTermMemory: must have a whole number maxTurns');
  });
});

describe('JetStreamIngress and an in-process worker', () => {
  const nats = natsTest();

  nats.it('publishes valid messages to their partition, drops duplicates, and never publishes invalid ones', async (setup) => {
    const ingress = new JetStreamIngress({
      transport: setup.transport,
      inputs: [from([{ id: '1', conversationId: 'c.1', text: 'a' }, { id: '1', conversationId: 'c.1', text: 'a' }, { id: '2', conversationId: 'c.2', text: 'b' }, { id: '3', text: 'no conversation' }])],
    });
    const rejected: string[] = [];
    ingress.events$.subscribe((event) => event.type === 'rejected' && rejected.push(event.detail));
    expect(await ingress.run()).toEqual({ received: 4, rejected: 1, published: 2, duplicates: 1, failed: 0 });
    expect(rejected).toEqual(['conversationId: expected NonEmptyString, got undefined']);
    const { jsm } = await setup.transport.connection();
    expect((await jsm.streams.info(setup.transport.streams.input)).state.messages).toBe(2);
    const first = await jsm.streams.getMessage(setup.transport.streams.input, { seq: 1 });
    expect(first.subject).toBe(setup.transport.subjectOf('in', 'c.1'));
    expect(first.header.get('Nats-Msg-Id')).toBe('1');
    expect(first.json()).toEqual({ id: '1', conversationId: 'c.1', text: 'a', source: 'input-1' });
  });

  nats.it('republishes from the outbox when a worker died after applying but before publishing', async (setup) => {
    await setup.transport.setup();
    const message = { id: 'half-done', conversationId: 'c', text: 'hello' };
    const { seq } = await setup.transport.publish(message);
    // What a worker that died right after its apply step left behind: the turn, the fence, the outbox entry.
    const memory = new FencedMemory<AgentMessage>(setup.redis, setup.keyPrefix, await setup.transport.fenceScope(), 10, 60_000, () => ({ seq }));
    await memory.record('c', { message, reply: { text: 'from the dead worker' } });

    const sent: string[] = [];
    const events: JetStreamWorkerEvent[] = [];
    const worker = new JetStreamWorker({
      transport: setup.transport,
      agent: () => ({ text: 'from the new worker' }),
      shortTermMemory: { maxTurns: 10 },
      outputs: [{ name: 'collect', send: async (result) => void sent.push(result.reply.text) }],
    });
    worker.events$.subscribe((event) => events.push(event));
    const done = worker.run();
    await new Promise<void>((resolve) => worker.events$.subscribe((event) => event.type === 'delivered' && resolve()));
    await worker.stop();
    const summary = await done;
    expect(sent).toEqual(['from the dead worker']);
    expect(events.find((event) => event.type === 'stale')).toMatchObject({ messageId: 'half-done', republished: true, seq });
    expect(await setup.redis.llen(`${setup.keyPrefix}memory:turns:c`)).toBe(1);
    expect(summary).toMatchObject({ received: 1, stale: 1, delivered: 1 });
  });
});
