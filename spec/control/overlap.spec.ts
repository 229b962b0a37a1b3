import { NEVER, Subject, delay, firstValueFrom, map, of, range, toArray } from 'rxjs';
import { AgentRuntime, ConfigError, InterruptedError, Pricing, mergeMapInLanes, runAgent, type AgentEvent, type AgentMessage, type PricingPolicy } from 'rxagent';
import { describeEvents, marbleTest, recordingOutput, scriptedAgent } from 'rxagent/testing';
import { testScheduler } from '../helpers/marbles';

type Item = { key: string; n: number };
const byKey = (item: Item) => item.key;
const label = (item: Item) => `${item.key}${item.n}`;

describe('overlap policies in mergeMapInLanes', () => {
  it('interrupt cuts off the running projection, newest wins', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const inner = cold('----------r|');
      const items = { a: { key: 'x', n: 1 }, b: { key: 'x', n: 2 }, c: { key: 'x', n: 3 } };
      const result = cold('a-b-c|', items).pipe(
        mergeMapInLanes(byKey, (item) => inner.pipe(map(() => label(item))), {
          concurrency: 1,
          overlapOf: () => 'interrupt',
          interrupted: (item, by) => `${label(item)} interrupted by ${label(by)}`,
          scheduler: testScheduler(),
        }),
      );
      expectObservable(result).toBe('--a-b---------c|', { a: 'x1 interrupted by x2', b: 'x2 interrupted by x3', c: 'x3' });
      expectSubscriptions(inner.subscriptions).toBe(['^-!', '--^-!', '----^----------!']);
    });
  });

  it('interrupt also discards items still waiting for a slot', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const items = { y: { key: 'y', n: 1 }, a: { key: 'x', n: 1 }, b: { key: 'x', n: 2 } };
      const result = cold('yab|', items).pipe(
        mergeMapInLanes(byKey, (item) => of(label(item)).pipe(delay(10)), {
          concurrency: 1,
          overlapOf: () => 'interrupt',
          interrupted: (item, by) => `${label(item)} interrupted by ${label(by)}`,
          scheduler: testScheduler(),
        }),
      );
      expectObservable(result).toBe('--a-------y---------(b|)', { a: 'x1 interrupted by x2', y: 'y1', b: 'x2' });
    });
  });

  it('debounce keeps a lane idle until the quiet gap ends, and a stop rejects what waits', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, hot, expectObservable }) => {
      const stop$ = hot('------s');
      const result = cold('ab----', { a: { key: 'x', n: 1 }, b: { key: 'x', n: 2 } }).pipe(
        mergeMapInLanes(byKey, (item) => of(label(item)), {
          concurrency: 1,
          overlapOf: () => ({ debounceMs: 10 }),
          absorbed: (item, into) => `${label(item)} into ${label(into)}`,
          cancelled: (item) => `${label(item)} stopped`,
          stop$,
          scheduler,
        }),
      );
      expectObservable(result).toBe('-a----(b|)', { a: 'x1 into x2', b: 'x2 stopped' });
    });
  });

  it('debounce without a cancel runs what waits at once on stop', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, hot, expectObservable }) => {
      const result = cold('a-----', { a: { key: 'x', n: 1 } }).pipe(
        mergeMapInLanes(byKey, (item) => of(label(item)), { concurrency: 1, overlapOf: () => ({ debounceMs: 100 }), stop$: hot('---s'), scheduler }),
      );
      expectObservable(result).toBe('---(a|)', { a: 'x1' });
    });
  });

  it('a policy only matters when the lane is busy: other lanes run as usual', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const items = { a: { key: 'x', n: 1 }, b: { key: 'y', n: 1 }, c: { key: 'x', n: 2 } };
      const result = cold('abc|', items).pipe(
        mergeMapInLanes(byKey, (item) => of(label(item)).pipe(delay(10)), { concurrency: 2, overlapOf: () => 'drop', dropped: (item) => `${label(item)} dropped`, scheduler: testScheduler() }),
      );
      expectObservable(result).toBe('--c-------a(b|)', { a: 'x1', b: 'y1', c: 'x2 dropped' });
    });
  });
});

