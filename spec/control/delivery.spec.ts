import { Observable, map, of, throwError, timer } from 'rxjs';
import { AgentRuntime, ConfigError, InMemoryDeliveryJournal, RateLimitedError, type AgentMessage, type AgentOutput, type DeliveryContext, type DeliveryJournal, type InputSettlement, type JournalClaim } from 'rxagent';
import { describeEvents, marbleTest, recordingOutput, scriptedAgent } from 'rxagent/testing';
import { testScheduler } from '../helpers/marbles';

const agent = scriptedAgent({}, { otherwise: (message) => `re ${message.text}` });

/** An output that records each send's idempotency key and attempt, failing the attempts `fails` says. */
function keyedOutput(fails: (attempt: number) => unknown = () => undefined) {
  const sends: string[] = [];
  const output: AgentOutput = {
    name: 'out',
    send: (_result, delivery?: DeliveryContext) => {
      sends.push(`${delivery!.idempotencyKey} #${delivery!.attempt}`);
      const error = fails(delivery!.attempt);
      return error === undefined ? of(undefined) : throwError(() => error);
    },
  };
  return { output, sends };
}

describe('effectively-once delivery', () => {
  it('gives every attempt of a delivery the same idempotency key: source, message id, output', async () => {
    const { output, sends } = keyedOutput((attempt) => (attempt === 1 ? new Error('503') : undefined));
    await marbleTest(({ m, start }) => start(new AgentRuntime({ inputs: [{ name: 'x', messages$: m('a|') }], outputs: [output], agent, delivery: { retry: { count: 1, delayMs: 10 } } })));
    expect(sends).toEqual(['x:c-1:out #1', 'x:c-1:out #2']);
  });

  it('hands outputs a context that logs and serialises with its key (the key is made only when read)', async () => {
    const seen: unknown[] = [];
    const output: AgentOutput = { name: 'out', send: (_result, delivery) => (seen.push(JSON.parse(JSON.stringify(delivery))), of(undefined)) };
    await marbleTest(({ m, start }) => start(new AgentRuntime({ inputs: [{ name: 'x', messages$: m('a|') }], outputs: [output], agent })));
    expect(seen).toEqual([{ idempotencyKey: 'x:c-1:out', attempt: 1 }]);
  });

  it('keeps each context true to its own result when an output reads it later (deliveries are reused)', async () => {
    const kept: DeliveryContext[] = [];
    const output: AgentOutput = { name: 'out', send: (_result, delivery) => (kept.push(delivery!), Promise.resolve()) };
    const messages = Array.from({ length: 40 }, (_, i) => ({ id: `m${i}`, conversationId: `c${i % 3}`, text: `t${i}` }));
    await new AgentRuntime({ inputs: [{ name: 'x', messages$: of(...messages) }], outputs: [output], agent, concurrency: 2 }).run();
    // Read only now, after every delivery object served several results.
    expect(kept.map((delivery) => delivery.idempotencyKey)).toEqual(messages.map((m) => `x:${m.id}:out`));
  });

  it('releases the key of a delivery that failed for good, so a replay delivers it', async () => {
    const journal = new InMemoryDeliveryJournal();
    let down = true;
    const { output, sends } = keyedOutput(() => (down ? new Error('503') : undefined));
    const run = () => marbleTest(({ m, start }) => start(new AgentRuntime({ inputs: [{ name: 'x', messages$: m('a|') }], outputs: [output], agent, delivery: { retry: 0, journal } })));
    expect(await run()).toMatchObject({ deliveryFailed: 1 });
    down = false;
    expect(await run()).toMatchObject({ delivered: 1, duplicateDeliveries: 0 });
    expect(await run()).toMatchObject({ delivered: 1, duplicateDeliveries: 1 });
    expect(sends).toEqual(['x:c-1:out #1', 'x:c-1:out #1']);
  });

  it('sends nothing while another process holds the claim, and says so in the delivered event', async () => {
    const journal: DeliveryJournal = { claim: (): JournalClaim => 'pending', complete: () => undefined, release: () => undefined };
    const { output, sends } = keyedOutput();
    await marbleTest(({ m, start, expectObservable }) => {
      const runtime = new AgentRuntime({ inputs: [m('a|')], outputs: [output], agent, delivery: { journal } });
      const duplicates: unknown[] = [];
      runtime.events$.subscribe((event) => event.type === 'delivered' && duplicates.push(event.duplicate));
      expectObservable(runtime.events$.pipe(describeEvents('delivered'))).toBe('x', { x: 'delivered c-1 to out (duplicate)' });
      return start(runtime).then((summary) => {
        expect(duplicates).toEqual([true]);
        return summary;
      });
    });
    expect(sends).toEqual([]);
  });

  it('retries when the journal cannot be asked, and never sends unjournaled', async () => {
    let claims = 0;
    const journal: DeliveryJournal = {
      claim: () => (++claims === 1 ? Promise.reject(new Error('journal down')) : 'claimed'),
      complete: () => undefined,
      release: () => undefined,
    };
    const { output, sends } = keyedOutput();
    const summary = await new AgentRuntime({ inputs: [[{ id: 'm1', conversationId: 'c', text: 'hi' }]], outputs: [output], agent, delivery: { journal, retry: { count: 2, delayMs: 1 } } }).run();
    expect(summary).toMatchObject({ delivered: 1 });
    expect(claims).toBe(2);
    expect(sends).toEqual(['input-1:m1:out #2']);
  });

  it('reports a journal that could not record a delivery on the delivered event', async () => {
    const journal: DeliveryJournal = { claim: () => 'claimed', complete: () => Promise.reject(new Error('journal full')), release: () => undefined };
    const runtime = new AgentRuntime({ inputs: [[{ id: 'm1', conversationId: 'c', text: 'hi' }]], outputs: [keyedOutput().output], agent, delivery: { journal } });
    const errors: unknown[] = [];
    runtime.events$.subscribe((event) => event.type === 'delivered' && errors.push(event.journalError));
    expect(await runtime.run()).toMatchObject({ delivered: 1 });
    expect(String(errors[0])).toBe('Error: journal full');
  });

  it('forgets completed deliveries after ttlMs (in-memory journal)', () => {
    const scheduler = testScheduler();
    const journal = new InMemoryDeliveryJournal({ ttlMs: 100, scheduler });
    scheduler.run(() => {
      scheduler.schedule(() => {
        expect(journal.claim('k')).toBe('claimed');
        journal.complete('k');
        expect(journal.claim('k')).toBe('delivered');
      }, 0);
      scheduler.schedule(() => expect(journal.claim('k')).toBe('claimed'), 100);
    });
  });

  it('rejects a journal without the methods at construction', () => {
    expect(() => new AgentRuntime({ inputs: [[]], agent, delivery: { journal: {} as never } })).toThrow(ConfigError);
    expect(() => new InMemoryDeliveryJournal({ ttlMs: -1 })).toThrow('ttlMs: must be a positive, finite number');
  });
});

