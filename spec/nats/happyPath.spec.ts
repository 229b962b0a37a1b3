import { expectInOrder, messages, natsTest } from './natsTest';

describe('distributed mode on JetStream: the happy path', () => {
  const nats = natsTest();

  nats.it('three worker processes process every message once, in order per conversation, sharing the load', async (setup) => {
    await setup.transport.setup();
    await Promise.all([setup.startWorker(), setup.startWorker(), setup.startWorker()]);
    const sent = messages(120, 12);
    for (const message of sent) await setup.transport.publish(message);
    await setup.delivered(sent.length);
    const effects = await setup.effects();
    expect(effects).toHaveLength(sent.length);
    expect(new Set(effects.map((effect) => effect.id)).size).toBe(sent.length);
    expectInOrder(effects, sent);
    expect(new Set(setup.lines('acked').map((line) => line.pid)).size).toBe(3);
    expect(setup.lines('stale')).toEqual([]);
  });

  nats.it('drops a republished duplicate: same message id, one run, one effect', async (setup) => {
    await setup.transport.setup();
    const first = await setup.transport.publish({ id: 'dup', conversationId: 'c', text: 'once' });
    const again = await setup.transport.publish({ id: 'dup', conversationId: 'c', text: 'once' });
    expect(first.duplicate).toBe(false);
    expect(again).toEqual({ seq: first.seq, duplicate: true });
    await setup.startWorker();
    await setup.transport.publish({ id: 'after', conversationId: 'c', text: 'next' });
    await setup.delivered(2);
    expect((await setup.effects()).map((effect) => effect.text)).toEqual(['once@0', 'next@1']);
    expect(setup.lines('started').map((line) => line.id)).toEqual(['dup', 'after']);
  });
});
