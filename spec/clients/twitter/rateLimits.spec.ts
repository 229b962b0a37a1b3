import { AgentRuntime } from 'rxagent';
import type { TwitterClientEvent } from 'rxagent/twitter';
import type { AgentEvent } from 'rxagent';
import { twitterTest } from './twitterTest';
import { VirtualClock } from './virtualClock';

const x = twitterTest();
const MINUTE = 60_000;

describe('TwitterClient and X rate limits, in virtual time', () => {
  it('waits out a 429 on a reply until x-rate-limit-reset (15 minutes) and posts it once', async () => {
    const clock = new VirtualClock();
    const fake = await x.start({ clock: () => clock.now() });
    const mention = fake.mention('hello?');
    fake.rateLimit('POST /2/tweets', { times: 1, resetInMs: 15 * MINUTE });
    const twitter = x.client({ userId: fake.me.id, scheduler: clock.scheduler });
    const clientEvents: TwitterClientEvent[] = [];
    twitter.events$.subscribe((event) => clientEvents.push(event));
    const runtime = new AgentRuntime({ inputs: [twitter], outputs: [twitter], agent: () => ({ text: 'hi there' }), scheduler: clock.scheduler });
    const events: AgentEvent[] = [];
    runtime.events$.subscribe((event) => events.push(event));
    void x.run(runtime);

    await clock.until(() => clientEvents.some((e) => e.type === 'rateLimited'), 'the 429');
    expect(clientEvents.find((e) => e.type === 'rateLimited')).toEqual({ type: 'rateLimited', at: 0, operation: 'POST /2/tweets', waitMs: 15 * MINUTE });
    clock.advance(15 * MINUTE - 1);
    await clock.idle();
    expect(fake.requestsTo('POST /2/tweets').map((r) => r.status)).toEqual([429]);

    clock.advance(1);
    await clock.until(() => events.some((e) => e.type === 'delivered'), 'the delivery');
    expect(fake.requestsTo('POST /2/tweets').map((r) => [r.status, r.at])).toEqual([
      [429, 0],
      [201, 15 * MINUTE],
    ]);
    expect(fake.posted()).toEqual([expect.objectContaining({ text: 'hi there', in_reply_to_tweet_id: mention.id })]);
    expect(events.filter((e) => e.type === 'deliveryFailed' || e.type === 'deliveryRetrying')).toEqual([]);
    expect(events.find((e) => e.type === 'delivered')?.at).toBe(15 * MINUTE);
    await runtime.stop();
  });

  it('spaces mention polls by x-rate-limit-remaining so the window never runs out', async () => {
    const clock = new VirtualClock();
    const fake = await x.start({ clock: () => clock.now(), limits: { 'GET /2/users/:id/mentions': 3 } });
    const twitter = x.client({ userId: fake.me.id, scheduler: clock.scheduler, pollIntervalMs: MINUTE });
    const subscription = twitter.messages$.subscribe();
    try {
      for (let polls = 1; polls <= 5; polls++) {
        await fake.waitForRequests('GET /2/users/:id/mentions', polls);
        await clock.until(() => clock.scheduler.actions.length > 0, 'the next poll to be scheduled');
        clock.advance(clock.scheduler.actions[0]!.delay - clock.now());
      }
    } finally {
      subscription.unsubscribe();
    }
    // 3 requests per 15 minutes: the first poll leaves 2, so the next waits 15/2 minutes, and so on.
    const polls = fake.requestsTo('GET /2/users/:id/mentions');
    expect(polls.map((r) => r.status)).not.toContain(429);
    expect(polls.map((r) => r.at).slice(0, 3)).toEqual([0, 7.5 * MINUTE, 15 * MINUTE]);
  });

  it('waits for the reset after a 429 on the mentions poll, then polls again', async () => {
    const clock = new VirtualClock();
    const fake = await x.start({ clock: () => clock.now() });
    fake.rateLimit('GET /2/users/:id/mentions', { times: 1, resetInMs: 10 * MINUTE });
    const twitter = x.client({ userId: fake.me.id, scheduler: clock.scheduler });
    const events: TwitterClientEvent[] = [];
    twitter.events$.subscribe((event) => events.push(event));
    const received: string[] = [];
    const subscription = twitter.messages$.subscribe((message) => received.push(message.text));
    try {
      await clock.until(() => events.some((e) => e.type === 'rateLimited'), 'the 429');
      expect(events).toEqual([{ type: 'rateLimited', at: 0, operation: 'GET /2/users/:id/mentions', waitMs: 10 * MINUTE }]);
      fake.mention('are you there?');
      clock.advance(10 * MINUTE);
      await clock.until(() => received.length === 1, 'the mention');
      expect(received).toEqual(['@rxagent_bot are you there?']);
      expect(fake.requestsTo('GET /2/users/:id/mentions').map((r) => [r.status, r.at])).toEqual([
        [429, 0],
        [200, 10 * MINUTE],
      ]);
    } finally {
      subscription.unsubscribe();
    }
  });

  it('backs off after a server error on the mentions poll and recovers', async () => {
    const clock = new VirtualClock();
    const fake = await x.start({ clock: () => clock.now() });
    fake.fail('GET /2/users/:id/mentions', { status: 503, times: 2 });
    const twitter = x.client({ userId: fake.me.id, scheduler: clock.scheduler, pollIntervalMs: MINUTE });
    const events: TwitterClientEvent[] = [];
    twitter.events$.subscribe((event) => events.push(event));
    const subscription = twitter.messages$.subscribe();
    try {
      await clock.until(() => events.length === 1, 'the first failure');
      clock.advance(MINUTE);
      await clock.until(() => events.length === 2, 'the second failure');
      clock.advance(2 * MINUTE);
      await clock.until(() => events.length === 3, 'the recovery');
      expect(events.map((e) => [e.type, e.at, 'retryInMs' in e ? e.retryInMs : 'nextPollInMs' in e ? e.nextPollInMs : undefined])).toEqual([
        ['pollFailed', 0, MINUTE],
        ['pollFailed', MINUTE, 2 * MINUTE],
        ['polled', 3 * MINUTE, MINUTE],
      ]);
      expect(String((events[0] as { error: unknown }).error)).toBe('XApiError: GET /2/users/:id/mentions failed with HTTP 503: Service Unavailable');
    } finally {
      subscription.unsubscribe();
    }
  });
});
