import { AgentRuntime, type Agent } from 'rxagent';
import { msg } from '../helpers/marbles';

describe('iterable inputs are pulled, not pushed', () => {
  it('takes items from a generator only while few are unfinished, and processes them all', async () => {
    let inFlight = 0;
    let peak = 0;
    let pulled = 0;
    function* messages() {
      for (let i = 0; i < 20_000; i++) {
        pulled++;
        yield msg(String(i), `c${i % 50}`);
      }
    }
    const agent: Agent = async (m) => {
      inFlight++;
      peak = Math.max(peak, pulled - Number(m.id));
      await Promise.resolve();
      inFlight--;
      return { text: m.id };
    };
    const summary = await new AgentRuntime({ inputs: [messages()], agent, concurrency: 4 }).run();
    expect(summary).toMatchObject({ received: 20_000, replied: 20_000 });
    // Never more than concurrency × 4 items pulled ahead of the one running: the generator is not drained up front.
    expect(peak).toBeLessThanOrEqual(16);
    expect(inFlight).toBe(0);
  });

  it('refills in bursts: once concurrency × 4 are unfinished, it waits until half are done', async () => {
    const unfinishedAtPull: number[] = [];
    let done = 0;
    let pulled = 0;
    function* messages() {
      for (let i = 0; i < 200; i++) {
        unfinishedAtPull.push(pulled - done);
        pulled++;
        yield msg(String(i), `c${i % 50}`);
      }
    }
    const agent: Agent = async (m) => {
      await Promise.resolve();
      done++;
      return { text: m.id };
    };
    await new AgentRuntime({ inputs: [messages()], agent, concurrency: 4 }).run();
    // The first burst fills to 16; every later burst starts at 8 or fewer unfinished, never in between.
    expect(unfinishedAtPull.slice(0, 16)).toEqual([...Array(16).keys()]);
    const burstStarts = unfinishedAtPull.filter((unfinished, i) => i > 0 && unfinished < unfinishedAtPull[i - 1]!);
    expect(burstStarts.length).toBeGreaterThan(5);
    for (const unfinished of burstStarts) expect(unfinished).toBeLessThanOrEqual(8);
    expect(Math.max(...unfinishedAtPull)).toBeLessThan(16);
  });

  it('pulls an async iterable one answer at a time', async () => {
    async function* pages() {
      for (let page = 0; page < 5; page++) {
        await Promise.resolve();
        yield msg(`p${page}`, 'feed');
      }
    }
    const replies: string[] = [];
    const runtime = new AgentRuntime({ inputs: [pages()], agent: (m) => ({ text: m.id }) });
    runtime.results$.subscribe((r) => replies.push(r.reply.text));
    expect(await runtime.run()).toMatchObject({ received: 5, replied: 5 });
    expect(replies).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
  });

  it('accepts an array as a batch input, with invalid items rejected as usual', async () => {
    const summary = await new AgentRuntime({ inputs: [[msg('1'), { id: 'no conversation' }, msg('2')]], agent: (m) => ({ text: m.id }) }).run();
    expect(summary).toMatchObject({ received: 3, replied: 2, rejected: 1, rejectedBy: { invalid: 1 } });
  });

  it('closes the iterator when the runtime stops', async () => {
    let closed = false;
    function* endless() {
      try {
        for (let i = 0; ; i++) yield msg(String(i));
      } finally {
        closed = true;
      }
    }
    let runtime!: AgentRuntime;
    runtime = new AgentRuntime({
      inputs: [endless()],
      agent: async (m) => {
        if (m.id === '10') void runtime.stop();
        return { text: m.id };
      },
      concurrency: 1,
    });
    const summary = await runtime.run();
    expect(closed).toBe(true);
    expect(summary.received).toBe(summary.rejected + summary.replied + summary.noReply + summary.failed);
  });

  it('reports an iterator that throws as inputFailed and keeps the other inputs', async () => {
    function* broken() {
      yield msg('1');
      throw new Error('page 2 failed');
    }
    const summary = await new AgentRuntime({ inputs: [broken(), [msg('2', 'other')]], agent: (m) => ({ text: m.id }) }).run();
    expect(summary).toMatchObject({ inputsFailed: 1, replied: 2 });
  });

  it('refuses a string, which would be pulled character by character', () => {
    expect(() => new AgentRuntime({ inputs: ['hello' as never], agent: () => null })).toThrow('inputs[0]: must be an Observable, an iterable or async iterable of messages');
  });
});
