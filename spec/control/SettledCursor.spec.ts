import { tap } from 'rxjs';
import { AgentRuntime, SettledCursor, type AgentMessage } from 'rxagent';
import { marbleTest, recordingOutput, scriptedAgent } from 'rxagent/testing';

describe('SettledCursor', () => {
  it('advances only past ids below which everything emitted is settled', () => {
    const cursor = new SettledCursor({ initial: '99' });
    for (const id of ['100', '101', '102']) cursor.emitted(id);
    expect(cursor.settled('101')).toBeUndefined();
    expect(cursor.cursor).toBe('99');
    expect([cursor.isPending('100'), cursor.isPending('101'), cursor.isPending('103')]).toEqual([true, false, false]);
    expect(cursor.settled('100')).toBe('101');
    expect(cursor.unsettled).toBe(1);
    expect(cursor.settled('102')).toBe('102');
    expect(cursor.settled('102')).toBeUndefined();
  });

  it('orders snowflakes by value, not as text, and ignores re-read ids at or below the cursor', () => {
    const cursor = new SettledCursor({ initial: '999' });
    cursor.emitted('998'); // re-read from an older page
    cursor.emitted('1000');
    expect(cursor.unsettled).toBe(1);
    expect(cursor.settled('998')).toBeUndefined();
    expect(cursor.settled('1000')).toBe('1000');
  });

  it('holds a polled input\'s cursor before an item whose reply is still being delivered', async () => {
    const cursor = new SettledCursor();
    const saved: { id: string; at: number }[] = [];
    await marbleTest(({ m, scheduler, start }) => {
      const mentions = {
        name: 'x',
        messages$: m('abc|', { a: { id: '101', text: 'slow' }, b: { id: '102', conversationId: 'x2' }, c: { id: '103', conversationId: 'x3' } }).pipe(tap((item: AgentMessage) => cursor.emitted(item.id))),
        settled: (item: unknown) => {
          const next = cursor.settled((item as AgentMessage).id);
          if (next !== undefined) saved.push({ id: next, at: scheduler.now() });
        },
      };
      const output = recordingOutput({ latencyMs: 1, scheduler });
      const agent = scriptedAgent({ slow: { reply: 'took a while', delayMs: 50 } }, { otherwise: 'ok' });
      return start(new AgentRuntime({ inputs: [mentions], outputs: [output], agent }));
    });
    // 102 and 103 are answered at once, but the cursor waits for 101's delivery (at 51) and then jumps past all three.
    expect(saved).toEqual([{ id: '103', at: 51 }]);
  });
});
