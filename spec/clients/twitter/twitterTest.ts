import type { AgentRuntime } from 'rxagent';
import { FakeXApi, type FakeXApiOptions } from 'rxagent/testing';
import { TwitterClient, type TwitterClientOptions } from 'rxagent/twitter';
import { teardownAfterEach } from '../../helpers/runtimeTest';

export { nextEvents } from '../../helpers/runtimeTest';

/** Fake OAuth 1.0a credentials: the shape X issues, values that mean nothing. */
export const CREDENTIALS = { appKey: 'test-app-key', appSecret: 'test-app-secret', accessToken: '1000-test-access-token', accessSecret: 'test-access-secret' } as const;

/**
 * A fake X API per test, and clients pointed at it with fake credentials and no environment; the
 * fake and every runtime started through `run` are closed after each test.
 */
export function twitterTest() {
  let fake: FakeXApi | undefined;
  const teardown = teardownAfterEach(async () => {
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
    /** Runs a runtime; it is stopped (and awaited, for at most a second) after the test if still running. */
    run(runtime: AgentRuntime): Promise<unknown> {
      const done = runtime.run();
      teardown.runtime(runtime, done, 1000);
      return done;
    },
  };
}
