import { EMPTY, NEVER, Observable, Subject, VirtualTimeScheduler, from, map, of, range, throwError, timer, toArray, firstValueFrom } from 'rxjs';
import { AgentTimeoutError, InvalidReplyError, ShortTermMemory, StoppedError, runAgent, type Agent, type AgentOutcome, type PricingPolicy } from 'rxagent';
import { msg, testScheduler } from '../helpers/marbles';

const echo: Agent = (m) => ({ text: m.text });
const kinds = (outcomes: AgentOutcome[]) => outcomes.map((o) => (o.type === 'result' ? `${o.message.id}:${o.reply?.text ?? 'null'}` : `${o.type}:${o.type === 'rejected' ? o.reason : o.message.id}`));
const collect = (items: unknown[], options: Parameters<typeof runAgent>[0]) => firstValueFrom(from(items).pipe(runAgent(options), toArray()));

describe('runAgent', () => {
  describe('the operator checklist', () => {
    it('completes on an empty source and stays silent on a silent one', () => {
      testScheduler().run(({ expectObservable }) => {
        expectObservable(EMPTY.pipe(runAgent({ agent: echo }))).toBe('|');
        expectObservable(NEVER.pipe(runAgent({ agent: echo }))).toBe('-');
      });
    });

    it('emits one result for one message and many for many', async () => {
      expect(kinds(await collect([msg('1')], { agent: echo }))).toEqual(['1:1']);
      expect(kinds(await collect([msg('1'), msg('2', 'c2'), msg('3')], { agent: echo }))).toEqual(['1:1', '2:2', '3:3']);
    });

    it('passes on an error of the source itself', () => {
      testScheduler().run(({ expectObservable }) => {
        expectObservable(throwError(() => 'down').pipe(runAgent({ agent: echo }))).toBe('#', undefined, 'down');
      });
    });

    it('aborts the running agent when unsubscribed early', () => {
      let signal: AbortSignal | undefined;
      const subscription = of(msg('1'))
        .pipe(runAgent({ agent: (_m, context) => ((signal = context.signal), NEVER) }))
        .subscribe();
      expect(signal?.aborted).toBe(false);
      subscription.unsubscribe();
      expect(signal?.aborted).toBe(true);
      expect(signal?.reason).toBeInstanceOf(StoppedError);
    });

    it('turns a throwing agent into a failed outcome and keeps going', async () => {
      const outcomes = await collect([msg('1'), msg('2')], { agent: (m) => { if (m.id === '1') throw new Error('sync boom'); return echo(m, undefined as never); } });
      expect(kinds(outcomes)).toEqual(['failed:1', '2:2']);
      expect((outcomes[0] as { error: Error }).error.message).toBe('sync boom');
    });
  });

  describe('one failing message never stops the stream', () => {
    it('rejects invalid items with the path of what was wrong, and runs the valid ones', async () => {
      const outcomes = await collect([{ id: '1', text: 'no conversation' }, 'junk', msg('2')], { agent: echo });
      expect(outcomes[0]).toMatchObject({ type: 'rejected', reason: 'invalid', detail: 'conversationId: expected NonEmptyString, got undefined' });
      expect(outcomes[1]).toMatchObject({ type: 'rejected', reason: 'invalid', detail: 'message: expected AgentMessage, got "junk"', value: 'junk' });
      expect(kinds(outcomes.slice(2))).toEqual(['2:2']);
    });

    it('fails a rejected promise, an erroring Observable and an invalid reply, each on its own', async () => {
      const agent: Agent = (m) => {
        if (m.id === 'p') return Promise.reject(new Error('promise boom'));
        if (m.id === 'o') return throwError(() => new Error('observable boom'));
        if (m.id === 'r') return 'just a string' as never;
        return { text: 'fine' };
      };
      const outcomes = await collect([msg('p', 'a'), msg('o', 'b'), msg('r', 'c'), msg('ok', 'd')], { agent });
      const byId = Object.fromEntries(outcomes.map((o) => [(o as { message: { id: string } }).message.id, o]));
      expect(byId.p).toMatchObject({ type: 'failed', error: new Error('promise boom') });
      expect(byId.o).toMatchObject({ type: 'failed', error: new Error('observable boom') });
      expect((byId.r as { error: unknown }).error).toBeInstanceOf(InvalidReplyError);
      expect(byId.ok).toMatchObject({ type: 'result', reply: { text: 'fine' } });
    });

    it('lets 20,000 invalid items in a row pass, then runs the valid ones', async () => {
      const invalid = Array.from({ length: 20_000 }, (_, i) => ({ id: String(i) }));
      const outcomes = await collect([...invalid, msg('a'), msg('b')], { agent: echo });
      expect(outcomes).toHaveLength(20_002);
      expect(kinds(outcomes.slice(-2))).toEqual(['a:a', 'b:b']);
    });

    it('runs 100,000 messages through a synchronous agent without a stack overflow', async () => {
      let count = 0;
      await new Promise<void>((resolve) =>
        range(0, 100_000)
          .pipe(map((i) => msg(String(i), `c${i % 10}`)), runAgent({ agent: echo, concurrency: 4 }))
          .subscribe({ next: (o) => (o.type === 'result' ? count++ : undefined), complete: resolve }),
      );
      expect(count).toBe(100_000);
    });
  });

  describe('in virtual time', () => {
    it('times out a slow attempt, aborts its signal and reports an AgentTimeoutError', () => {
      let signal: AbortSignal | undefined;
      testScheduler().run(({ cold, expectObservable }) => {
        const agent: Agent = (m, context) => ((signal = context.signal), timer(m.id === 'slow' ? 100 : 10, context.scheduler).pipe(map(() => ({ text: m.id }))));
        const result = cold('a-b', { a: msg('slow', 'x'), b: msg('fast', 'y') }).pipe(runAgent({ agent, timeoutMs: 50 }), map((o) => (o.type === 'failed' ? (o.error as Error).message : o.type)));
        expectObservable(result).toBe('12ms a 37ms b', { a: 'result', b: 'agent timed out after 50 ms' });
      });
      expect(signal?.aborted).toBe(false); // the last attempt (fast) was not aborted
    });

    it('retries with exponential back-off on the scheduler, then succeeds', () => {
      const started: number[] = [];
      testScheduler().run(({ cold, expectObservable }) => {
        let calls = 0;
        const agent: Agent = (_m, { scheduler }) => {
          started.push(scheduler.now());
          return ++calls < 3 ? throwError(() => new Error('flaky')) : of({ text: `after ${calls}` });
        };
        const result = cold('a', { a: msg('1') }).pipe(runAgent({ agent, retry: { count: 3, delayMs: 100 } }), map((o) => (o.type === 'result' ? `${o.reply?.text} in ${o.attempts}` : o.type)));
        expectObservable(result).toBe('300ms a', { a: 'after 3 in 3' });
      });
      expect(started).toEqual([0, 100, 300]);
    });

    it('fails after the last retry with the last error', () => {
      testScheduler().run(({ cold, expectObservable }) => {
        const agent: Agent = () => throwError(() => new Error('always'));
        const result = cold('a', { a: msg('1') }).pipe(runAgent({ agent, retry: { count: 2, delayMs: 10, backoff: 'fixed' } }), map((o) => (o.type === 'failed' ? `${(o.error as Error).message} x${o.attempts}` : o.type)));
        expectObservable(result).toBe('20ms a', { a: 'always x3' });
      });
    });

    it('processes a conversation in order and conversations in parallel', () => {
      testScheduler().run(({ cold, expectObservable }) => {
        const agent: Agent = (m, { scheduler }) => timer(Number(m.text), scheduler).pipe(map(() => ({ text: m.id })));
        const items = { a: msg('a1', 'a', '30'), b: msg('a2', 'a', '5'), c: msg('b1', 'b', '10') };
        const result = cold('(abc)', items).pipe(runAgent({ agent, concurrency: 4 }), map((o) => (o.type === 'result' ? o.reply?.text : o.type)));
        expectObservable(result).toBe('10ms c 19ms a 4ms b', { a: 'a1', b: 'a2', c: 'b1' });
      });
    });
  });

  it('keeps per-conversation order with random delays and never exceeds the concurrency cap', async () => {
    let running = 0;
    let peak = 0;
    const agent: Agent = async (m) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setImmediate(resolve));
      if (Number(m.id) % 3 === 0) await new Promise((resolve) => setImmediate(resolve));
      running--;
      return { text: m.id };
    };
    const items = Array.from({ length: 600 }, (_, i) => msg(String(i), `c${(i * 7) % 13}`));
    const outcomes = await collect(items, { agent, concurrency: 5 });
    expect(peak).toBe(5);
    const order = new Map<string, number[]>();
    for (const o of outcomes) if (o.type === 'result') order.set(o.message.conversationId, [...(order.get(o.message.conversationId) ?? []), Number(o.message.id)]);
    expect([...order.values()].flat()).toHaveLength(600);
    for (const ids of order.values()) expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it('shows each conversation its own earlier turns, oldest first, within the window', async () => {
    const seen: string[] = [];
    const agent: Agent = (m, { memory }) => {
      seen.push(`${m.id}<-[${memory.map((t) => t.message.id).join(',')}]`);
      return m.id === 'a2' ? null : { text: m.id };
    };
    await collect([msg('a1', 'a'), msg('b1', 'b'), msg('a2', 'a'), msg('a3', 'a'), msg('a4', 'a')], { agent, shortTermMemory: new ShortTermMemory({ maxTurns: 2 }) });
    expect(seen).toEqual(['a1<-[]', 'b1<-[]', 'a2<-[a1]', 'a3<-[a1,a2]', 'a4<-[a2,a3]']);
  });

  it('reports a null reply as a result with no reply', async () => {
    const outcomes = await collect([msg('1')], { agent: () => null });
    expect(outcomes[0]).toMatchObject({ type: 'result', reply: null, attempts: 1 });
  });

  it('takes the last value of an Observable agent, and no reply when it completes empty', async () => {
    const agent: Agent = (m) => (m.id === 'e' ? EMPTY : from([{ text: 'partial' }, { text: 'final' }]));
    expect(kinds(await collect([msg('o', 'a'), msg('e', 'b')], { agent }))).toEqual(['o:final', 'e:null']);
  });

  it('rejects messages beyond the per-conversation queue bound as overloaded', async () => {
    const outcomes = await collect([msg('1'), msg('2'), msg('3'), msg('4', 'other')], { agent: async (m) => ({ text: m.id }), concurrency: 1, maxQueuedPerConversation: 1 });
    expect(outcomes[0]).toMatchObject({ type: 'rejected', reason: 'overloaded', message: { id: '3' } });
    // Lanes take turns: the other conversation runs before the second message of the first.
    expect(kinds(outcomes.slice(1))).toEqual(['1:1', '4:4', '2:2']);
  });

  describe('stop$', () => {
    it('stops intake, rejects waiting messages as stopped and lets started runs finish', () => {
      testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
        const stop$ = hot('---s');
        const agent: Agent = (m, { scheduler }) => timer(10, scheduler).pipe(map(() => ({ text: m.id })));
        const source = cold('(ab)----c', { a: msg('1'), b: msg('2'), c: msg('3') });
        const result = source.pipe(runAgent({ agent, stop$ }), map((o) => (o.type === 'result' ? o.reply?.text : `${o.type}:${o.type === 'rejected' ? o.reason : ''}`)));
        expectObservable(result).toBe('---a------(b|)', { a: 'rejected:stopped', b: '1' });
        expectSubscriptions(source.subscriptions).toBe('^--!');
      });
    });

    it('leaves no drain-deadline timer behind when nothing is in flight at the stop', () => {
      const scheduler = new VirtualTimeScheduler();
      const stop$ = new Subject<void>();
      const outcomes: string[] = [];
      const source = new Subject<unknown>();
      source.pipe(runAgent({ agent: (m) => ({ text: m.id }), stop$, scheduler })).subscribe({ next: (o) => outcomes.push(o.type), complete: () => outcomes.push('complete') });
      source.next(msg('1'));
      stop$.next();
      expect(outcomes).toEqual(['result', 'complete']);
      expect(scheduler.actions).toEqual([]);
    });

    it('aborts runs still going at the drain deadline and reports them as failed', () => {
      testScheduler().run(({ cold, hot, expectObservable }) => {
        const stop$ = hot('-s');
        const agent: Agent = () => NEVER as Observable<never>;
        const result = cold('a', { a: msg('1') }).pipe(runAgent({ agent, stop$, drainTimeoutMs: 100 }), map((o) => (o.type === 'failed' ? (o.error as Error).name : o.type)));
        expectObservable(result).toBe('101ms (a|)', { a: 'StoppedError' });
      });
    });
  });

  it('reports lifecycle events through onEvent', async () => {
    const types: string[] = [];
    await collect([msg('1'), 'junk'], { agent: echo, onEvent: (e) => types.push(e.type) });
    expect(types).toEqual(['received', 'started', 'replied', 'received', 'rejected']);
  });

  it('lets a Subject of the host app feed it', () => {
    const input = new Subject<unknown>();
    const outcomes: AgentOutcome[] = [];
    input.pipe(runAgent({ agent: echo })).subscribe((o) => outcomes.push(o));
    input.next(msg('1'));
    input.next(msg('2'));
    expect(kinds(outcomes)).toEqual(['1:1', '2:2']);
  });

  it('composes: the results of one agent feed the next as an observable pipeline', async () => {
    const upper: Agent = (m) => ({ text: m.text.toUpperCase() });
    const exclaim: Agent = (m) => ({ text: `${m.text}!` });
    const outcomes = await firstValueFrom(
      from([msg('1', 'c', 'hi'), msg('2', 'c', 'yo')]).pipe(
        runAgent({ agent: upper }),
        map((o) => (o.type === 'result' ? { ...o.message, id: `${o.message.id}'`, text: o.reply?.text } : o)),
        runAgent({ agent: exclaim }),
        toArray(),
      ),
    );
    expect(kinds(outcomes)).toEqual(["1':HI!", "2':YO!"]);
  });

  it('rejects a bad configuration when called, naming the option', () => {
    expect(() => runAgent({ agent: echo, concurrency: 0 })).toThrow('concurrency: must be a whole number of agent calls at once, 1 or more (got 0)');
    expect(() => runAgent({ agent: echo, timeoutMs: -5 })).toThrow('timeoutMs: must be a positive');
    expect(() => runAgent({ agent: echo, retry: { count: -1 } })).toThrow('retry.count');
    expect(() => runAgent({ agent: 'nope' as never })).toThrow('agent: must be a function');
  });

  describe('with pricing', () => {
    const settlements: { failed: boolean; reply: unknown }[] = [];
    const pricing = (settle: () => unknown): PricingPolicy => ({
      admit: () => ({ granted: true }),
      settle: ({ failed, reply }) => (settlements.push({ failed, reply }), settle() as never),
    });
    beforeEach(() => (settlements.length = 0));

    it('settles once and still delivers the reply when the ledger fails, reporting chargeFailed', async () => {
      const types: string[] = [];
      const outcomes = await collect([msg('1')], { agent: echo, pricing: pricing(() => Promise.reject(new Error('ledger down'))), onEvent: (e) => types.push(e.type) });
      expect(kinds(outcomes)).toEqual(['1:1']);
      expect(settlements).toEqual([{ failed: false, reply: { text: '1' } }]);
      expect(types).toContain('chargeFailed');
    });

    it('charges, not releases, a reply whose memory write failed', async () => {
      const memory = { recall: () => [], record: () => Promise.reject(new Error('memory down')) };
      const outcomes = await collect([msg('1')], { agent: echo, shortTermMemory: memory, pricing: pricing(() => ({ amount: 1, totals: {} })) });
      expect(outcomes[0]).toMatchObject({ type: 'failed', error: new Error('memory down') });
      expect(settlements).toEqual([{ failed: false, reply: { text: '1' } }]);
    });

    it('releases the reservation of a run that failed before replying', async () => {
      const outcomes = await collect([msg('1')], { agent: () => Promise.reject(new Error('model down')), pricing: pricing(() => ({ amount: 0, totals: {} })) });
      expect(outcomes[0]).toMatchObject({ type: 'failed' });
      expect(settlements).toEqual([{ failed: true, reply: null }]);
    });
  });

  it('fails a message whose AgentTimeoutError carries the limit', async () => {
    const outcomes = await collect([msg('1')], { agent: () => new Promise(() => undefined), timeoutMs: 5 });
    expect((outcomes[0] as { error: AgentTimeoutError }).error).toMatchObject({ name: 'AgentTimeoutError', timeoutMs: 5 });
  });

  describe('reused runs (a run object serves the next message once nothing of it is pending)', () => {
    const deferred = <T>() => {
      let resolve!: (value: T) => void;
      const promise = new Promise<T>((r) => (resolve = r));
      return { promise, resolve };
    };

    it('ignores the late answer of a timed-out attempt: the next messages get their own replies', async () => {
      const first = deferred<{ text: string }>();
      const input = new Subject<unknown>();
      const outcomes: AgentOutcome[] = [];
      const done = new Promise<void>((resolve) =>
        input.pipe(runAgent({ agent: (m) => (m.id === '1' ? first.promise : Promise.resolve({ text: m.text })), concurrency: 1, timeoutMs: 10 })).subscribe({ next: (o) => outcomes.push(o), complete: resolve }),
      );
      input.next(msg('1'));
      input.next(msg('2'));
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(kinds(outcomes)).toEqual(['failed:1', '2:2']);
      first.resolve({ text: 'late' });
      await new Promise((resolve) => setTimeout(resolve, 0));
      input.next(msg('3'));
      input.next(msg('4', 'c2'));
      input.complete();
      await done;
      expect(kinds(outcomes)).toEqual(['failed:1', '2:2', '3:3', '4:4']);
    });

    it('ignores a timed-out attempt that answers during the retry, and the answers of later messages count', async () => {
      const first = deferred<{ text: string }>();
      let calls = 0;
      const outcomes = await collect([msg('1'), msg('2'), msg('3')], {
        agent: (m) => {
          calls++;
          if (m.id === '1' && calls === 1) {
            // The late answer comes while the retry runs, and again later: neither counts.
            setTimeout(() => first.resolve({ text: 'late' }), 60);
            return first.promise;
          }
          return new Promise((resolve) => setTimeout(() => resolve({ text: m.text }), m.id === '1' ? 30 : 0));
        },
        concurrency: 1,
        timeoutMs: 50,
        retry: { count: 1, delayMs: 1 },
      });
      expect(kinds(outcomes)).toEqual(['1:1', '2:2', '3:3']);
      expect(outcomes.map((o) => (o.type === 'result' ? o.attempts : 0))).toEqual([2, 1, 1]);
    });

    it('takes the first answer of a thenable that answers twice, once per message', async () => {
      const twice = (m: { text: string }): PromiseLike<{ text: string }> => ({
        then: (ok) => {
          ok?.({ text: m.text });
          ok?.({ text: 'again' });
          return undefined as never;
        },
      });
      const outcomes = await collect([msg('1'), msg('2'), msg('3', 'c2')], { agent: (m) => twice(m), concurrency: 1 });
      expect(kinds(outcomes)).toEqual(['1:1', '2:2', '3:3']);
    });
  });
});