describe('input settlement', () => {
  it('settles a reply only when every output is done with it: delivered, failed for good, or declined', async () => {
    const settled: string[] = [];
    await marbleTest(({ m, start }) => {
      const input = { name: 'x', messages$: m('ab|', { a: 'one', b: 'two' }), settled: (item: unknown, s: InputSettlement) => settled.push(`${(item as { id: string }).id} ${s.outcome} ${s.delivered}/${s.deliveryFailed}`) };
      const slow = recordingOutput({ name: 'slow', latencyMs: 50 });
      const failing = recordingOutput({ name: 'failing', fail: () => new Error('503') });
      const picky = recordingOutput({ name: 'picky', accepts: () => false });
      return start(new AgentRuntime({ inputs: [input], outputs: [slow, failing, picky], agent, delivery: { retry: 0 } }));
    });
    expect(settled).toEqual(['c-1 replied 1/1', 'c-2 replied 1/1']);
  });

  it('says when a stop cut an item short: rejected as stopped, its run or its delivery cancelled at the drain deadline', async () => {
    const settled: string[] = [];
    await marbleTest(({ m, start }) => {
      const values = { q: { text: 'quick', conversationId: 'q' }, s: { text: 'slow', conversationId: 's' }, n: { text: 'next', conversationId: 's' }, p: { text: 'posting', conversationId: 'p' } };
      const input = {
        name: 'x',
        messages$: m('(qsn) 9ms p', values),
        settled: (item: unknown, s: InputSettlement) => settled.push(`${(item as { text: string }).text} ${s.outcome}${s.reason === undefined ? '' : ` ${s.reason}`} ${s.delivered}/${s.deliveryFailed}${s.stopped ? ' stopped' : ''}`),
      };
      // quick is delivered at 20; slow runs past the deadline (30); next waits behind it; posting's delivery runs 14–34.
      const output = recordingOutput({ name: 'out', latencyMs: 20 });
      const agent = (message: AgentMessage) => (message.text === 'slow' ? timer(100).pipe(map(() => ({ text: 'late' }))) : of({ text: 'ok' }));
      return start(new AgentRuntime({ inputs: [input], outputs: [output], agent, drainTimeoutMs: 14 }), { stopAt: 16 });
    });
    expect(settled.sort()).toEqual(['next rejected stopped 0/0 stopped', 'posting replied 0/1 stopped', 'quick replied 1/0', 'slow failed 0/0 stopped']);
  });

  it('reports a throwing hook as the input failing, and the runtime keeps going', async () => {
    const summary = await marbleTest(({ m, start, expectObservable }) => {
      const input = { name: 'x', messages$: m('ab|'), settled: () => { throw new Error('cursor store down'); } };
      const runtime = new AgentRuntime({ inputs: [input], agent });
      expectObservable(runtime.events$.pipe(describeEvents('inputFailed'))).toBe('xy', { x: 'inputFailed x: cursor store down', y: 'inputFailed x: cursor store down' });
      return start(runtime);
    });
    expect(summary).toMatchObject({ replied: 2 });
  });
});

