import { expectInOrder, messages, natsTest } from './natsTest';

describe('distributed mode on JetStream: the fence, heartbeats and joining workers', () => {
  const nats = natsTest();

  nats.it('rejects the stale writes of a frozen worker (SIGSTOP, then SIGCONT): one effect and one turn per message', async (setup) => {
    await setup.transport.setup();
    await Promise.all([setup.startWorker('worker'), setup.startWorker('worker'), setup.startWorker('sender')]);
    const sent = [{ id: 'frozen', conversationId: 'conv.f', text: 'slow:800 frozen' }, ...messages(6, 1, 'f', 'then ').map((m) => ({ ...m, conversationId: 'conv.f' }))];
    for (const message of sent) await setup.transport.publish(message);
    await setup.until(() => setup.lines('started').some((line) => line.id === 'frozen'), 'the run to start');
    const holder = setup.workers.find((w) => w.child.pid === setup.lines('started').find((line) => line.id === 'frozen')!.pid)!;
    holder.child.kill('SIGSTOP');
    await setup.delivered(sent.length);
    holder.child.kill('SIGCONT');
    await setup.until(() => holder.lines.some((line) => line.event === 'stale' && line.id === 'frozen'), 'the frozen run to be fenced off');
    expect(setup.lines('started').filter((line) => line.id === 'frozen')).toHaveLength(2);
    const effects = await setup.effects();
    expect(effects).toHaveLength(sent.length);
    expectInOrder(effects, sent);
    expect(await setup.redis.llen(`${setup.keyPrefix}memory:turns:conv.f`)).toBe(sent.length);
  });

  nats.it('keeps a slow run (longer than two ack waits) with heartbeats: never redelivered', async (setup) => {
    await setup.transport.setup();
    await Promise.all([setup.startWorker(), setup.startWorker()]);
    await setup.transport.publish({ id: 'slow', conversationId: 'c', text: 'slow:4500' });
    await setup.transport.publish({ id: 'next', conversationId: 'c', text: 'next' });
    await setup.delivered(2);
    expect(setup.lines('started').map((line) => line.id).sort()).toEqual(['next', 'slow']);
    expect(setup.lines('redelivering')).toEqual([]);
    expect((await setup.effects()).map((effect) => effect.text)).toEqual(['slow:4500@0', 'next@1']);
  });

  nats.it('a fourth worker joining mid-run takes a share of the work, order intact', async (setup) => {
    await setup.transport.setup();
    await Promise.all([setup.startWorker(), setup.startWorker(), setup.startWorker()]);
    const sent = messages(240, 24, 'j', 'slow:60 ');
    for (const message of sent) await setup.transport.publish(message);
    await setup.delivered(40);
    const fourth = await setup.startWorker();
    await setup.delivered(sent.length);
    expect(fourth.lines.filter((line) => line.event === 'acked').length).toBeGreaterThan(0);
    const effects = await setup.effects();
    expect(effects).toHaveLength(sent.length);
    expectInOrder(effects, sent);
  });
});
