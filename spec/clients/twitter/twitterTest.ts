import { firstValueFrom, filter, take, toArray, type Observable } from 'rxjs';
import type { AgentEvent, AgentRuntime } from 'rxagent';
import { FakeXApi, type FakeXApiOptions } from 'rxagent/testing';
import { TwitterClient, type TwitterClientOptions } from 'rxagent/twitter';

/** Fake OAuth 1.0a credentials: the shape X issues, values that mean nothing. */
export const CREDENTIALS = { appKey: 'test-app-key', appSecret: 'test-app-secret', accessToken: '1000-test-access-token', accessSecret: 'test-access-secret' } as const;

/**
 * A fake X API per test, and clients pointed at it with fake credentials and no environment; the
 * fake and every runtime started through `track` are closed after each test.
 */
export function twitterTest() {
  let fake: FakeXApi | undefined;
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await fake?.close();
    fake = undefined;
  });
  return {
    async start(options: FakeXApiOptions = {}): Promise<FakeXApi> {
      fake = await FakeXApi.start(options);
      return fake;
    },
    client(options: TwitterClientOptions = {}): TwitterClient {
      if (fake === undefined) throw new Error('start the fake first');
      return new TwitterClient({ baseUrl: fake.url, credentials: CREDENTIALS, env: {}, ...options });
    },
    /** Runs a runtime; it is stopped (and awaited) after the test if still running. */
    run(runtime: AgentRuntime): Promise<unknown> {
      const done = runtime.run();
      cleanups.push(async () => {
        // A runtime on a virtual clock that a failed test left mid-wait never drains: stop cuts its
        // inputs at once, and the test moves on after a second.
        let timer: NodeJS.Timeout | undefined;
        const giveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, 1000)));
        if (runtime.running) await Promise.race([runtime.stop().then(() => done).catch(() => undefined), giveUp]);
        clearTimeout(timer);
      });
      return done;
    },
  };
}

/** The first `count` events of `type`, subscribed now (before the runtime runs). */
export function nextEvents<T extends AgentEvent['type']>(events$: Observable<AgentEvent>, type: T, count = 1): Promise<Extract<AgentEvent, { type: T }>[]> {
  return firstValueFrom(
    events$.pipe(
      filter((event): event is Extract<AgentEvent, { type: T }> => event.type === type),
      take(count),
      toArray(),
    ),
  );
}
