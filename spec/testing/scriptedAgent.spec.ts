import { map } from 'rxjs';
import { ShortTermMemory, runAgent, type AgentOutcome } from 'rxagent';
import { marbleTest, scriptedAgent } from 'rxagent/testing';

const show = map((o: AgentOutcome) => (o.type === 'result' ? (o.reply?.text ?? 'no reply') : o.type === 'failed' ? `failed: ${(o.error as Error).message}` : o.type));

describe('scriptedAgent', () => {
  it('replies, stays silent, waits and fails per message text, on the runtime scheduler', () => {
    marbleTest(({ m, expectObservable }) => {
      const agent = scriptedAgent({ hi: 'hello', shh: null, think: { reply: 'done', delayMs: 100 }, boom: { error: 'kaput', delayMs: 5 } });
      const messages = m('a-b-c-d|', { a: 'hi', b: 'shh', c: 'think', d: 'boom' }, { conversationId: 'x' });
      // One conversation: 'boom' starts only when 'think' has finished, at 104, and fails 5 ms later (109).
      expectObservable(messages.pipe(runAgent({ agent }), show)).toBe('a-b 101ms c 4ms (d|)', { a: 'hello', b: 'no reply', c: 'done', d: 'failed: kaput' });
    });
  });

  it('plays one step per attempt, the last one repeating, so retries can be scripted', () => {
    marbleTest(({ m, expectObservable }) => {
      const agent = scriptedAgent({ flaky: [{ error: 'busy' }, { error: 'still busy' }, 'third time lucky'] });
      const outcomes = m('a|', { a: 'flaky' }).pipe(runAgent({ agent, retry: { count: 2, delayMs: 1000 } }), show);
      // Back-off 1 s then 2 s, in virtual time.
      expectObservable(outcomes).toBe('3000ms (a|)', { a: 'third time lucky' });
    });
  });

  it('takes a function of the message and context for anything else, and records every call', () => {
    marbleTest(({ m, expectObservable, flush }) => {
      const agent = scriptedAgent({}, { otherwise: (message, { memory }) => `${message.text} #${memory.length + 1}`, delayMs: 10 });
      const outcomes = m('ab|', { a: 'one', b: 'two' }).pipe(runAgent({ agent, shortTermMemory: new ShortTermMemory({ maxTurns: 5 }) }), show);
      expectObservable(outcomes).toBe('10ms a 9ms (b|)', { a: 'one #1', b: 'two #2' });
      flush();
      expect(agent.calls.map((call) => [call.message.text, call.memory.length, call.attempt, call.at])).toEqual([
        ['one', 0, 1, 0],
        ['two', 1, 1, 10],
      ]);
    });
  });

  it('fails a text it has no script for, saying how to fix it', () => {
    marbleTest(({ m, expectObservable }) => {
      expectObservable(m('a|', { a: 'what?' }).pipe(runAgent({ agent: scriptedAgent({ hi: 'hello' }) }), show)).toBe('a|', {
        a: 'failed: scriptedAgent: no script for "what?"; add it to the script or pass { otherwise }',
      });
    });
  });

  it('is cut off by the timeout', () => {
    marbleTest(({ m, expectObservable }) => {
      const agent = scriptedAgent({ slow: { reply: 'too late', delayMs: 500 } });
      expectObservable(m('a|', { a: 'slow' }).pipe(runAgent({ agent, timeoutMs: 100 }), show)).toBe('100ms (a|)', { a: 'failed: agent timed out after 100 ms' });
    });
  });
});
