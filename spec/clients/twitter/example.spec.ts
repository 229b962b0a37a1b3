import { filter, firstValueFrom } from 'rxjs';
import { ConfigError } from 'rxagent';
import { createMentionsBot, main } from '../../../examples/twitter-mentions-bot';
import { CREDENTIALS, nextEvents, twitterTest } from './twitterTest';

const x = twitterTest();

describe('examples/twitter-mentions-bot.ts', () => {
  it('answers mentions on a loopback X API, threaded, and skips a bare mention', async () => {
    const fake = await x.start();
    const question = fake.mention('how are you?', { from: '2002' });
    fake.mention('', { from: '2001' });
    const { runtime } = createMentionsBot({ twitter: { baseUrl: fake.url, credentials: CREDENTIALS, env: {}, skipExisting: false }, drainTimeoutMs: 50 });
    const noReply = nextEvents(runtime.events$, 'noReply');
    const delivered = nextEvents(runtime.events$, 'delivered');
    const done = x.run(runtime);
    await Promise.all([noReply, delivered]);
    await runtime.stop();
    expect(await done).toMatchObject({ received: 2, replied: 1, noReply: 1, delivered: 1 });
    expect(fake.posted()).toEqual([expect.objectContaining({ text: '@grace Thanks for asking! You said: "how are you?"', in_reply_to_tweet_id: question.id })]);
  });

  it('on a first start answers only what comes after it (skipExisting)', async () => {
    const fake = await x.start();
    fake.mention('before the bot started');
    const { runtime, twitter } = createMentionsBot({ twitter: { baseUrl: fake.url, credentials: CREDENTIALS, env: {}, userId: fake.me.id }, drainTimeoutMs: 50 });
    const polled = firstValueFrom(twitter.events$.pipe(filter((event) => event.type === 'polled')));
    const done = x.run(runtime);
    expect(await polled).toMatchObject({ count: 0 });
    await runtime.stop();
    expect(await done).toMatchObject({ received: 0 });
    expect(fake.posted()).toEqual([]);
  });

  it('main() refuses to start without credentials, naming the variables to set, and connects nothing', async () => {
    await expect(main({})).rejects.toThrow(ConfigError);
    await expect(main({})).rejects.toThrow(/set X_API_KEY, X_API_SECRET, X_ACCESS_TOKEN and X_ACCESS_SECRET/);
  });
});
