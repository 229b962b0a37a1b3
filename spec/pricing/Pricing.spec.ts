import { ConfigError, type AgentMessage, type Admission, type Charge, InMemoryLedger, Pricing, defaultEstimate, priceOf } from 'rxagent';

const clock = { t: 0, now: () => clock.t, schedule: () => ({ unsubscribe() {} }) } as unknown as import('rxjs').SchedulerLike & { t: number };
const message = (id: string, author?: string, conversationId = 'c1', text = 'hi'): AgentMessage => ({ id, conversationId, text, ...(author === undefined ? {} : { author: { id: author } }) });
const admit = (pricing: Pricing, m: AgentMessage) => pricing.admit(m) as Admission;
const granted = (a: Admission) => (a.granted ? a.ticket : expect(a).toMatchObject({ granted: true }));

beforeEach(() => (clock.t = 0));

describe('pricing arithmetic', () => {
  it('prices a run per message and per token of the reply usage', () => {
    expect(priceOf({ perMessage: 1, perInputToken: 0.01, perOutputToken: 0.02 }, { inputTokens: 100, outputTokens: 50 })).toBe(3);
    expect(priceOf({ perMessage: 1, perInputToken: 0.01 }, undefined)).toBe(1);
    expect(priceOf({}, { inputTokens: 5 })).toBe(0);
  });

  it('estimates a message by its text at about four characters a token', () => {
    expect(defaultEstimate({ perMessage: 1, perInputToken: 0.5 }, message('1', undefined, 'c', 'hello!!!'))).toBe(2);
  });
});

describe('Pricing', () => {
  it('rejects misconfiguration at construction, naming the option and the fix', () => {
    expect(() => new Pricing({ perMessage: -1 })).toThrow(new ConfigError('perMessage', 'must be a finite amount, 0 or more (got -1); e.g. { perMessage: 0.002 }'));
    expect(() => new Pricing({ budget: { total: Number.NaN } })).toThrow(/^budget.total: must be an amount/);
    expect(() => new Pricing({ budget: { period: 'fortnight' as never } })).toThrow(/^budget.period: must be a whole number of milliseconds or one of minute, hour, day, week/);
    expect(() => new Pricing({ rateLimit: { perAuthor: { messages: 0, windowMs: 1000 } } })).toThrow(/^rateLimit.perAuthor: must be \{ messages, windowMs \}/);
    expect(() => new Pricing({ ledger: {} as never })).toThrow(/^ledger: must be a LedgerStore/);
    expect(() => new Pricing({ budgetExceededReply: 42 as never })).toThrow(/^budgetExceededReply: /);
  });

  it('reserves the estimate at admission and settles with the actual cost from usage', () => {
    const pricing = new Pricing({ perMessage: 1, perOutputToken: 0.1, budget: { total: 10 }, estimate: 2, scheduler: clock });
    const ticket = granted(admit(pricing, message('1')));
    const charge = pricing.settle({ message: message('1'), ticket, reply: { text: 'ok', usage: { outputTokens: 30 } }, failed: false }) as Charge;
    expect(charge).toEqual({ amount: 4, totals: { total: 4 } });
  });

  it('releases the reservation of a failed run', () => {
    const pricing = new Pricing({ perMessage: 1, budget: { total: 1 }, scheduler: clock });
    const ticket = granted(admit(pricing, message('1')));
    expect(admit(pricing, message('2'))).toMatchObject({ granted: false });
    expect(pricing.settle({ message: message('1'), ticket, reply: null, failed: true })).toEqual({ amount: 0, totals: { total: 0 } });
    expect(admit(pricing, message('3'))).toMatchObject({ granted: true });
  });

  it('says which budget refused a message, and when it starts again', () => {
    const pricing = new Pricing({ perMessage: 1, budget: { total: 5, perConversation: 3, perAuthor: 2, period: 1000 }, scheduler: clock });
    clock.t = 250;
    granted(admit(pricing, message('1', 'ada')));
    granted(admit(pricing, message('2', 'ada')));
    expect(admit(pricing, message('3', 'ada'))).toEqual({ granted: false, detail: 'budget perAuthor of author "ada" exceeded: 2 of 2 spent, this message needs 1; it starts again in 750 ms' });
    granted(admit(pricing, message('4', 'bob')));
    expect(admit(pricing, message('5', 'bob'))).toEqual({ granted: false, detail: 'budget perConversation of conversation "c1" exceeded: 3 of 3 spent, this message needs 1; it starts again in 750 ms' });
    granted(admit(pricing, message('6', 'bob', 'c2')));
    granted(admit(pricing, message('7', 'cy', 'c2')));
    expect(admit(pricing, message('8', 'dee', 'c3'))).toMatchObject({ granted: false, detail: expect.stringMatching(/^budget total exceeded: 5 of 5 spent/) });
  });

  it('starts every budget again at 0 when its period ends', () => {
    const pricing = new Pricing({ perMessage: 1, budget: { perAuthor: 1, period: 'day' }, scheduler: clock });
    clock.t = Date.UTC(2026, 0, 1, 23, 59);
    granted(admit(pricing, message('1', 'ada')));
    expect(admit(pricing, message('2', 'ada'))).toMatchObject({ granted: false });
    clock.t = Date.UTC(2026, 0, 2, 0, 0);
    granted(admit(pricing, message('3', 'ada')));
  });

  it('limits messages per author in a sliding window, whatever they cost', () => {
    const pricing = new Pricing({ rateLimit: { perAuthor: { messages: 2, windowMs: 1000 } }, scheduler: clock });
    granted(admit(pricing, message('1', 'ada')));
    clock.t = 400;
    granted(admit(pricing, message('2', 'ada')));
    granted(admit(pricing, message('3', 'bob')));
    granted(admit(pricing, message('4'))); // no author: not rate limited
    clock.t = 999;
    expect(admit(pricing, message('5', 'ada'))).toEqual({ granted: false, detail: 'rate limit perAuthor: author "ada" sent 2 messages in the last 1000 ms (at most 2); try again in 1 ms' });
    clock.t = 1000;
    granted(admit(pricing, message('6', 'ada')));
  });

  it('answers a refused message with the configured reply', () => {
    const pricing = new Pricing({ perMessage: 1, budget: { total: 0 }, budgetExceededReply: 'Out of budget, sorry.', scheduler: clock });
    expect(admit(pricing, message('1'))).toMatchObject({ granted: false, reply: { text: 'Out of budget, sorry.' } });
    const silent = new Pricing({ perMessage: 1, budget: { total: 0 }, budgetExceededReply: (_m, detail) => (detail.startsWith('rate') ? null : { text: 'no' }) });
    expect(admit(silent, message('1'))).toMatchObject({ reply: { text: 'no' } });
  });

  it('fits sums of fractions to a budget without rounding surprises', () => {
    const pricing = new Pricing({ perMessage: 0.1, budget: { total: 0.3 }, scheduler: clock, ledger: new InMemoryLedger() });
    for (const id of ['1', '2', '3']) granted(admit(pricing, message(id)));
    expect(admit(pricing, message('4'))).toMatchObject({ granted: false });
  });
});
