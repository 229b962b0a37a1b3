import { firstValueFrom, from, map, timer } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import { AgentRuntime, ConfigError, type Admission, type Agent, type AgentMessage, type Charge, Pricing, type PricingOptions } from 'rxagent';
import { RedisLedger } from 'rxagent/redis';
import type { Redis } from 'ioredis';
import { msg } from '../helpers/marbles';
import { redisTest } from './redisTest';

const redis = redisTest();
const later: Agent = (m, { scheduler }) => firstValueFrom(timer(1, scheduler).pipe(map(() => ({ text: m.text }))));
const messages = (n: number, tag: string) => Array.from({ length: n }, (_, i) => msg(`${tag}${i}`, `${tag}${i % 8}`));
let run = 0;

/** A Pricing on a RedisLedger of its own client, under a prefix unique to this test. */
function pricingOn(client: Redis, prefix: string, options: PricingOptions) {
  return new Pricing({ ...options, ledger: new RedisLedger({ redis: client, keyPrefix: prefix }) });
}

function runtime(pricing: Pricing, items: unknown[], agent: Agent = later) {
  return new AgentRuntime({ inputs: [from(items)], agent, pricing, concurrency: 16 });
}

describe('RedisLedger', () => {
  let prefix: string;
  beforeEach(() => (prefix = `${redis.prefix}${++run}:`));

  it('rejects misconfiguration at construction', () => {
    expect(() => new RedisLedger({ redis: undefined as never })).toThrow(ConfigError);
  });

  redis.it('admits exactly the budget with concurrency 16', async () => {
    const summary = await runtime(pricingOn(redis.client(), prefix, { perMessage: 1, budget: { total: 3 } }), messages(50, 'a')).run();
    expect(summary).toMatchObject({ received: 50, replied: 3, rejected: 47 });
    expect(summary.rejectedBy.budget).toBe(47);
  });

  redis.it('lets two runtimes on one Redis ledger, run at once, never overspend', async () => {
    const budget = { perMessage: 1, budget: { total: 10, perAuthor: 100 } };
    const first = runtime(pricingOn(redis.client(), prefix, budget), messages(40, 'a'));
    const second = runtime(pricingOn(redis.client(), prefix, budget), messages(40, 'b'));
    const [one, two] = await Promise.all([first.run(), second.run()]);
    expect(one.replied + two.replied).toBe(10);
    expect(one.rejected + two.rejected).toBe(70);
    expect(Number(await redis.client().get(`${prefix}pall:total`))).toBe(10);
  });

  redis.it('settles with the actual cost and releases the reservation of a failed run', async () => {
    const client = redis.client();
    const pricing = pricingOn(client, prefix, { perMessage: 1, perOutputToken: 0.5, estimate: 2, budget: { total: 5 } });
    const agent: Agent = (m) => (m.text.startsWith('bad') ? Promise.reject(new Error('boom')) : { text: 'ok', usage: { outputTokens: 1 } });
    const summary = await new AgentRuntime({ inputs: [from([msg('bad1'), msg('bad2'), msg('ok1'), msg('ok2'), msg('ok3'), msg('ok4')])], agent, pricing, concurrency: 1 }).run();
    // Failures give their 2 back; each success costs 1.5 against its estimate of 2: 3 × 1.5 = 4.5, then 4.5 + 2 > 5 refuses.
    expect(summary).toMatchObject({ failed: 2, replied: 3, rejected: 1 });
    expect(await client.get(`${prefix}pall:total`)).toBe('4.5');
  });

  redis.it('starts a period budget again on the scheduler clock, and reports totals per budget', async () => {
    const clock = { now: () => time, schedule: () => ({ unsubscribe() {} }) } as unknown as SchedulerLike;
    let time = 3_600_000 * 10 + 5;
    const pricing = pricingOn(redis.client(), prefix, { perMessage: 1, budget: { perAuthor: 2, period: 'hour' }, scheduler: clock });
    const ada = { ...msg('1'), author: { id: 'ada' } } as AgentMessage;
    const admit = () => pricing.admit(ada) as Promise<Admission>;
    const first = await admit();
    expect(await pricing.settle({ message: ada, ticket: first.granted && first.ticket, reply: { text: 'x' }, failed: false })).toEqual<Charge>({ amount: 1, totals: { total: 1, perAuthor: 1 } });
    expect(await admit()).toMatchObject({ granted: true });
    expect(await admit()).toEqual({ granted: false, detail: 'budget perAuthor of author "ada" exceeded: 2 of 2 spent, this message needs 1; it starts again in 3599995 ms' });
    time = 3_600_000 * 11;
    expect(await admit()).toMatchObject({ granted: true });
    expect(await redis.client().pttl(`${prefix}p11:author:ada`)).toBeGreaterThan(3_600_000);
  });

  redis.it('rate limits each author in a sliding window shared through Redis', async () => {
    let time = 1_000;
    const clock = { now: () => time, schedule: () => ({ unsubscribe() {} }) } as unknown as SchedulerLike;
    const options = { rateLimit: { perAuthor: { messages: 2, windowMs: 1000 } }, scheduler: clock };
    const one = pricingOn(redis.client(), prefix, options);
    const two = pricingOn(redis.client(), prefix, options);
    const from = (author: string) => ({ ...msg('1'), author: { id: author } }) as AgentMessage;
    expect(await one.admit(from('ada'))).toMatchObject({ granted: true });
    time = 1_500;
    expect(await two.admit(from('ada'))).toMatchObject({ granted: true });
    expect(await two.admit(from('bob'))).toMatchObject({ granted: true });
    expect(await one.admit(from('ada'))).toEqual({ granted: false, detail: 'rate limit perAuthor: author "ada" sent 2 messages in the last 1000 ms (at most 2); try again in 500 ms' });
    time = 2_000;
    expect(await one.admit(from('ada'))).toMatchObject({ granted: true });
  });

  redis.it('keeps the budget exact when its connection is killed mid-run (CLIENT KILL)', async () => {
    const client = redis.client();
    const admin = redis.client();
    let kills = 0;
    const agent: Agent = async (m, context) => {
      if (Number(m.id.slice(1)) % 7 === 3) {
        const id = await client.client('ID');
        void admin.client('KILL', 'ID', String(id)).then(() => kills++, () => undefined);
      }
      return later(m, context) as Promise<{ text: string }>;
    };
    const summary = await runtime(pricingOn(client, prefix, { perMessage: 1, budget: { total: 20 } }), messages(60, 'k'), agent).run();
    expect(kills).toBeGreaterThan(0);
    expect(summary).toMatchObject({ replied: 20, rejected: 40, failed: 0 });
    expect(await admin.get(`${prefix}pall:total`)).toBe('20');
  });
});
