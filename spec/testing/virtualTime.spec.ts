// What runs in virtual time today, end to end through AgentRuntime: agent timeouts, retry
// back-off, delivery back-off and rate-limit waits, drain deadlines (marbleTest.spec.ts), cron.
import { performance } from 'node:perf_hooks';
import { AgentRuntime, RateLimitedError } from 'rxagent';
import { cronInput } from 'rxagent/cron';
import { describeEvents, marbleTest, recordingOutput, scriptedAgent } from 'rxagent/testing';

const DAY = 86_400_000;

describe('virtual time', () => {
  it('times out slow attempts and backs off exponentially between retries', async () => {
    const agent = scriptedAgent({ slow: [{ reply: 'late', delayMs: 500 }, { reply: 'late', delayMs: 500 }, { reply: 'made it', delayMs: 50 }] });
    const summary = await marbleTest(({ m, start, expectObservable }) => {
      const runtime = new AgentRuntime({ inputs: [m('a|', { a: 'slow' })], agent, timeoutMs: 100, retry: { count: 2, delayMs: 1000 } });
      // 0: try · 100: timeout, wait 1 s · 1100: try · 1200: timeout, wait 2 s · 3200: try · 3250: replied.
      expectObservable(runtime.events$.pipe(describeEvents('started', 'retrying', 'replied', 'failed'))).toBe('a 99ms b 999ms c 99ms d 1999ms e 49ms f', {
        a: 'started c-1',
        b: 'retrying c-1 in 1000ms',
        c: 'started c-1 #2',
        d: 'retrying c-1 in 2000ms',
        e: 'started c-1 #3',
        f: 'replied c-1: made it',
      });
      return start(runtime);
    });
    expect(summary).toMatchObject({ replied: 1, failed: 0 });
    expect(agent.calls.map((call) => call.at)).toEqual([0, 1100, 3200]);
  });

  it('fails a message whose retries all time out, and keeps going with the next', async () => {
    const agent = scriptedAgent({ slow: { reply: 'late', delayMs: 500 }, hi: 'hello' });
    const summary = await marbleTest(({ m, start, expectObservable }) => {
      const runtime = new AgentRuntime({ inputs: [m('ab|', { a: 'slow', b: 'hi' })], agent, timeoutMs: 100, retry: { count: 1, delayMs: 10, backoff: 'fixed' } });
      expectObservable(runtime.events$.pipe(describeEvents('replied', 'failed'))).toBe('210ms (ab)', { a: 'failed c-1: agent timed out after 100 ms', b: 'replied c-2: hello' });
      return start(runtime);
    });
    expect(summary).toMatchObject({ received: 2, replied: 1, failed: 1 });
  });

  it('waits out a rate limit exactly as long as the platform asked before delivering again', async () => {
    const output = recordingOutput({ fail: (_result, attempt) => (attempt === 1 ? new RateLimitedError(60_000) : undefined) });
    await marbleTest(({ m, start, expectObservable }) => {
      expectObservable(output.replies$).toBe('60s a', { a: 'HELLO' });
      return start(new AgentRuntime({ inputs: [m('a|', { a: 'hello' })], outputs: [output], agent: scriptedAgent({}, { otherwise: (message) => message.text.toUpperCase() }) }));
    });
  });

  it('runs a day of a */5 cron schedule through a runtime in well under a second', async () => {
    const output = recordingOutput();
    const began = performance.now();
    const summary = await marbleTest(({ start }) => {
      const runtime = new AgentRuntime({
        inputs: [cronInput({ expression: '*/5 * * * *', timezone: 'UTC', text: (at) => new Date(at).toISOString().slice(11, 16) })],
        outputs: [output],
        agent: scriptedAgent({}, { otherwise: (message) => `tick ${message.text}`, delayMs: 1000 }),
      });
      return start(runtime, { stopAt: DAY + 1 });
    });
    const elapsed = performance.now() - began;
    expect(summary).toMatchObject({ received: 288, replied: 288, delivered: 288 });
    expect(output.delivered[0]).toMatchObject({ reply: { text: 'tick 00:05' }, startedAt: 300_000, finishedAt: 301_000 });
    expect(output.delivered[287]?.reply.text).toBe('tick 00:00');
    expect(elapsed).toBeLessThan(1000);
  });
});
