import { NEVER, Observable, Subject, defer, firstValueFrom, from, map, of, throwError, timer, toArray } from 'rxjs';
import { AgentRuntime, ConfigError, RateLimitedError, ShortTermMemory, type Agent, type AgentEvent, type AgentOutput, type PricingPolicy, type RepliedResult, type Turn } from 'rxagent';
import { msg, testScheduler } from '../helpers/marbles';

const echo: Agent = (m) => ({ text: `re: ${m.text}` });

function recordingOutput(name = 'out', fail?: (result: RepliedResult, attempt: number) => unknown): AgentOutput & { sent: string[]; attempts: Map<string, number> } {
  const sent: string[] = [];
  const attempts = new Map<string, number>();
  return {
    name,
    sent,
    attempts,
    send: (result) => {
      const attempt = (attempts.get(result.message.id) ?? 0) + 1;
      attempts.set(result.message.id, attempt);
      const error = fail?.(result, attempt);
      // Observables, not Promises: they answer within virtual time under TestScheduler.
      if (error !== undefined) return throwError(() => error);
      sent.push(result.reply.text);
      return of(undefined);
    },
  };
}

describe('AgentRuntime', () => {
  it('subscribes to nothing when constructed', () => {
    let subscribed = 0;
    const input = defer(() => (subscribed++, NEVER));
    new AgentRuntime({ inputs: [input, { name: 'named', messages$: input }], outputs: [recordingOutput()], agent: echo });
    expect(subscribed).toBe(0);
  });

  it('runs until every input completed and all deliveries drained, and the summary adds up', async () => {
    const output = recordingOutput();
    const agent: Agent = (m) => (m.text === 'quiet' ? null : m.text === 'boom' ? Promise.reject(new Error('boom')) : echo(m, undefined as never));
    const runtime = new AgentRuntime({ inputs: [from([msg('1', 'a', 'hi'), { id: 'bad' }, msg('2', 'b', 'quiet')]), from([msg('3', 'c', 'boom'), msg('4', 'a', 'yo')])], outputs: [output], agent });
    const summary = await runtime.run();
    expect(summary).toMatchObject({ received: 5, rejected: 1, replied: 2, noReply: 1, failed: 1, delivered: 2, deliveryFailed: 0, inputsFailed: 0 });
    expect(summary.received).toBe(summary.rejected + summary.replied + summary.noReply + summary.failed);
    expect(output.sent.sort()).toEqual(['re: hi', 're: yo']);
  });

  it("tags each message with its input's name so a reply can go back where it came from", async () => {
    const sources: (string | undefined)[] = [];
    const output: AgentOutput = { name: 'chat', send: async (r) => void sources.push(r.message.source), accepts: (r) => r.message.source === 'chat' };
    const runtime = new AgentRuntime({ inputs: [{ name: 'chat', messages$: of(msg('1')) }, of(msg('2', 'c2'))], outputs: [output], agent: echo });
    const summary = await runtime.run();
    expect(sources).toEqual(['chat']);
    expect(summary.delivered).toBe(1);
  });

  it('keeps running when an input errors, and reports inputFailed', async () => {
    const events: AgentEvent[] = [];
    const runtime = new AgentRuntime({ inputs: [{ name: 'flaky', messages$: throwError(() => new Error('disconnected')) }, of(msg('1'))], outputs: [recordingOutput()], agent: echo });
    runtime.events$.subscribe((e) => events.push(e));
    const summary = await runtime.run();
    expect(summary).toMatchObject({ inputsFailed: 1, replied: 1, delivered: 1 });
    expect(events.find((e) => e.type === 'inputFailed')).toMatchObject({ input: 'flaky', error: new Error('disconnected') });
  });

  it('retries a failing output with back-off, then reports deliveryFailed, without blocking other outputs', () => {
    testScheduler().run(({ cold, flush }) => {
      const broken = recordingOutput('broken', () => new Error('503'));
      const good = recordingOutput('good');
      const runtime = new AgentRuntime({ inputs: [cold('a-b|', { a: msg('1'), b: msg('2', 'c2') })], outputs: [broken, good], agent: echo, delivery: { retry: { count: 2, delayMs: 100 } } });
      const events = runtime.events$.pipe(map((e) => (e.type.startsWith('deliv') ? `${e.type}:${(e as { output: string }).output}` : e.type)));
      const seen: string[] = [];
      events.subscribe((e) => seen.push(e));
      void runtime.run();
      flush();
      expect(good.sent).toEqual(['re: 1', 're: 2']);
      expect(broken.attempts.get('1')).toBe(3);
      expect(seen.filter((e) => e === 'deliveryRetrying:broken')).toHaveLength(4);
      expect(seen.filter((e) => e === 'deliveryFailed:broken')).toHaveLength(2);
      expect(seen.filter((e) => e === 'delivered:good')).toHaveLength(2);
    });
  });

  it('ignores a send that answers after its timeout: later deliveries count only their own answers', async () => {
    let answerLate!: () => void;
    const late = new Promise<void>((resolve) => (answerLate = resolve));
    const sent: string[] = [];
    const output: AgentOutput = {
      name: 'slow-once',
      send: (result, context) => {
        const attempt = context?.attempt;
        sent.push(`${result.message.id}#${attempt}`);
        // The first attempt of message 1 hangs past the timeout and answers during the retry.
        if (result.message.id === '1' && attempt === 1) return late;
        return new Promise((resolve) => setTimeout(resolve, result.message.id === '1' ? 20 : 0));
      },
    };
    const input = new Subject<unknown>();
    const runtime = new AgentRuntime({ inputs: [input], outputs: [output], agent: echo, concurrency: 1, delivery: { timeoutMs: 40, retry: { count: 1, delayMs: 1 }, concurrency: 1 } });
    const events: string[] = [];
    runtime.events$.subscribe((e) => {
      if (e.type === 'delivered' || e.type === 'deliveryFailed' || e.type === 'deliveryRetrying') events.push(`${e.type}:${e.result.message.id}`);
    });
    const done = runtime.run();
    input.next(msg('1'));
    setTimeout(answerLate, 50);
    await new Promise((resolve) => setTimeout(resolve, 120));
    input.next(msg('2'));
    input.next(msg('3', 'c2'));
    input.complete();
    expect(await done).toMatchObject({ delivered: 3, deliveryFailed: 0 });
    expect(sent).toEqual(['1#1', '1#2', '2#1', '3#1']);
    expect(events).toEqual(['deliveryRetrying:1', 'delivered:1', 'delivered:2', 'delivered:3']);
  });

  it('does not retry a delivery whose error says it is permanent (retryable: false)', async () => {
    let done: Promise<unknown> | undefined;
    testScheduler().run(({ cold, flush }) => {
      const refusal = Object.assign(new Error('403 duplicate content'), { retryable: false });
      const refusing = recordingOutput('refusing', () => refusal);
      const runtime = new AgentRuntime({ inputs: [cold('a|', { a: msg('1') })], outputs: [refusing], agent: echo, delivery: { retry: { count: 3, delayMs: 100 } } });
      const failed: unknown[] = [];
      runtime.events$.subscribe((e) => e.type === 'deliveryFailed' && failed.push(e.error));
      done = runtime.run();
      flush();
      expect(refusing.attempts.get('1')).toBe(1);
      expect(failed).toEqual([refusal]);
    });
    expect(await done).toMatchObject({ delivered: 0, deliveryFailed: 1 });
  });

  it('waits out a rate limit exactly as long as the output asked (HTTP 429), in virtual time', () => {
    testScheduler().run(({ cold, flush }) => {
      const times: number[] = [];
      let now = () => 0;
      const output = recordingOutput('x', (_r, attempt) => (times.push(now()), attempt === 1 ? new RateLimitedError(15 * 60_000) : undefined));
      const runtime = new AgentRuntime({ inputs: [cold('a|', { a: msg('1') })], outputs: [output], agent: echo });
      const scheduler = (runtime as unknown as { config: { scheduler: { now(): number } } }).config.scheduler;
      now = () => scheduler.now();
      void runtime.run();
      flush();
      expect(times).toEqual([0, 15 * 60_000]);
      expect(output.sent).toEqual(['re: 1']);
    });
  });

  it('emits events$ and results$ as marbles in virtual time', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const agent: Agent = (m, { scheduler }) => timer(5, scheduler).pipe(map(() => ({ text: m.text })));
      const runtime = new AgentRuntime({ inputs: [cold('a 9ms b|', { a: msg('1'), b: { id: 'x' } })], outputs: [recordingOutput()], agent });
      const types = { v: 'received', s: 'started', r: 'replied', d: 'delivered', x: 'rejected' };
      expectObservable(runtime.events$.pipe(map((e) => e.type))).toBe('(vs) 1ms (rd) 1ms (vx)', types);
      expectObservable(runtime.results$.pipe(map((r) => r.reply.text))).toBe('-----a', { a: '1' });
      void runtime.run();
    });
  });

  it('stop() disconnects the inputs, drains started work and deliveries, and starts nothing new', async () => {
    const input = new Subject<unknown>();
    const started: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const agent: Agent = async (m) => {
      started.push(m.id);
      await gate;
      return { text: m.id };
    };
    const output = recordingOutput();
    const runtime = new AgentRuntime({ inputs: [input], outputs: [output], agent, concurrency: 1 });
    const running = runtime.run();
    input.next(msg('1'));
    input.next(msg('2'));
    const stopped = runtime.stop();
    expect(input.observed).toBe(false);
    input.next(msg('3'));
    release();
    await stopped;
    const summary = await running;
    expect(started).toEqual(['1']);
    expect(output.sent).toEqual(['1']);
    expect(summary).toMatchObject({ received: 2, replied: 1, rejected: 1, rejectedBy: { stopped: 1 }, delivered: 1 });
    expect(runtime.running).toBe(false);
  });

  it('can run again after a run ended, connecting the inputs anew', async () => {
    let connections = 0;
    const runtime = new AgentRuntime({ inputs: [defer(() => (connections++, of(msg(String(connections)))))], agent: echo });
    await runtime.run();
    const second = await runtime.run();
    expect(connections).toBe(2);
    expect(second.replied).toBe(1);
  });

  it('refuses a second run() while running', async () => {
    const runtime = new AgentRuntime({ inputs: [NEVER], agent: echo });
    const first = runtime.run();
    await expect(runtime.run()).rejects.toThrow('already running');
    await runtime.stop();
    await first;
  });

  it('carries memory across messages of a conversation through the whole runtime', async () => {
    const agent: Agent = (m, { memory }) => ({ text: `${m.text} after [${memory.map((t) => t.message.text).join(',')}]` });
    const runtime = new AgentRuntime({ inputs: [from([msg('1', 'a', 'x'), msg('2', 'b', 'y'), msg('3', 'a', 'z')])], agent, shortTermMemory: new ShortTermMemory({ maxTurns: 5 }) });
    const texts = firstValueFrom(runtime.results$.pipe(map((r) => r.reply.text), toArray()), { defaultValue: [] });
    const results: string[] = [];
    runtime.results$.subscribe((r) => results.push(r.reply.text));
    await runtime.run();
    void texts;
    expect(results).toEqual(['x after []', 'y after []', 'z after [x]']);
  });

  it('hands the agent turns that are plain { message, reply } objects, as JSON or a store would see them', async () => {
    const seen: (readonly Turn[])[] = [];
    const agent: Agent = (m, { memory }) => (seen.push(memory), { text: `re ${m.text}` });
    await new AgentRuntime({ inputs: [{ name: 'in', messages$: from([msg('1', 'a', 'x'), msg('2', 'a', 'y')]) }], agent, shortTermMemory: new ShortTermMemory({ maxTurns: 5 }) }).run();
    const [turn] = seen[1]!;
    expect(turn).toStrictEqual({ message: { ...msg('1', 'a', 'x'), source: 'in' }, reply: { text: 're x' } });
    expect(Object.getPrototypeOf(turn)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(turn!.message)).toBe(Object.prototype);
  });

  it('composes two runtimes as one pipeline: the results of one are the input of the next', async () => {
    const first = new AgentRuntime({ inputs: [from([msg('1', 'c', 'hello'), msg('2', 'c', 'world')])], agent: (m) => ({ text: m.text.toUpperCase() }) });
    const second = new AgentRuntime({
      inputs: [{ name: 'first', messages$: first.results$.pipe(map((r) => ({ ...r.message, id: `2nd-${r.message.id}`, text: r.reply.text }))) }],
      agent: (m) => ({ text: `${m.text}!` }),
    });
    const finals: string[] = [];
    second.results$.subscribe((r) => finals.push(`${r.message.source}:${r.reply.text}`));
    const secondRun = second.run();
    await first.run();
    await second.stop();
    await secondRun;
    expect(finals).toEqual(['first:HELLO!', 'first:WORLD!']);
  });

  describe('configuration mistakes throw at construction, naming the option and the fix', () => {
    const base = { inputs: [NEVER], agent: echo };
    it.each([
      [{ concurrency: 0 }, 'concurrency: must be a whole number of agent calls at once, 1 or more (got 0); e.g. { concurrency: 4 }'],
      [{ concurrency: -1 }, 'concurrency: must be a whole number of agent calls at once, 1 or more (got -1)'],
      [{ concurrency: 1.5 }, 'concurrency: must be a whole number of agent calls at once, 1 or more (got 1.5)'],
      [{ inputs: [] }, 'inputs: pass at least one input'],
      [{ inputs: [{ name: 'x' }] }, 'inputs[0]: must be an Observable, an iterable or async iterable of messages, or an object { name: string; messages$: Observable }'],
      [{ inputs: [{ name: 'x', messages$: NEVER }, { name: 'x', messages$: NEVER }] }, 'inputs: two inputs are named "x"'],
      [{ outputs: [{ name: 'o' }] }, 'outputs[0]: must be an object { name: string; send(result)'],
      [{ agent: undefined }, 'agent: must be a function'],
      [{ delivery: { concurrency: 0 } }, 'delivery.concurrency: must be a whole number'],
      [{ shortTermMemory: {} }, 'shortTermMemory: must have recall and record methods'],
    ])('%j', (override, message) => {
      expect(() => new AgentRuntime({ ...base, ...override } as never)).toThrow(ConfigError);
      expect(() => new AgentRuntime({ ...base, ...override } as never)).toThrow(message);
    });
  });

  it('runs admission before the agent, and delivers the answer a refusal carries', async () => {
    const output = recordingOutput();
    const ran: string[] = [];
    const pricing: PricingPolicy = {
      admit: (m) => (m.id === 'over' ? { granted: false, detail: 'budget "total" (3) is spent', reply: { text: 'Sorry, the budget is spent.' } } : { granted: true, ticket: m.id }),
      settle: ({ reply }) => ({ amount: reply === null ? 0 : 1, totals: { total: 1 } }),
    };
    const agent: Agent = (m) => (ran.push(m.id), { text: m.id });
    const summary = await new AgentRuntime({ inputs: [from([msg('ok', 'a'), msg('over', 'b')])], outputs: [output], agent, pricing }).run();
    expect(ran).toEqual(['ok']);
    expect(output.sent.sort()).toEqual(['Sorry, the budget is spent.', 'ok']);
    expect(summary).toMatchObject({ received: 2, replied: 1, rejected: 1, rejectedBy: { budget: 1 }, delivered: 2, cost: 1 });
  });

  it('accepts an Observable output and an Observable agent', async () => {
    const sent: string[] = [];
    const output: AgentOutput = { name: 'obs', send: (r) => new Observable((s) => (sent.push(r.reply.text), s.complete())) };
    const summary = await new AgentRuntime({ inputs: [of(msg('1'))], outputs: [output], agent: (m) => of({ text: m.text }) }).run();
    expect(sent).toEqual(['1']);
    expect(summary.delivered).toBe(1);
  });
});
