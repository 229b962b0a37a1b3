import { firstValueFrom, from, toArray } from 'rxjs';
import { AgentRuntime, ConfigError, ShortTermMemory, runAgent, type Agent, type AgentMessage, type MemoryStore, type Turn, summaryOf } from 'rxagent';
import { marbleTest } from 'rxagent/testing';
import { msg } from '../helpers/marbles';

const turn = (id: string, conversationId = 'c1', text = id): Turn => ({ message: msg(id, conversationId, text) as AgentMessage, reply: { text: `re ${id}` } });
const ids = (turns: readonly Turn[]) => turns.map((t) => t.message.id);

/** A MemoryStore in a Map, recording what it was asked. */
function mapStore(): MemoryStore & { lists: Map<string, Turn[]>; summaries: Map<string, string> } {
  const lists = new Map<string, Turn[]>();
  const summaries = new Map<string, string>();
  return {
    lists,
    summaries,
    load: async (id, maxTurns) => (lists.get(id) ?? []).slice(-maxTurns),
    append: async (id, t, maxTurns) => void lists.set(id, [...(lists.get(id) ?? []), t].slice(-maxTurns)),
    loadSummary: async (id) => summaries.get(id),
    saveSummary: async (id, summary) => void summaries.set(id, summary),
  };
}

