import * as testing from 'rxagent/testing';
import { marbleTest, recordingOutput, scriptedAgent } from 'rxagent/testing';

describe('rxagent/testing', () => {
  it('exports its helpers', () => {
    expect(Object.keys(testing)).toEqual(expect.arrayContaining(['createTestScheduler', 'describeEvent', 'describeEvents', 'marbleTest', 'messageMarbles', 'recordingOutput', 'scriptedAgent', 'FakeXApi', 'FakeDiscord']));
  });

  it('rejects misuse at compile time', () => {
    marbleTest(({ m }) => {
      // @ts-expect-error a marble value is a text or message fields, not a number
      m('a|', { a: 5 });
      // @ts-expect-error message fields are AgentMessage's
      m('a|', { a: { text: 1 } });
    });
    // @ts-expect-error a script step is a text, null, or { reply, delayMs, error }
    scriptedAgent({ hi: 5 });
    // @ts-expect-error latencyMs is a number of ms
    recordingOutput({ latencyMs: '10' });
  });
});