describe('overlap in the runtime', () => {
  it('rejects a wrong policy at construction, naming the fix', () => {
    const agent = () => null;
    expect(() => new AgentRuntime({ inputs: [NEVER], agent, overlap: 'latest' as never })).toThrow(ConfigError);
    expect(() => new AgentRuntime({ inputs: [NEVER], agent, overlap: 'latest' as never })).toThrow("overlap: must be 'queue', 'drop', 'coalesce', 'interrupt' or { debounceMs }");
    expect(() => new AgentRuntime({ inputs: [NEVER], agent, overlap: { debounceMs: -1 } })).toThrow('overlap.debounceMs: must be a positive, finite number');
    expect(() => new AgentRuntime({ inputs: [{ name: 'dm', messages$: NEVER, overlap: 'newest' as never }], agent })).toThrow('inputs[0].overlap:');
    expect(() => new AgentRuntime({ inputs: [{ name: 'dm', messages$: NEVER, priority: Number.NaN }], agent })).toThrow('inputs[0].priority: must be a finite number');
    expect(() => new AgentRuntime({ inputs: [NEVER], agent, priority: 2 as never })).toThrow('priority: must be a function of the message');
  });

  it('an interrupted run releases its pricing reservation and its late answer goes nowhere', async () => {
    const pricing = new Pricing({ perMessage: 1, budget: { total: 10, period: 'day' } });
    const summary = await marbleTest(({ m, start, expectObservable }) => {
      const output = recordingOutput();
      const agent = scriptedAgent({}, { otherwise: (message) => ({ reply: message.text, delayMs: 10 }) });
      const runtime = new AgentRuntime({ inputs: [m('a-b|')], outputs: [output], agent, overlap: 'interrupt', pricing });
      expectObservable(output.replies$).toBe('12ms b', { b: 'b' });
      expectObservable(runtime.events$.pipe(describeEvents('charged'))).toBe('12ms x', { x: 'charged c-2 1' });
      return start(runtime);
    });
    expect(summary).toMatchObject({ received: 2, replied: 1, rejectedBy: { interrupted: 1 }, cost: 1 });
  });

  it('gives back a reservation granted only after its run was interrupted', async () => {
    const settled: string[] = [];
    const pricing: PricingPolicy = {
      admit: (message) => new Promise((resolve) => setImmediate(() => resolve({ granted: true, ticket: message.id }))),
      settle: ({ ticket, failed }) => (settled.push(`${String(ticket)} ${failed ? 'released' : 'charged'}`), { amount: 0, totals: {} }),
    };
    const subject = new Subject<AgentMessage>();
    const outcomes = firstValueFrom(subject.pipe(runAgent({ agent: () => ({ text: 'ok' }), overlap: 'interrupt', pricing }), toArray()));
    subject.next({ id: 'm1', conversationId: 'c', text: 'a' });
    subject.next({ id: 'm2', conversationId: 'c', text: 'b' }); // m1 is still waiting for its admission
    subject.complete();
    expect((await outcomes).map((outcome) => outcome.type)).toEqual(['rejected', 'result']);
    expect(settled.sort()).toEqual(['m1 released', 'm2 charged']);
  });

  it('aborts the stale agent with an InterruptedError naming the newer message', async () => {
    const reasons: unknown[] = [];
    await marbleTest(({ m, start }) =>
      start(
        new AgentRuntime({
          inputs: [m('a-b|')],
          agent: (message, context) => {
            context.signal.addEventListener('abort', () => reasons.push(context.signal.reason));
            return scriptedAgent({}, { otherwise: { reply: 'x', delayMs: 10 } })(message, context);
          },
          overlap: 'interrupt',
        }),
      ),
    );
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toBeInstanceOf(InterruptedError);
    expect(reasons[0]).toMatchObject({ by: 'c-2' });
  });

  it('chooses a policy per message with a function', async () => {
    const summary = await marbleTest(({ m, start }) => {
      const agent = scriptedAgent({}, { otherwise: { reply: 'ok', delayMs: 10 } });
      return start(new AgentRuntime({ inputs: [m('abc|', { c: 'urgent' })], agent, overlap: (message) => (message.text === 'urgent' ? 'interrupt' : 'drop') }));
    });
    expect(summary).toMatchObject({ replied: 1, rejectedBy: { dropped: 1, interrupted: 1 } });
  });

  it('keeps a flooded conversation bounded: everything past the queue is overloaded at once, and held items stay flat', () => {
    let held = 0;
    let peak = 0;
    const onEvent = (event: AgentEvent) => {
      if (event.type === 'received') peak = Math.max(peak, ++held);
      else if (event.type === 'rejected' || event.type === 'replied' || event.type === 'noReply' || event.type === 'failed') held--;
    };
    const counts = { overloaded: 0, replied: 0 };
    const scheduler = testScheduler();
    scheduler.run(() => {
      range(0, 100_000)
        .pipe(
          map((n): AgentMessage => ({ id: `m${n}`, conversationId: 'flood', text: 'hi' })),
          runAgent({ agent: scriptedAgent({}, { otherwise: { reply: 'ok', delayMs: 10 } }), maxQueuedPerConversation: 10, onEvent }),
        )
        .subscribe((outcome) => (outcome.type === 'rejected' && outcome.reason === 'overloaded' ? counts.overloaded++ : counts.replied++));
    });
    expect(counts).toEqual({ overloaded: 100_000 - 11, replied: 11 });
    expect(peak).toBe(12);
  });

  it('a coalesced reply is delivered once, for the newest message; the merged ones settle with it', async () => {
    const settled: string[] = [];
    await marbleTest(({ m, start }) => {
      const agent = scriptedAgent({}, { otherwise: { reply: 'ok', delayMs: 10 } });
      const input = { name: 'chat', messages$: m('abc|'), settled: (item: unknown, s: { outcome: string; reason?: string }) => settled.push(`${(item as AgentMessage).id} ${s.reason ?? s.outcome}`) };
      return start(new AgentRuntime({ inputs: [input], outputs: [recordingOutput()], agent, overlap: 'coalesce' }));
    });
    // c-2 was merged into c-3's run: it is settled when that run's reply is delivered, not before.
    expect(settled).toEqual(['c-1 replied', 'c-3 replied', 'c-2 replied']);
  });

  it('idle conversations leave nothing behind: a thousand one-message conversations under debounce all finish', () => {
    const subject = new Subject<AgentMessage>();
    let replies = 0;
    const scheduler = testScheduler();
    scheduler.run(() => {
      subject.pipe(runAgent({ agent: (message) => ({ text: message.text }), overlap: { debounceMs: 5 } })).subscribe(() => replies++);
      for (let n = 0; n < 1_000; n++) scheduler.schedule(() => subject.next({ id: `m${n}`, conversationId: `c${n}`, text: 'hi' }), n);
      scheduler.schedule(() => subject.complete(), 1_000);
    });
    expect(replies).toBe(1_000);
    expect(scheduler.actions).toHaveLength(0);
  });
});