describe('ShortTermMemory', () => {
  it('rejects misconfiguration at construction, naming the option', () => {
    // @ts-expect-error a window needs maxTurns or maxTokens
    expect(() => new ShortTermMemory({})).toThrow(new ConfigError('maxTurns', 'must be a whole number of turns, 1 or more (got undefined); e.g. new ShortTermMemory({ maxTurns: 20 }) or new ShortTermMemory({ maxTokens: 4000 })'));
    expect(() => new ShortTermMemory({ maxTokens: 0 })).toThrow(/^maxTokens: must be a number of tokens/);
    expect(() => new ShortTermMemory({ maxTurns: 2, summarize: 'yes' as never })).toThrow(/^summarize: /);
    expect(() => new ShortTermMemory({ maxTurns: 2, store: {} as never })).toThrow(/^store: must be a MemoryStore/);
  });

  it('keeps a window of turns per conversation, never mixing conversations', () => {
    const memory = new ShortTermMemory({ maxTurns: 2 });
    for (const t of [turn('1'), turn('2', 'c2'), turn('3'), turn('4')]) memory.record(t.message.conversationId, t);
    expect(ids(memory.recall('c1') as readonly Turn[])).toEqual(['3', '4']);
    expect(ids(memory.recall('c2') as readonly Turn[])).toEqual(['2']);
  });

  it('keeps as many of the newest turns as fit maxTokens, counted by the given tokenizer', () => {
    const words = (text: string) => text.split(' ').length;
    const memory = new ShortTermMemory({ maxTokens: 6, countTokens: words });
    memory.record('c1', turn('1', 'c1', 'one two three')); // 3 + 2 ("re 1")
    memory.record('c1', turn('2', 'c1', 'four')); // 1 + 2
    expect(ids(memory.recall('c1') as readonly Turn[])).toEqual(['2']);
    expect(memory.maxTurns).toBe(1000);
  });

  it('folds turns that leave the window into a summary the agent sees', async () => {
    const folds: string[][] = [];
    const memory = new ShortTermMemory({
      maxTurns: 2,
      summarize: ({ summary, evicted }) => (folds.push(ids(evicted)), [summary, ...evicted.map((t) => t.message.text)].filter(Boolean).join(' ')),
    });
    const seen: (string | undefined)[] = [];
    const agent: Agent = (m, { memory: turns }) => (seen.push(summaryOf(turns)), { text: `re ${m.text}` });
    await firstValueFrom(from(['a', 'b', 'c', 'd', 'e'].map((id) => msg(id))).pipe(runAgent({ agent, shortTermMemory: memory }), toArray()));
    expect(seen).toEqual([undefined, undefined, undefined, 'a', 'a b']);
    expect(folds).toEqual([['a'], ['b'], ['c']]);
    const window = (await memory.recall('c1')) as readonly Turn[];
    expect(ids(window)).toEqual(['d', 'e']);
    expect(summaryOf(window)).toBe('a b c');
    expect(Object.keys(window)).toEqual(['0', '1']); // the summary does not show up as a turn
  });

  it('keeps a synchronous summariser synchronous, so it runs in virtual time', async () => {
    const memory = new ShortTermMemory({ maxTurns: 1, summarize: ({ summary, evicted }) => [summary, ...ids(evicted)].filter(Boolean).join(' ') });
    const seen: (string | undefined)[] = [];
    const summary = await marbleTest(({ m, start }) => {
      const agent: Agent = (message, { memory: turns }) => (seen.push(summaryOf(turns)), { text: `re ${message.text}` });
      return start(new AgentRuntime({ inputs: [m('a-b-c|', { a: 'a', b: 'b', c: 'c' })], agent, shortTermMemory: memory }));
    });
    expect(summary).toMatchObject({ received: 3, replied: 3 });
    expect(seen).toEqual([undefined, undefined, 'c-1']);
  });

  it('loads a conversation and its summary from the store the first time, and appends every turn', async () => {
    const store = mapStore();
    store.lists.set('c1', [turn('1'), turn('2'), turn('3')]);
    store.summaries.set('c1', 'earlier');
    const memory = new ShortTermMemory({ maxTurns: 2, store, summarize: ({ summary, evicted }) => `${summary} ${ids(evicted).join(' ')}` });
    const loaded = (await memory.recall('c1')) as readonly Turn[];
    expect(ids(loaded)).toEqual(['2', '3']);
    expect(summaryOf(loaded)).toBe('earlier');
    await memory.record('c1', turn('4'));
    expect(ids(store.lists.get('c1')!)).toEqual(['3', '4']);
    expect(store.summaries.get('c1')).toBe('earlier 2');
    expect(ids(memory.recall('c1') as readonly Turn[])).toEqual(['3', '4']);
  });

  it('forgets the least recently used conversation beyond maxConversations, and reloads it from the store', async () => {
    const store = mapStore();
    const memory = new ShortTermMemory({ maxTurns: 5, maxConversations: 2, store });
    for (const id of ['a', 'b', 'c']) await memory.record(id, turn(id, id));
    expect(memory.size).toBe(2);
    expect(ids(await memory.recall('a'))).toEqual(['a']);
  });

  it('keeps a conversation in use while a stream of one-off conversations passes through, and stays bounded', async () => {
    const memory = new ShortTermMemory({ maxTurns: 50, maxConversations: 10 });
    for (let n = 0; n < 200; n++) {
      await memory.record('regular', turn(`r${n}`, 'regular'));
      await memory.record(`once-${n}`, turn(`o${n}`, `once-${n}`));
      expect(memory.size).toBeLessThanOrEqual(10);
    }
    // Never forgotten: its window holds its last 50 turns.
    expect(ids(await memory.recall('regular'))).toEqual(Array.from({ length: 50 }, (_, i) => `r${150 + i}`));
    // The oldest one-off conversations were forgotten, the newest are still there.
    expect(ids(await memory.recall('once-0'))).toEqual([]);
    expect(ids(await memory.recall('once-199'))).toEqual(['o199']);
  });

  it('hands out windows that later turns do not change, and that cannot change the memory', async () => {
    const memory = new ShortTermMemory({ maxTurns: 2 });
    await memory.record('c', turn('1', 'c'));
    const seen = (await memory.recall('c')) as Turn[];
    await memory.record('c', turn('2', 'c'));
    await memory.record('c', turn('3', 'c'));
    expect(ids(seen)).toEqual(['1']);
    seen.push(turn('spoof', 'c'));
    expect(ids(await memory.recall('c'))).toEqual(['2', '3']);
  });

  it('fails the run, visibly, when the summariser fails', async () => {
    const memory = new ShortTermMemory({ maxTurns: 1, summarize: () => Promise.reject(new Error('LLM down')) });
    const outcomes = await firstValueFrom(from([msg('1'), msg('2')]).pipe(runAgent({ agent: (m) => ({ text: m.text }), shortTermMemory: memory }), toArray()));
    expect(outcomes.map((o) => o.type)).toEqual(['result', 'failed']);
    expect(outcomes[1]).toMatchObject({ error: new Error('LLM down') });
  });
});
