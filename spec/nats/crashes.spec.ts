import { ACK_WAIT_MS, MAX_DELIVER, expectInOrder, messages, natsTest } from './natsTest';

describe('distributed mode on JetStream: workers that die, hang or stop', () => {
  const nats = natsTest();

  nats.it('redelivers the in-flight message of a SIGKILLed worker: all processed, each once in effect, order intact', async (setup) => {
    await setup.transport.setup();
    // Outputs run in a sender process of their own: the kill hits the agent side only (a sender
    // killed in the middle of a send may repeat that one send: see docs/scaling-out.md).
    const workers = await Promise.all([setup.startWorker('worker'), setup.startWorker('worker'), setup.startWorker('worker'), setup.startWorker('sender')]);
    const before = messages(30, 6, 'a');
    const victim = { id: 'victim', conversationId: 'conv.0', text: 'slow:1500 victim' };
    const after = messages(30, 6, 'b', 'late ');
    for (const message of [...before, victim, ...after]) await setup.transport.publish(message);
    await setup.until(() => setup.lines('started').some((line) => line.id === 'victim'), 'the victim to start');
    const holder = setup.lines('started').find((line) => line.id === 'victim')!.pid;
    const worker = workers.find((w) => w.child.pid === holder)!;
    worker.child.kill('SIGKILL');
    await worker.exited;
    await setup.delivered(61);
    const effects = await setup.effects();
    expect(effects.map((effect) => effect.id).sort()).toEqual([...before, victim, ...after].map((m) => m.id).sort());
    expectInOrder(effects, [...before, victim, ...after]);
    const victimRuns = setup.lines('started').filter((line) => line.id === 'victim');
    expect(victimRuns.length).toBe(2);
    expect(victimRuns.map((line) => line.pid)).toContain(holder);
    expect(new Set(victimRuns.map((line) => line.pid)).size).toBe(2);
    const turns = await setup.redis.lrange(`${setup.keyPrefix}memory:turns:conv.0`, 0, -1);
    expect(turns).toHaveLength(before.length / 6 + 1 + after.length / 6);
  });

  nats.it('dead-letters a poison message after maxDeliver deliveries while its partition keeps moving', async (setup) => {
    await setup.transport.setup();
    await setup.startWorker();
    await setup.startWorker();
    const sent = [
      { id: 'p1', conversationId: 'sick', text: 'first' },
      { id: 'poison', conversationId: 'sick', text: 'poison' },
      { id: 'p2', conversationId: 'sick', text: 'second' },
      ...messages(20, 4),
    ];
    for (const message of sent) await setup.transport.publish(message);
    await setup.delivered(sent.length - 1);
    await setup.until(() => setup.lines('deadLettered').length === 1, 'the dead letter');
    expect(setup.lines('started').filter((line) => line.id === 'poison')).toHaveLength(MAX_DELIVER);
    // The conversation waited for the poison's last delivery before it moved on.
    expect(setup.lines('started').filter((line) => ['p1', 'poison', 'p2'].includes(line.id!)).map((line) => line.id)).toEqual(['p1', 'poison', 'poison', 'poison', 'p2']);
    const effects = await setup.effects();
    expect(effects.filter((effect) => effect.conversationId === 'sick').map((effect) => effect.text)).toEqual(['first@0', 'second@1']);
    const { jsm } = await setup.transport.connection();
    const dead = setup.transport.streams.dead;
    expect((await jsm.streams.info(dead)).state.messages).toBe(1);
    const letter = await jsm.streams.getMessage(dead, { seq: 1 });
    expect(letter.json<{ id: string }>().id).toBe('poison');
    expect(letter.subject).toBe(setup.transport.subjectOf('dead', 'sick'));
    expect(letter.header.get('Rxagent-Reason')).toContain('Error: poison');
    expect(letter.header.get('Rxagent-Deliveries')).toBe(String(MAX_DELIVER));
  });

  nats.it('a worker stopped with SIGTERM drains: its runs finish and are acked, nothing waits for ack_wait', async (setup) => {
    await setup.transport.setup();
    const first = await setup.startWorker();
    const sent = messages(16, 8, 's', 'slow:600 ');
    for (const message of sent) await setup.transport.publish(message);
    await setup.until(() => first.lines.filter((line) => line.event === 'started').length >= 3, 'runs to start');
    const stoppedAt = Date.now();
    expect(await setup.stopWorker(first)).toBe(0);
    const started = first.lines.filter((line) => line.event === 'started').map((line) => line.id);
    const acked = first.lines.filter((line) => line.event === 'acked').map((line) => line.id);
    expect(acked).toEqual(expect.arrayContaining(started));
    expect(first.lines.at(-1)).toMatchObject({ event: 'summary' });
    await setup.startWorker();
    await setup.delivered(sent.length);
    // Handed back, not left to expire: each message ran once, and well before an ack_wait passed per partition.
    const runs = setup.lines('started').map((line) => line.id);
    expect(runs.sort()).toEqual(sent.map((m) => m.id).sort());
    expectInOrder(await setup.effects(), sent);
    expect(Date.now() - stoppedAt).toBeLessThan(ACK_WAIT_MS * 4);
  });
});
