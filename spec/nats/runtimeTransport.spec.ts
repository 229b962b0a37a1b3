import { filter, firstValueFrom, from, take, toArray } from 'rxjs';
import { AgentRuntime, ConfigError, ShortTermMemory, type Agent, type AgentEvent, type InputSettlement } from 'rxagent';
import { jetStreamTransport } from 'rxagent/nats';
import { Redis } from 'ioredis';
import { ACK_WAIT_MS, MAX_DELIVER, PARTITIONS, natsTest } from './natsTest';

/** Remembers what it was told, per conversation. */
const agent: Agent = (message, { memory }) => ({ text: `${message.text} after [${memory.map((turn) => turn.message.text).join(',')}]` });

describe('AgentRuntime with transport: jetStreamTransport(…)', () => {
  const nats = natsTest();

  nats.it('runs the same inputs, agent, memory and outputs on JetStream until stop(), with events, results$ and a summary', async (setup) => {
    const sent: string[] = [];
    const keys: (string | undefined)[] = [];
    const runtime = new AgentRuntime({
      inputs: [from([{ id: '1', conversationId: 'a', text: 'one' }, { id: '2', conversationId: 'b', text: 'uno' }, { id: '3', conversationId: 'a', text: 'two' }, { id: '4', text: 'no conversation' }])],
      agent,
      shortTermMemory: new ShortTermMemory({ maxTurns: 5 }),
      outputs: [{ name: 'collect', send: async (result, delivery) => void (sent.push(`${result.message.conversationId}: ${result.reply.text}`), keys.push(delivery?.idempotencyKey)) }],
      transport: setup.transport,
    });
    const events: AgentEvent[] = [];
    runtime.events$.subscribe((event) => events.push(event));
    const results = firstValueFrom(runtime.results$.pipe(take(3), toArray()));
    const delivered = firstValueFrom(runtime.events$.pipe(filter((event) => event.type === 'delivered'), take(3), toArray()));
    const done = runtime.run();
    expect(runtime.running).toBe(true);
    await delivered;
    await runtime.stop();
    const summary = await done;

    expect(sent.filter((line) => line.startsWith('a:'))).toEqual(['a: one after []', 'a: two after [one]']);
    expect(sent).toContain('b: uno after []');
    expect(keys.sort()).toEqual(['input-1:1:collect', 'input-1:2:collect', 'input-1:3:collect']);
    expect((await results).map((result) => result.message.id).sort()).toEqual(['1', '2', '3']);
    expect(events.find((event) => event.type === 'rejected')).toMatchObject({ reason: 'invalid', detail: 'conversationId: expected NonEmptyString, got undefined' });
    expect(summary).toMatchObject({ received: 4, rejected: 1, replied: 3, delivered: 3, deliveryFailed: 0, rejectedBy: { invalid: 1 } });
    expect(runtime.running).toBe(false);
  });

  nats.it('runtimes bound to the same stream split its work: together they run each message once', async (setup) => {
    const twin = jetStreamTransport({ servers: '127.0.0.1:4222', prefix: setup.prefix, keyPrefix: setup.keyPrefix, partitions: PARTITIONS, ackWaitMs: ACK_WAIT_MS, maxDeliver: MAX_DELIVER, redis: setup.redis, pullExpiresMs: 1000 });
    const ran: string[] = [];
    const counting: Agent = async (message) => (ran.push(message.id), await new Promise((resolve) => setTimeout(resolve, 5)), { text: 'ok' });
    const messages = Array.from({ length: 40 }, (_, i) => ({ id: `m${i}`, conversationId: `c${i % 8}`, text: String(i) }));
    const feeder = new AgentRuntime({ inputs: [from(messages)], agent: counting, transport: setup.transport });
    const helper = new AgentRuntime({ inputs: [], agent: counting, transport: twin });
    const all = new Promise<void>((resolve) => {
      let n = 0;
      for (const runtime of [feeder, helper]) runtime.events$.subscribe((event) => event.type === 'replied' && ++n === messages.length && resolve());
    });
    const runs = [feeder.run(), helper.run()];
    await all;
    await Promise.all([feeder.stop(), helper.stop()]);
    const [a, b] = await Promise.all(runs);
    await twin.close();
    expect([...ran].sort()).toEqual(messages.map((m) => m.id).sort());
    expect(a!.replied + b!.replied).toBe(messages.length);
  });

  nats.it('tells an input with a settled hook when the stream stored each item (queued), or refused it as invalid', async (setup) => {
    const settled: string[] = [];
    const input = {
      name: 'polled',
      messages$: from([{ id: '1', conversationId: 'a', text: 'one' }, { id: '2', text: 'no conversation' }, { id: '3', conversationId: 'b', text: 'two' }]),
      settled: (item: unknown, settlement: InputSettlement) => settled.push(`${(item as { id: string }).id} ${settlement.outcome}${settlement.reason === undefined ? '' : ` ${settlement.reason}`}`),
    };
    const runtime = new AgentRuntime({ inputs: [input], agent, transport: setup.transport });
    const replied = firstValueFrom(runtime.events$.pipe(filter((event) => event.type === 'replied'), take(2), toArray()));
    const done = runtime.run();
    await replied;
    await runtime.stop();
    await done;
    expect(settled.sort()).toEqual(['1 queued', '2 rejected invalid', '3 queued']);
  });

  nats.it('applies the runtime\'s guards on the workers: its own messages are rejected as self, the rest answered', async (setup) => {
    const runtime = new AgentRuntime({
      inputs: [from([{ id: '1', conversationId: 'a', text: 'hello', author: { id: 'user' } }, { id: '2', conversationId: 'a', text: 'my own post', author: { id: 'bot' } }, { id: '3', conversationId: 'b', text: 'hi', author: { id: 'user' } }])],
      agent,
      guards: { selfAuthorIds: ['bot'] },
      transport: setup.transport,
    });
    const events: AgentEvent[] = [];
    runtime.events$.subscribe((event) => events.push(event));
    const outcomes = firstValueFrom(runtime.events$.pipe(filter((event) => event.type === 'replied' || event.type === 'rejected'), take(3), toArray()));
    const done = runtime.run();
    await outcomes;
    await runtime.stop();
    const summary = await done;
    expect(events.find((event) => event.type === 'rejected')).toMatchObject({ reason: 'self', message: { id: '2' } });
    expect(summary).toMatchObject({ replied: 2, rejected: 1, rejectedBy: { self: 1 } });
  });

  it('checks the options when the runtime is constructed, and connects nothing', () => {
    const redis = new Redis({ lazyConnect: true });
    const transport = jetStreamTransport({ servers: '127.0.0.1:1', redis });
    expect(() => new AgentRuntime({ inputs: [], agent, transport, delivery: { retry: 1 } })).toThrow(ConfigError);
    expect(() => new AgentRuntime({ inputs: [], agent, transport, delivery: { retry: 1 } })).toThrow(/^delivery: is not used on a JetStream transport/);
    expect(() => new AgentRuntime({ inputs: [], agent, transport, shortTermMemory: { recall: () => [], record: () => undefined } })).toThrow(/^shortTermMemory: .*maxTurns/);
    expect(() => new AgentRuntime({ inputs: [], agent, transport: {} as never })).toThrow(/^transport: must be a runtime transport/);
    expect(new AgentRuntime({ inputs: [], agent, transport }).running).toBe(false);
    expect(redis.status).toBe('wait');
  });
});
