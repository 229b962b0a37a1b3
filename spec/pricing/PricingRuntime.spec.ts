import { firstValueFrom, from, map, of, range, timer, toArray } from 'rxjs';
import { AgentRuntime, runAgent, type Agent, type AgentEvent, type AgentOutcome, type AgentOutput, type RepliedResult, InMemoryLedger, type LedgerStore, Pricing } from 'rxagent';
import { msg, testScheduler } from '../helpers/marbles';

const later: Agent = (m, { scheduler }) => firstValueFrom(timer(1, scheduler).pipe(map(() => ({ text: m.text, usage: { outputTokens: 1 } }))));
const run = (items: unknown[], options: Parameters<typeof runAgent>[0]) => firstValueFrom(from(items).pipe(runAgent(options), toArray()));
const count = (outcomes: AgentOutcome[], type: AgentOutcome['type']) => outcomes.filter((o) => o.type === type).length;

/** The in-memory ledger answering through Promises, as a remote ledger would. */
function asyncLedger(): LedgerStore {
  const inner = new InMemoryLedger();
  return { reserve: async (r) => inner.reserve(r), adjust: async (c, d) => inner.adjust(c, d) };
}

describe('Pricing in the runtime', () => {
  it.each([
    ['a synchronous ledger', () => new InMemoryLedger()],
    ['a ledger answering later', asyncLedger],
  ])('admits exactly the budget with concurrency 16 (%s)', async (_name, ledger) => {
    const pricing = new Pricing({ perMessage: 1, budget: { total: 3 }, ledger: ledger() });
    const outcomes = await run(Array.from({ length: 40 }, (_, i) => msg(String(i), `c${i}`)), { agent: later, pricing, concurrency: 16 });
    expect(count(outcomes, 'result')).toBe(3);
    expect(outcomes.filter((o) => o.type === 'rejected' && o.reason === 'budget')).toHaveLength(37);
    expect(outcomes.find((o) => o.type === 'rejected')).toMatchObject({ detail: 'budget total exceeded: 3 of 3 spent, this message needs 1' });
  });

  it('charges each run its actual cost: cost on the result, amount and totals on the charged event', async () => {
    const events: AgentEvent[] = [];
    const pricing = new Pricing({ perMessage: 1, perOutputToken: 0.5, budget: { perConversation: 10 } });
    const outcomes = await run([msg('1'), msg('2')], { agent: later, pricing, onEvent: (e) => events.push(e) });
    expect(outcomes.map((o) => o.type === 'result' && o.cost)).toEqual([1.5, 1.5]);
    expect(events.filter((e) => e.type === 'charged').map((e) => e.type === 'charged' && [e.amount, e.totals])).toEqual([
      [1.5, { total: 1.5, perConversation: 1.5 }],
      [1.5, { total: 3, perConversation: 3 }],
    ]);
  });

  it('releases the reservation of a run that failed, so the budget goes to the next message', async () => {
    const pricing = new Pricing({ perMessage: 1, budget: { total: 2 } });
    const agent: Agent = (m) => (m.text.startsWith('bad') ? Promise.reject(new Error(m.text)) : { text: m.text });
    const outcomes = await run([msg('bad1'), msg('bad2'), msg('bad3'), msg('ok1'), msg('ok2'), msg('ok3')], { agent, pricing, concurrency: 1 });
    expect(outcomes.map((o) => `${o.type}:${o.type === 'rejected' ? o.reason : o.message.id}`)).toEqual(['failed:bad1', 'failed:bad2', 'failed:bad3', 'result:ok1', 'result:ok2', 'rejected:budget']);
  });

  it('starts a period budget again at 0 on the scheduler, in virtual time', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const pricing = new Pricing({ perMessage: 1, budget: { perAuthor: 1, period: 1000 } });
      const ada = (id: string) => ({ ...msg(id), author: { id: 'ada' } });
      const input = cold('a 499ms b 499ms c 999ms d|', { a: ada('a'), b: ada('b'), c: ada('c'), d: ada('d') });
      const outcomes = input.pipe(runAgent({ agent: (m) => ({ text: m.text }), pricing }), map((o) => (o.type === 'rejected' ? o.reason : o.message.id)));
      expectObservable(outcomes).toBe('a 499ms b 499ms c 999ms d|', { a: 'a', b: 'budget', c: 'c', d: 'd' });
    });
  });

  it('rate limits each author, and answers the refused with the configured reply through the outputs', () => {
    return testScheduler().run(({ cold, flush }) => {
      const sent: string[] = [];
      const output: AgentOutput = { name: 'chat', send: (r: RepliedResult) => of(sent.push(`${r.message.id}:${r.reply.text}`)) };
      const pricing = new Pricing({ rateLimit: { perAuthor: { messages: 2, windowMs: 60_000 } }, budgetExceededReply: 'Slow down, please.' });
      const from = (id: string, author: string) => ({ ...msg(id, author), author: { id: author } });
      const input = cold('a b c d 1m e|', { a: from('1', 'ada'), b: from('2', 'ada'), c: from('3', 'ada'), d: from('4', 'bob'), e: from('5', 'ada') });
      const runtime = new AgentRuntime({ inputs: [input], outputs: [output], agent: (m) => ({ text: `re ${m.id}` }), pricing });
      const rejected: AgentEvent[] = [];
      runtime.events$.subscribe((e) => e.type === 'rejected' && rejected.push(e));
      let summary: unknown;
      void runtime.run().then((s) => (summary = s));
      flush();
      expect(sent.sort()).toEqual(['1:re 1', '2:re 2', '3:Slow down, please.', '4:re 4', '5:re 5']);
      expect(rejected).toEqual([expect.objectContaining({ reason: 'budget', detail: 'rate limit perAuthor: author "ada" sent 2 messages in the last 60000 ms (at most 2); try again in 59998 ms' })]);
      return Promise.resolve().then(() => expect(summary).toMatchObject({ received: 5, replied: 4, rejected: 1 }));
    });
  });

  it('keeps budgets exact for a burst of 1000 synchronous messages', async () => {
    const pricing = new Pricing({ perMessage: 0.01, budget: { total: 5 } });
    const outcomes = await firstValueFrom(range(0, 1000).pipe(map((i) => msg(String(i), `c${i % 7}`)), runAgent({ agent: (m) => ({ text: m.text }), pricing, concurrency: Infinity }), toArray()));
    expect(count(outcomes, 'result')).toBe(500);
  });
});
