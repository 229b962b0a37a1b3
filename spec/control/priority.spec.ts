import { interval, map, take } from 'rxjs';
import { AgentRuntime, ConfigError, mergeMapInLanes, type AgentMessage } from 'rxagent';
import { marbleTest, scriptedAgent } from 'rxagent/testing';
import { testScheduler } from '../helpers/marbles';

/** When the one cron message starts, and how many DMs started before it, under a flood of DMs. */
async function cronUnderFlood(priorityAgingMs: number) {
  const started: string[] = [];
  await marbleTest(({ start }) => {
    // A DM every 5 ms, each its own conversation, while the agent needs 10 ms per run: a growing backlog.
    // Cron arrives at 7 ms, while the first DM runs.
    const dms$ = interval(5).pipe(take(100), map((n): AgentMessage => ({ id: `dm-${n}`, conversationId: `dm-${n}`, text: 'dm' })));
    const agent = scriptedAgent({}, { otherwise: (message) => (started.push(message.id), { reply: 'ok', delayMs: 10 }) });
    const runtime = new AgentRuntime({
      inputs: [
        { name: 'dm', messages$: dms$, priority: 2 },
        { name: 'cron', messages$: interval(7).pipe(take(1), map((): AgentMessage => ({ id: 'cron-1', conversationId: 'cron', text: 'cron' }))), priority: 0 },
      ],
      agent,
      concurrency: 1,
      priorityAgingMs,
    });
    return start(runtime);
  });
  return { dmsBefore: started.indexOf('cron-1'), total: started.length };
}

describe('priority lanes', () => {
  it('starts higher priority first when a slot frees, in arrival order within a level', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const items = { b: { key: 'busy', p: 0 }, l: { key: 'low', p: 0 }, h: { key: 'high', p: 5 }, i: { key: 'high2', p: 5 } };
      const result = cold('blhi|', items).pipe(
        mergeMapInLanes((item) => item.key, (item) => cold('----(x|)', { x: item.key }), { concurrency: 1, priorityOf: (item) => item.p, agingMs: Infinity, scheduler }),
      );
      expectObservable(result).toBe('----a---b---c---(d|)', { a: 'busy', b: 'high', c: 'high2', d: 'low' });
    });
  });

  it('never starves low priority: a cron message still runs during a flood of DMs', async () => {
    const aging = await cronUnderFlood(50);
    // It waits behind some DMs (they rank higher), then its age outranks the flood's newest.
    expect(aging.dmsBefore).toBeGreaterThan(0);
    expect(aging.dmsBefore).toBeLessThan(50);
    expect(aging.total).toBe(101);
  });

  it('without aging, the same flood makes cron wait until every DM is done (what aging prevents)', async () => {
    const strict = await cronUnderFlood(Infinity);
    expect(strict.dmsBefore).toBe(100);
  });

  it('rejects a bad aging period at construction', () => {
    expect(() => new AgentRuntime({ inputs: [[]], agent: () => null, priorityAgingMs: 0 })).toThrow(ConfigError);
  });
});
