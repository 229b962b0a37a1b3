import { asyncScheduler } from 'rxjs';
import type { JsMsg } from 'nats';
import { pullLoop, type PullLoopOptions } from '../../src/nats/pullLoop';
import { natsTest, type Setup } from './natsTest';

/** Publishes `count` messages straight to input partition 0. */
async function publishToPartition0(setup: Setup, texts: readonly string[]): Promise<void> {
  const { js } = await setup.transport.connection();
  for (const text of texts) await js.publish(`${setup.prefix}.in.0.k`, text);
}

async function loopOn(setup: Setup, options: Partial<PullLoopOptions> & Pick<PullLoopOptions, 'stopping' | 'handle'>): Promise<void> {
  const { nc, js } = await setup.transport.connection();
  const stream = setup.transport.streams.input;
  await pullLoop({ nc, stream, consumer: 'p0' }, () => js.consumers.get(stream, 'p0'), {
    expiresMs: 1000,
    failed: () => undefined,
    retryMs: 100,
    scheduler: asyncScheduler,
    ...options,
  });
}

describe('pullLoop: one partition, one message at a time, over one subscription', () => {
  const nats = natsTest();

  nats.it('takes the messages in order, each after the previous was acked, and leaves nothing pending', async (setup) => {
    await setup.transport.setup();
    await publishToPartition0(setup, ['a', 'b', 'c', 'd']);
    const seen: string[] = [];
    await loopOn(setup, {
      stopping: () => seen.length === 4,
      handle: async (msg, ackAck) => {
        seen.push(msg.string());
        await ackAck();
      },
    });
    expect(seen).toEqual(['a', 'b', 'c', 'd']);
    const { jsm } = await setup.transport.connection();
    const info = await jsm.consumers.info(setup.transport.streams.input, 'p0');
    expect(info.num_ack_pending).toBe(0);
    expect(info.num_pending).toBe(0);
    expect(info.num_waiting).toBe(0);
  });

  nats.it('hands back at once a message that arrives for a pull still pending when the stop began', async (setup) => {
    await setup.transport.setup();
    let stopping = false;
    const handled: string[] = [];
    const loop = loopOn(setup, { stopping: () => stopping, handle: async (msg) => void handled.push(msg.string()) });
    await new Promise((resolve) => setTimeout(resolve, 200)); // the loop's pull is now waiting on the server
    stopping = true;
    await publishToPartition0(setup, ['late']);
    await loop;
    expect(handled).toEqual([]);
    // Handed back (nak), not left to ack_wait (2 s): the next pull gets it again at once.
    const { js } = await setup.transport.connection();
    const consumer = await js.consumers.get(setup.transport.streams.input, 'p0');
    const startedAt = Date.now();
    const again = (await consumer.next({ expires: 1500 })) as JsMsg | null;
    expect(again?.string()).toBe('late');
    expect(again?.info.redeliveryCount).toBe(2);
    expect(Date.now() - startedAt).toBeLessThan(1000);
    await again?.ackAck();
  });

  nats.it('reports a missing consumer (its look-up before the first pull fails) and tries again', async (setup) => {
    await setup.transport.setup();
    const { nc, js } = await setup.transport.connection();
    const stream = setup.transport.streams.input;
    const failures: unknown[] = [];
    await pullLoop({ nc, stream, consumer: 'missing' }, () => js.consumers.get(stream, 'missing'), {
      expiresMs: 1000,
      stopping: () => failures.length >= 2,
      handle: async () => undefined,
      failed: (error) => failures.push(error),
      retryMs: 50,
      scheduler: asyncScheduler,
    });
    expect(failures).toHaveLength(2);
    expect(String(failures[0])).toMatch(/not found/i);
  });
});

describe('JetStreamTransport.publishJson: confirmed publishes over the shared reply subscription', () => {
  const nats = natsTest();

  nats.it('answers with the stream sequence, drops a republished id, and rejects where no stream listens', async (setup) => {
    await setup.transport.setup();
    const subject = `${setup.prefix}.out.0.k`;
    const first = await setup.transport.publishJson(subject, '{"a":1}', 'out:x');
    const again = await setup.transport.publishJson(subject, '{"a":1}', 'out:x');
    const other = await setup.transport.publishJson(subject, '{"a":2}', 'out:y', { 'Rxagent-Reason': 'line\nbreak' });
    expect(first).toEqual({ seq: expect.any(Number), duplicate: false });
    expect(again).toEqual({ seq: first.seq, duplicate: true });
    expect(other).toEqual({ seq: first.seq + 1, duplicate: false });
    const { jsm } = await setup.transport.connection();
    const stored = await jsm.streams.getMessage(setup.transport.streams.output, { seq: other.seq });
    expect(stored.header.get('Nats-Msg-Id')).toBe('out:y');
    expect(stored.header.get('Rxagent-Reason')).toBe('line break');
    await expect(setup.transport.publishJson(`${setup.prefix}_nostream.x`, '{}', 'z')).rejects.toThrow(/no responders|503/i);
  });
});
