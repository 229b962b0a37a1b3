// The examples of docs/testing.md, verbatim: docs.spec.ts checks that every ```ts block there
// appears here, so the guide cannot drift from code that runs.
import { map } from 'rxjs';
import { AgentRuntime, RateLimitedError, ShortTermMemory, runAgent } from 'rxagent';
import { cronInput } from 'rxagent/cron';
import { describeEvents, marbleTest, recordingOutput, scriptedAgent } from 'rxagent/testing';

describe('docs/testing.md', () => {
it('replies in order within a conversation, and times out a slow call', async () => {
  const summary = await marbleTest(({ m, start, expectObservable }) => {
    const agent = scriptedAgent({ hi: { reply: 'hello', delayMs: 10 }, essay: { reply: 'done', delayMs: 500 } });
    const output = recordingOutput();
    const runtime = new AgentRuntime({ inputs: [m('a-b-a|', { a: 'hi', b: 'essay' })], outputs: [output], agent, timeoutMs: 100 });

    expectObservable(output.replies$).toBe('10ms a 109ms b', { a: 'hello', b: 'hello' });
    expectObservable(runtime.events$.pipe(describeEvents('failed'))).toBe('110ms x', { x: 'failed c-2: agent timed out after 100 ms' });
    return start(runtime);
  });
  expect(summary).toMatchObject({ received: 3, replied: 2, failed: 1, delivered: 2 });
});

it('retries a flaky agent with exponential back-off', async () => {
  await marbleTest(({ m, start, expectObservable }) => {
    const agent = scriptedAgent({ ask: [{ error: 'overloaded' }, { error: 'overloaded' }, 'answer'] });
    const runtime = new AgentRuntime({ inputs: [m('a|', { a: 'ask' })], agent, retry: { count: 3, delayMs: 1000 } });

    expectObservable(runtime.events$.pipe(describeEvents('started', 'retrying', 'replied'))).toBe('(ab) 996ms (cd) 1996ms (ef)', {
      a: 'started c-1',
      b: 'retrying c-1 in 1000ms',
      c: 'started c-1 #2',
      d: 'retrying c-1 in 2000ms',
      e: 'started c-1 #3',
      f: 'replied c-1: answer',
    });
    return start(runtime);
  });
});

it('gives each conversation its own memory', async () => {
  const agent = scriptedAgent({}, { otherwise: (message, { memory }) => `${message.text} (${memory.length} earlier)` });
  await marbleTest(({ m, start, expectObservable }) => {
    const output = recordingOutput();
    const runtime = new AgentRuntime({
      inputs: [m('a-b-c|', {}, { conversationId: 'alice' }), m('-x|', {}, { conversationId: 'bob' })],
      outputs: [output],
      agent,
      shortTermMemory: new ShortTermMemory({ maxTurns: 1 }),
    });

    expectObservable(output.replies$).toBe('abc-d', { a: 'a (0 earlier)', b: 'x (0 earlier)', c: 'b (1 earlier)', d: 'c (1 earlier)' });
    return start(runtime);
  });
  expect(agent.calls.map((call) => call.memory.map((turn) => turn.message.text))).toEqual([[], [], ['a'], ['b']]);
});

it('waits out a rate limit exactly as long as the platform asked', async () => {
  const output = recordingOutput({ fail: (_result, attempt) => (attempt === 1 ? new RateLimitedError(60_000) : undefined) });
  await marbleTest(({ m, start, expectObservable }) => {
    const runtime = new AgentRuntime({ inputs: [m('a|', { a: 'hi' })], outputs: [output], agent: scriptedAgent({ hi: 'hello' }) });

    expectObservable(output.replies$).toBe('1m x', { x: 'hello' });
    return start(runtime);
  });
  expect(output.attempts).toBe(2);
});

it('drains on stop(): started work finishes and is delivered, waiting messages are rejected', async () => {
  const summary = await marbleTest(({ m, start, expectObservable }) => {
    const agent = scriptedAgent({ think: { reply: 'thought', delayMs: 100 } });
    const output = recordingOutput();
    const runtime = new AgentRuntime({ inputs: [m('ab 100ms c|', { a: 'think', b: 'think', c: 'think' })], outputs: [output], agent });

    expectObservable(output.replies$).toBe('100ms x', { x: 'thought' });
    expectObservable(runtime.events$.pipe(describeEvents('rejected'))).toBe('50ms x', { x: 'rejected c-2 (stopped)' });
    return start(runtime, { stopAt: 50 });
  });
  expect(summary).toMatchObject({ received: 2, replied: 1, rejected: 1, delivered: 1 });
});

it('runs a day of a */5 cron schedule in virtual time', async () => {
  const output = recordingOutput();
  const summary = await marbleTest(({ start }) => {
    const runtime = new AgentRuntime({
      inputs: [cronInput({ expression: '*/5 * * * *', timezone: 'UTC', text: 'check the feeds' })],
      outputs: [output],
      agent: scriptedAgent({ 'check the feeds': { reply: 'all quiet', delayMs: 2000 } }),
    });
    return start(runtime, { stopAt: 24 * 60 * 60 * 1000 + 1 });
  });
  expect(summary).toMatchObject({ received: 288, replied: 288, delivered: 288 });
  expect(output.delivered[0]).toMatchObject({ startedAt: 5 * 60 * 1000, finishedAt: 5 * 60 * 1000 + 2000 });
});

it('tests the pipeline alone with runAgent', () => {
  marbleTest(({ m, expectObservable }) => {
    const agent = scriptedAgent({ hi: { reply: 'hello', delayMs: 10 }, boom: { error: 'kaput' } });
    const outcomes = m('a-b|', { a: 'hi', b: 'boom' }).pipe(
      runAgent({ agent }),
      map((outcome) => (outcome.type === 'result' ? outcome.reply?.text : outcome.type)),
    );

    expectObservable(outcomes).toBe('10ms (ab|)', { a: 'hello', b: 'failed' });
  });
});
});