describe('egress-aware backpressure', () => {
  it('starts nothing new from an iterable input while an output waits out a 429', async () => {
    const startedAt: number[] = [];
    await marbleTest(({ scheduler, start }) => {
      function* messages() {
        for (let n = 1; n <= 3; n++) yield { id: `m${n}`, conversationId: `c${n}`, text: 'hi' };
      }
      const output: AgentOutput = {
        name: 'x',
        send: (result) => (result.message.id === 'm1' ? new Observable((s) => s.error(new RateLimitedError(500))) : timer(0, scheduler)),
      };
      const runtime = new AgentRuntime({ inputs: [messages()], outputs: [output], agent: scriptedAgent({}, { otherwise: { reply: 'ok', delayMs: 1 } }), concurrency: 1, delivery: { holdIntake: true, retry: 0 } });
      runtime.events$.subscribe((event) => event.type === 'started' && startedAt.push(event.at));
      return start(runtime);
    });
    // m1's reply hits the limit at 1 ms and asks for 500: m2 would have started at 1.
    expect(startedAt).toEqual([0, 501, 502]);
  });

  it('holds only the inputs whose results go to the rate-limited output; the others go on', async () => {
    const started: string[] = [];
    await marbleTest(({ m, start }) => {
      const feed = { name: 'feed', messages$: m('a---b|', {}, { conversationId: 'feed' }) };
      const dms = { name: 'dm', messages$: m('a-b-c|', {}, { conversationId: 'dm' }) };
      // Posts take the feed's answers and hit a 429 on the first; DMs take the DMs' answers.
      const posts = recordingOutput({ name: 'posts', accepts: (result) => result.message.source === 'feed', fail: (result, attempt) => (result.message.id === 'feed-1' && attempt === 1 ? new RateLimitedError(100) : undefined) });
      const replies = recordingOutput({ name: 'replies', accepts: (result) => result.message.source === 'dm' });
      const runtime = new AgentRuntime({ inputs: [dms, feed], outputs: [posts, replies], agent, delivery: { holdIntake: true } });
      runtime.events$.subscribe((event) => event.type === 'started' && started.push(`${event.at} ${event.message.id}`));
      return start(runtime);
    });
    // feed-2 arrived at 4 and waited for the reset at 100; the DMs never waited.
    expect(started).toEqual(['0 dm-1', '0 feed-1', '2 dm-2', '4 dm-3', '100 feed-2']);
  });

  it('holds new runs only until the rate limit resets, and says until when', async () => {
    const held: unknown[] = [];
    await marbleTest(({ m, start, expectObservable }) => {
      const output = recordingOutput({ fail: (result, attempt) => (result.message.id === 'x-1' && attempt === 1 ? new RateLimitedError(100) : undefined) });
      const runtime = new AgentRuntime({ inputs: [m('a|', {}, { conversationId: 'x' }), m('-b-c|', {}, { conversationId: 'y' })], outputs: [output], agent, delivery: { holdIntake: true } });
      runtime.events$.subscribe((event) => event.type === 'deliveryRetrying' && held.push(event.intakeHeldUntil));
      expectObservable(runtime.events$.pipe(describeEvents('started'))).toBe('a 99ms (bc)', { a: 'started x-1', b: 'started y-1', c: 'started y-2' });
      return start(runtime);
    });
    expect(held).toEqual([100]);
  });
});
