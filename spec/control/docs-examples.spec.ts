// The examples of docs/conversation-control.md, verbatim: docs.spec.ts checks that every ```ts
// block there appears here, so the guide cannot drift from code that runs.
import { Subject, filter, firstValueFrom, merge } from 'rxjs';
import { AgentRuntime, InMemoryDeliveryJournal, RateLimitedError, type AgentMessage, type InputSettlement } from 'rxagent';
import { describeEvents, marbleTest, recordingOutput, scriptedAgent } from 'rxagent/testing';

describe('docs/conversation-control.md', () => {
it('queue: one run at a time per conversation, a bounded wait, then overloaded', async () => {
  const summary = await marbleTest(({ m, start, expectObservable }) => {
    const agent = scriptedAgent({}, { otherwise: (message) => ({ reply: message.text.toUpperCase(), delayMs: 10 }) });
    const output = recordingOutput();
    const runtime = new AgentRuntime({ inputs: [m('abc|')], outputs: [output], agent, overlap: 'queue', maxQueuedPerConversation: 1 });

    expectObservable(output.replies$).toBe('10ms a 9ms b', { a: 'A', b: 'B' });
    expectObservable(runtime.events$.pipe(describeEvents('rejected'))).toBe('--x', { x: 'rejected c-3 (overloaded)' });
    return start(runtime);
  });
  expect(summary).toMatchObject({ received: 3, replied: 2, rejected: 1, rejectedBy: { overloaded: 1 } });
});

it('drop: a busy conversation ignores new messages', async () => {
  const summary = await marbleTest(({ m, start, expectObservable }) => {
    const agent = scriptedAgent({}, { otherwise: (message) => ({ reply: message.text.toUpperCase(), delayMs: 10 }) });
    const output = recordingOutput();
    const runtime = new AgentRuntime({ inputs: [m('abc 10ms d|')], outputs: [output], agent, overlap: 'drop' });

    expectObservable(output.replies$).toBe('10ms a 12ms d', { a: 'A', d: 'D' });
    expectObservable(runtime.events$.pipe(describeEvents('rejected'))).toBe('-xy', { x: 'rejected c-2 (dropped)', y: 'rejected c-3 (dropped)' });
    return start(runtime);
  });
  expect(summary).toMatchObject({ received: 4, replied: 2, rejectedBy: { dropped: 2 } });
});

it('coalesce: messages that arrive while busy are answered together, by one run', async () => {
  const summary = await marbleTest(({ m, start, expectObservable }) => {
    // The agent sees the merged messages in context.coalesced (oldest first), then the newest as `message`.
    const agent = scriptedAgent({}, { otherwise: (message, { coalesced }) => ({ reply: [...coalesced, message].map((each) => each.text).join('+'), delayMs: 10 }) });
    const output = recordingOutput();
    const runtime = new AgentRuntime({ inputs: [m('abc|')], outputs: [output], agent, overlap: 'coalesce' });

    expectObservable(output.replies$).toBe('10ms a 9ms b', { a: 'a', b: 'b+c' });
    expectObservable(runtime.events$.pipe(describeEvents('started', 'rejected'))).toBe('a-b 7ms c', { a: 'started c-1', b: 'rejected c-2 (coalesced)', c: 'started c-3' });
    return start(runtime);
  });
  expect(summary).toMatchObject({ received: 3, replied: 2, rejectedBy: { coalesced: 1 } });
});

it('debounce: wait for a quiet gap, then answer the burst in one run', async () => {
  await marbleTest(({ m, start, expectObservable }) => {
    const agent = scriptedAgent({}, { otherwise: (message, { coalesced }) => ({ reply: [...coalesced, message].map((each) => each.text).join('+'), delayMs: 10 }) });
    const output = recordingOutput();
    const runtime = new AgentRuntime({ inputs: [m('a-b 17ms c|')], outputs: [output], agent, overlap: { debounceMs: 5 } });

    // a and b come 2 ms apart; 5 quiet ms after b (at 7) one run starts for both. c is quiet from 20 to 25.
    expectObservable(runtime.events$.pipe(describeEvents('started'))).toBe('7ms a 17ms b', { a: 'started c-2', b: 'started c-3' });
    expectObservable(output.replies$).toBe('17ms a 17ms b', { a: 'a+b', b: 'c' });
    return start(runtime);
  });
});

it('interrupt: a newer message aborts the stale run, whose answer is never delivered', async () => {
  const aborted: unknown[] = [];
  await marbleTest(({ m, start, expectObservable }) => {
    const scripted = scriptedAgent({}, { otherwise: (message) => ({ reply: `answer to ${message.text}`, delayMs: 10 }) });
    const agent = (message: AgentMessage, context: Parameters<typeof scripted>[1]) => {
      context.signal.addEventListener('abort', () => aborted.push(context.signal.reason));
      return scripted(message, context);
    };
    const output = recordingOutput();
    const runtime = new AgentRuntime({ inputs: [m('a-b|')], outputs: [output], agent, overlap: 'interrupt' });

    expectObservable(runtime.events$.pipe(describeEvents('started', 'rejected'))).toBe('a-(bc)', { a: 'started c-1', b: 'rejected c-1 (interrupted)', c: 'started c-2' });
    expectObservable(output.replies$).toBe('12ms b', { b: 'answer to b' });
    return start(runtime);
  });
  expect(String(aborted[0])).toBe('InterruptedError: interrupted by a newer message (c-2) of the same conversation');
});

it('per input: DMs queue, a noisy channel drops what arrives while its conversation is busy', async () => {
  const summary = await marbleTest(({ m, start }) => {
    const agent = scriptedAgent({}, { otherwise: (message) => ({ reply: message.text, delayMs: 10 }) });
    const runtime = new AgentRuntime({
      inputs: [
        { name: 'dm', messages$: m('abc|', {}, { conversationId: 'alice' }) },
        { name: 'channel', messages$: m('xyz|', {}, { conversationId: 'general' }), overlap: 'drop' },
      ],
      agent,
      overlap: 'queue',
    });
    return start(runtime);
  });
  expect(summary).toMatchObject({ received: 6, replied: 4, rejectedBy: { dropped: 2 } });
});

it('priority: DMs start before cron when a slot frees', async () => {
  await marbleTest(({ m, start, expectObservable }) => {
    const agent = scriptedAgent({}, { otherwise: (message) => ({ reply: message.text, delayMs: 10 }) });
    const runtime = new AgentRuntime({
      inputs: [
        { name: 'busy', messages$: m('a|', {}, { conversationId: 'x' }) },
        { name: 'cron', messages$: m('-c|', {}, { conversationId: 'y' }), priority: 0 },
        { name: 'dm', messages$: m('--d|', {}, { conversationId: 'z' }), priority: 2 },
      ],
      agent,
      concurrency: 1,
    });

    // c arrived first, but when a's slot frees at 10 the DM goes first.
    expectObservable(runtime.events$.pipe(describeEvents('started'))).toBe('a 9ms b 9ms c', { a: 'started x-1', b: 'started z-1', c: 'started y-1' });
    return start(runtime);
  });
});

it('guards: never answers itself, drops redelivered ids, caps replies per conversation', async () => {
  const summary = await marbleTest(({ m, start, expectObservable }) => {
    const runtime = new AgentRuntime({
      inputs: [m('abcde|', { a: 'hi', b: { text: 'my own reply', author: { id: 'me' } }, c: { id: 'c-1', text: 'hi again' }, d: 'x', e: 'y' })],
      agent: scriptedAgent({}, { otherwise: 'ok' }),
      guards: { selfAuthorIds: ['me'], dedupWindowMs: 60_000, replyCap: { max: 2, windowMs: 3_600_000 } },
    });

    expectObservable(runtime.events$.pipe(describeEvents('rejected'))).toBe('-xy-z', { x: 'rejected c-2 (self)', y: 'rejected c-1 (duplicate)', z: 'rejected c-5 (capped)' });
    return start(runtime);
  });
  expect(summary).toMatchObject({ replied: 2, rejectedBy: { self: 1, duplicate: 1, capped: 1 } });
});

it('ping-pong: two bots wired to each other stop by themselves', async () => {
  const toA = new Subject<AgentMessage>();
  const toB = new Subject<AgentMessage>();
  const bot = (name: string, inbox: Subject<AgentMessage>, outbox: Subject<AgentMessage>) => {
    let n = 0;
    return new AgentRuntime({
      inputs: [{ name: 'chat', messages$: inbox }],
      // What one bot posts, the other reads: a message from a bot author.
      outputs: [{ name: 'chat', send: async (result) => outbox.next({ id: `${name}-${++n}`, conversationId: 'room', text: result.reply.text, author: { id: name, isBot: true } }) }],
      agent: (message) => ({ text: `${name} answers ${message.id}` }),
      guards: { selfAuthorIds: [name], pingPong: { maxBotTurns: 2, windowMs: 60_000 } },
    });
  };
  const a = bot('a', toA, toB);
  const b = bot('b', toB, toA);
  const stopped = firstValueFrom(merge(a.events$, b.events$).pipe(filter((event) => event.type === 'rejected')));
  const runs = [a.run(), b.run()];
  toA.next({ id: 'human-1', conversationId: 'room', text: 'hello bots', author: { id: 'human' } });

  expect(await stopped).toMatchObject({ reason: 'loop', message: { id: 'a-3' } });
  toA.complete();
  toB.complete();
  const [sa, sb] = await Promise.all(runs);

  expect(sa.replied + sb.replied).toBe(5);
  expect(sa.rejectedBy.loop + sb.rejectedBy.loop).toBe(1);
});

it('effectively once: a replayed input posts nothing twice', async () => {
  const journal = new InMemoryDeliveryJournal();
  const output = recordingOutput();
  const run = () => marbleTest(({ m, start }) => start(new AgentRuntime({ inputs: [m('ab|', {}, { conversationId: 'chat' })], outputs: [output], agent: scriptedAgent({}, { otherwise: 'ok' }), delivery: { journal } })));

  const first = await run();
  const replay = await run(); // e.g. after a restart, the same page of mentions is read again

  expect(output.delivered.map((result) => result.message.id)).toEqual(['chat-1', 'chat-2']);
  expect(first).toMatchObject({ delivered: 2, duplicateDeliveries: 0 });
  expect(replay).toMatchObject({ replied: 2, delivered: 2, duplicateDeliveries: 2 });
});

it('settled: an input hears when each item is answered and delivered, or failed for good', async () => {
  const settled: string[] = [];
  await marbleTest(({ m, start }) => {
    const mentions = {
      name: 'x',
      messages$: m('ab|', { a: 'hi', b: 'boom' }),
      // A polling client advances its cursor (since_id) here, past items that are settled.
      settled: (item: unknown, settlement: InputSettlement) => settled.push(`${(item as AgentMessage).id} ${settlement.outcome}, delivered ${settlement.delivered}`),
    };
    const agent = scriptedAgent({ hi: { reply: 'hello', delayMs: 10 }, boom: { error: 'kaput' } });
    return start(new AgentRuntime({ inputs: [mentions], outputs: [recordingOutput({ latencyMs: 5 })], agent }));
  });
  expect(settled).toEqual(['c-2 failed, delivered 0', 'c-1 replied, delivered 1']);
});

it('backpressure: while an output waits out a 429, no new run starts', async () => {
  await marbleTest(({ m, start, expectObservable }) => {
    const output = recordingOutput({ fail: (result, attempt) => (result.message.id === 'x-1' && attempt === 1 ? new RateLimitedError(1000) : undefined) });
    const runtime = new AgentRuntime({
      inputs: [m('a|', {}, { conversationId: 'x' }), m('-b|', {}, { conversationId: 'y' })],
      outputs: [output],
      agent: scriptedAgent({}, { otherwise: 'ok' }),
      delivery: { holdIntake: true },
    });

    // x-1's reply hits the limit at 0: y-1, arriving at 1, starts when the wait is over.
    expectObservable(runtime.events$.pipe(describeEvents('started', 'deliveryRetrying'))).toBe('(ab) 996ms c', { a: 'started x-1', b: 'deliveryRetrying x-1 to recorder in 1000ms', c: 'started y-1' });
    return start(runtime);
  });
});
});
