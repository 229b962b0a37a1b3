import { AgentRuntime, RateLimitedError } from 'rxagent';
import { describeEvents, marbleTest, recordingOutput, scriptedAgent } from 'rxagent/testing';

const agent = scriptedAgent({}, { otherwise: (message) => message.text.toUpperCase() });

describe('recordingOutput', () => {
  it('records deliveries as marbles, after its latency, in order per conversation', async () => {
    const output = recordingOutput({ name: 'chat', latencyMs: 10 });
    const summary = await marbleTest(({ m, start, expectObservable }) => {
      // One conversation's deliveries go one at a time: YO (replied at 5) waits for HI's delivery (10).
      expectObservable(output.replies$).toBe('10ms a 9ms b', { a: 'HI', b: 'YO' });
      return start(new AgentRuntime({ inputs: [m('a----b|', { a: 'hi', b: 'yo' })], outputs: [output], agent }));
    });
    expect(summary.delivered).toBe(2);
    expect(output.delivered.map((result) => result.message.id)).toEqual(['c-1', 'c-2']);
    expect(output.attempts).toBe(2);
  });

  it('fails on demand: a 429 is waited out as asked, other errors back off, in virtual time', async () => {
    const output = recordingOutput({ fail: (result, attempt) => (result.message.text === 'hi' ? (attempt === 1 ? new RateLimitedError(5000) : undefined) : new Error('503')) });
    const summary = await marbleTest(({ m, start, expectObservable }) => {
      const runtime = new AgentRuntime({ inputs: [m('a|', { a: 'hi' }), m('b|', { b: 'yo' }, { conversationId: 'd' })], outputs: [output], agent, delivery: { retry: { count: 2, delayMs: 1000 } } });
      expectObservable(runtime.events$.pipe(describeEvents('delivered', 'deliveryRetrying', 'deliveryFailed'))).toBe('(ab) 996ms c 1999ms d 1999ms e', {
        a: 'deliveryRetrying c-1 to recorder in 5000ms',
        b: 'deliveryRetrying d-1 to recorder in 1000ms',
        c: 'deliveryRetrying d-1 to recorder in 2000ms',
        d: 'deliveryFailed d-1 to recorder: 503',
        e: 'delivered c-1 to recorder',
      });
      return start(runtime);
    });
    expect(summary).toMatchObject({ replied: 2, delivered: 1, deliveryFailed: 1 });
    expect(output.attempts).toBe(5);
  });

  it('takes only what it accepts', async () => {
    const output = recordingOutput({ accepts: (result) => result.message.conversationId === 'mine' });
    const summary = await marbleTest(({ m, start }) => start(new AgentRuntime({ inputs: [m('a|', {}, { conversationId: 'mine' }), m('b|')], outputs: [output], agent })));
    expect(output.delivered.map((result) => result.reply.text)).toEqual(['A']);
    expect(summary).toMatchObject({ replied: 2, delivered: 1 });
  });
});
