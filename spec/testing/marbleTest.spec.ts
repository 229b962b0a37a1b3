import { AgentRuntime, ConfigError, ShortTermMemory } from 'rxagent';
import { describeEvents, marbleTest, recordingOutput, scriptedAgent } from 'rxagent/testing';

const agent = scriptedAgent({ hi: { reply: 'hello', delayMs: 10 }, think: { reply: 'done', delayMs: 100 }, shh: null });

describe('marbleTest', () => {
  it('runs a whole runtime in virtual time: events$ as marbles, then the summary', async () => {
    const summary = await marbleTest(({ m, start, expectObservable }) => {
      const output = recordingOutput();
      const runtime = new AgentRuntime({
        inputs: [m('a-b|', { a: 'think', b: 'hi' }, { conversationId: 'x' }), { name: 'other', messages$: m('-a-b|', { a: 'hi', b: 'shh' }, { conversationId: 'y' }) }],
        outputs: [output],
        agent,
      });
      // Each conversation runs one message at a time (x-2 waits for x-1, y-2 for y-1); x and y run side by side.
      expectObservable(runtime.events$.pipe(describeEvents('started', 'replied', 'noReply'))).toBe('ab 9ms (cde) 84ms (fg) 6ms h', {
        a: 'started x-1',
        b: 'started y-1',
        c: 'replied y-1: hello',
        d: 'started y-2',
        e: 'noReply y-2',
        f: 'replied x-1: done',
        g: 'started x-2',
        h: 'replied x-2: hello',
      });
      expectObservable(output.replies$).toBe('11ms a 88ms b 9ms c', { a: 'hello', b: 'done', c: 'hello' });
      return start(runtime);
    });
    expect(summary).toMatchObject({ received: 4, replied: 3, noReply: 1, failed: 0, rejected: 0, delivered: 3 });
  });

  it('sees every event from the first frame, synchronous ones included', async () => {
    const summary = await marbleTest(({ m, start, expectObservable }) => {
      const runtime = new AgentRuntime({ inputs: [m('(ab|)', { a: 'shh', b: { id: '' } as never })], agent });
      expectObservable(runtime.events$.pipe(describeEvents())).toBe('(abcde)', {
        a: 'received c-1',
        b: 'started c-1',
        c: 'noReply c-1',
        d: 'received ?',
        e: 'rejected ? (invalid)',
      });
      return start(runtime);
    });
    expect(summary).toMatchObject({ received: 2, noReply: 1, rejected: 1 });
  });

  it('stops at a virtual time: nothing new starts, waiting messages are rejected, started work finishes and is delivered', async () => {
    const output = recordingOutput();
    const summary = await marbleTest(({ m, start, expectObservable }) => {
      const runtime = new AgentRuntime({ inputs: [m('ab 100ms c|', { a: 'think', b: 'hi', c: 'hi' })], outputs: [output], agent });
      expectObservable(runtime.events$.pipe(describeEvents('started', 'rejected', 'replied', 'delivered'))).toBe('a 49ms b 49ms (cd)', {
        a: 'started c-1',
        b: 'rejected c-2 (stopped)',
        c: 'replied c-1: done',
        d: 'delivered c-1 to recorder',
      });
      return start(runtime, { stopAt: 50 });
    });
    expect(summary).toMatchObject({ received: 2, replied: 1, rejected: 1, rejectedBy: { stopped: 1 }, delivered: 1 });
  });

  it('fails started work that outlives the drain deadline, in virtual time', async () => {
    const summary = await marbleTest(({ m, start, expectObservable }) => {
      const runtime = new AgentRuntime({ inputs: [m('a', { a: 'think' })], agent, drainTimeoutMs: 30 });
      expectObservable(runtime.events$.pipe(describeEvents('failed'))).toBe('40ms a', { a: 'failed c-1: the agent run was cancelled: the runtime stopped and the drain deadline passed' });
      return start(runtime, { stopAt: 10 });
    });
    expect(summary).toMatchObject({ received: 1, failed: 1 });
  });

  it('fails deliveries that outlive the drain deadline, in virtual time', async () => {
    const summary = await marbleTest(({ m, start, expectObservable }) => {
      const runtime = new AgentRuntime({ inputs: [m('a', { a: 'hi' })], outputs: [recordingOutput({ latencyMs: 1000 })], agent, drainTimeoutMs: 30 });
      expectObservable(runtime.events$.pipe(describeEvents('replied', 'delivered', 'deliveryFailed'))).toBe('10ms a 29ms b', {
        a: 'replied c-1: hello',
        b: 'deliveryFailed c-1 to recorder: the delivery was cancelled: the runtime stopped and the drain deadline passed',
      });
      return start(runtime, { stopAt: 10 });
    });
    expect(summary).toMatchObject({ replied: 1, delivered: 0, deliveryFailed: 1 });
  });

  it('gives each conversation its own memory window', async () => {
    const echo = scriptedAgent({}, { otherwise: (message, { memory }) => `${message.text} after ${memory.map((turn) => turn.message.text).join(',') || 'nothing'}` });
    const output = recordingOutput();
    await marbleTest(({ m, start }) =>
      start(new AgentRuntime({ inputs: [m('abc|', {}, { conversationId: 'x' }), m('-de|', {}, { conversationId: 'y' })], outputs: [output], agent: echo, shortTermMemory: new ShortTermMemory({ maxTurns: 1 }) })),
    );
    expect(output.delivered.map((result) => result.reply.text)).toEqual(['a after nothing', 'b after a', 'd after nothing', 'c after b', 'e after d']);
  });

  it('says why when a runtime is still running once virtual time ran out, instead of hanging', () => {
    expect(() => marbleTest(({ m, start }) => start(new AgentRuntime({ inputs: [m('a-', { a: 'hi' })], agent })))).toThrow(
      'marbleTest: a runtime is still running after virtual time ran out (at 10 ms): an input never completed (end its marbles with "|")',
    );
  });

  it('checks stopAt when it is given', () => {
    marbleTest(({ m, start }) => {
      const runtime = new AgentRuntime({ inputs: [m('|')], agent });
      expect(() => start(runtime, { stopAt: -1 })).toThrow(ConfigError);
      expect(() => start(runtime, { stopAt: -1 })).toThrow('stopAt: must be a virtual time in ms, 0 or more (got -1)');
      return start(runtime);
    });
  });

  it("runs on the scheduler it is given as the runtime's scheduler option, the same as on the default", async () => {
    const summary = await marbleTest(({ m, start, scheduler, expectObservable }) => {
      const runtime = new AgentRuntime({ inputs: [m('a|', { a: 'think' })], agent, scheduler, timeoutMs: 50 });
      expectObservable(runtime.events$.pipe(describeEvents('failed'))).toBe('50ms x', { x: 'failed c-1: agent timed out after 50 ms' });
      return start(runtime);
    });
    expect(summary.failed).toBe(1);
  });

  it('compares with the assertDeepEqual it is given', () => {
    const compared: unknown[] = [];
    marbleTest(({ cold, expectObservable }) => expectObservable(cold('a|')).toBe('b|'), { assertDeepEqual: (actual) => void compared.push(actual) });
    expect(compared).toHaveLength(1);
  });
});
