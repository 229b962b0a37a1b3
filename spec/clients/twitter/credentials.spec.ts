import { inspect } from 'node:util';
import { AgentRuntime, ConfigError, type AgentEvent } from 'rxagent';
import { TwitterClient, XApiError, type TwitterClientEvent } from 'rxagent/twitter';
import { CREDENTIALS, twitterTest } from './twitterTest';

const x = twitterTest();
const ENV = { X_API_KEY: 'env-app-key', X_API_SECRET: 'env-app-secret', X_ACCESS_TOKEN: '1000-env-access-token', X_ACCESS_SECRET: 'env-access-secret' };

/** The ConfigError message of constructing a client with these options. */
function configError(options: ConstructorParameters<typeof TwitterClient>[0]): string {
  try {
    new TwitterClient(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('TwitterClient credentials and construction', () => {
  it('fails at construction with a message that says how to fix missing or invalid credentials', () => {
    expect(configError({ env: {} })).toBe(
      'credentials: no user credentials for X: set X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN and X_ACCESS_SECRET (OAuth 1.0a), or X_USER_TOKEN (OAuth 2 user token), or pass credentials: { … }',
    );
    expect(configError({ env: { ...ENV, X_ACCESS_SECRET: undefined } })).toBe(
      'credentials: OAuth 1.0a needs all four of appKey, appSecret, accessToken and accessSecret; missing accessSecret (env X_ACCESS_SECRET)',
    );
    expect(configError({ env: { ...ENV, X_ACCESS_TOKEN: 'AAAAAAAAAAAAAAAAAAAAAbearer' } })).toMatch(/^credentials\.accessToken: is not an OAuth 1\.0a user access token/);
    expect(configError({ env: {}, credentials: { userToken: 'Bearer abc' } })).toMatch(/^credentials\.userToken: starts with an authorization scheme/);
    expect(configError({ env: {}, credentials: { userToken: 'abc\n' } })).toMatch(/^credentials\.userToken: contains whitespace/);
    expect(configError({ env: ENV, stream: true })).toBe('credentials.bearerToken: the filtered stream (stream: true) needs the app bearer token: set X_BEARER_TOKEN or pass credentials: { bearerToken }');
    expect(configError({ env: { ...ENV, X_USER_TOKEN: 'user-token' } })).toMatch(/^credentials: both OAuth 1\.0a keys and an OAuth 2 userToken are set/);
  });

  it('never puts a credential value in a construction error', () => {
    const secret = 'sUpErSeCrEt';
    const messages = [
      configError({ env: {}, credentials: { appKey: secret } }),
      configError({ env: {}, credentials: { ...CREDENTIALS, accessToken: secret } }),
      configError({ env: {}, credentials: { userToken: `${secret} x` } }),
    ];
    for (const message of messages) expect(message).not.toContain(secret);
  });

  it('checks its other options at construction', () => {
    const ok = { env: ENV };
    expect(configError({ ...ok, pollIntervalMs: 10 })).toBe('pollIntervalMs: must be a finite number, at least 1000 (got 10)');
    expect(configError({ ...ok, overflow: 'wrap' as never })).toBe('overflow: must be "thread" or "truncate" (got "wrap")');
    expect(configError({ ...ok, userId: '@ada' })).toMatch(/^userId: must be the account's numeric id/);
    expect(configError({ ...ok, baseUrl: 'ftp://127.0.0.1' })).toMatch(/^baseUrl: must be an http\(s\) origin/);
    expect(configError({ ...ok, baseUrl: 'http://127.0.0.1:1/prefix' })).toMatch(/^baseUrl: must be an http\(s\) origin/);
    expect(configError({ ...ok, cursorStore: {} as never })).toMatch(/^cursorStore: must be a CursorStore/);
  });

  it('reads credentials from X_* environment variables, connects nothing at construction, and hides them from inspection', async () => {
    const fake = await x.start();
    const twitter = new TwitterClient({ env: ENV, baseUrl: fake.url });
    expect(twitter.name).toBe('twitter');
    expect(fake.requests).toEqual([]);
    for (const shown of [inspect(twitter, { depth: 10, showHidden: true }), JSON.stringify(twitter)]) {
      for (const value of Object.values(ENV)) expect(shown).not.toContain(value);
    }
    const subscription = twitter.messages$.subscribe();
    await fake.waitForRequests('GET /2/users/:id/mentions', 1);
    subscription.unsubscribe();
    expect(fake.requests.map((r) => [r.method, r.path, r.auth])).toEqual([
      ['GET', '/2/users/me', 'oauth1'],
      ['GET', `/2/users/${fake.me.id}/mentions`, 'oauth1'],
    ]);
  });

  it('accepts an OAuth 2 user token, sent as a bearer', async () => {
    const fake = await x.start();
    const twitter = new TwitterClient({ env: { X_USER_TOKEN: 'oauth2-user-token' }, baseUrl: fake.url, userId: fake.me.id, mentions: false });
    await new Promise<void>((resolve, reject) => twitter.send({ message: { id: 'm', conversationId: 'c', text: 'x' }, reply: { text: 'hello' }, attempts: 1, startedAt: 0, finishedAt: 0 }).subscribe({ error: reject, complete: resolve }));
    expect(fake.requestsTo('POST /2/tweets')[0]).toMatchObject({ auth: 'bearer', status: 201 });
  });

  it('ends the mentions input with an XApiError when X rejects the credentials, without the tokens: the runtime reports inputFailed', async () => {
    const fake = await x.start();
    fake.fail('GET /2/users/:id/mentions', { status: 401 });
    const twitter = x.client({ userId: fake.me.id });
    const clientEvents: TwitterClientEvent[] = [];
    twitter.events$.subscribe((event) => clientEvents.push(event));
    const runtime = new AgentRuntime({ inputs: [twitter], outputs: [twitter], agent: () => ({ text: 'hi' }), drainTimeoutMs: 50 });
    const events: AgentEvent[] = [];
    runtime.events$.subscribe((event) => events.push(event));
    const summary = await x.run(runtime);
    const failed = events.find((event) => event.type === 'inputFailed');
    expect(failed).toMatchObject({ input: 'twitter' });
    const error = (failed as { error: unknown }).error;
    expect(error).toBeInstanceOf(XApiError);
    expect(String(error)).toBe('XApiError: GET /2/users/:id/mentions failed with HTTP 401: Unauthorized');
    const everything = inspect([events, clientEvents, error], { depth: 20, showHidden: true });
    for (const value of Object.values(CREDENTIALS)) expect(everything).not.toContain(value);
    expect(summary).toMatchObject({ inputsFailed: 1 });
  });

  it('rejects misuse at compile time', () => {
    const construct = (make: () => TwitterClient) => expect(make).toThrow(ConfigError);
    // @ts-expect-error overflow is "thread" or "truncate"
    construct(() => new TwitterClient({ env: ENV, overflow: 'wrap' }));
    // @ts-expect-error pollIntervalMs is a number of ms
    construct(() => new TwitterClient({ env: ENV, pollIntervalMs: '60s' }));
    // @ts-expect-error credentials are strings
    construct(() => new TwitterClient({ env: {}, credentials: { userToken: 42 } }));
  });
});
