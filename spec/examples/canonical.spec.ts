// The README's canonical example (cron + Discord in, X out) end to end: the real node-cron,
// discord.js and twitter-api-v2 clients against loopback fakes of Discord and X.
import { filter, firstValueFrom, take } from 'rxjs';
import { cronInput } from 'rxagent/cron';
import { DiscordClient } from 'rxagent/discord';
import { FakeDiscord, FakeXApi } from 'rxagent/testing';
import { TwitterClient } from 'rxagent/twitter';
import { DAILY, createCanonicalRuntime } from '../../examples/canonical';

const DISCORD_TOKEN = 'MTAwMA.fake-discord.test-token-for-rxagent';
const X_CREDENTIALS = { appKey: 'test-app-key', appSecret: 'test-app-secret', accessToken: '1000-test-access-token', accessSecret: 'test-access-secret' };

describe('the canonical example: inputs [cron, discord], outputs [twitter]', () => {
  let discordFake: FakeDiscord;
  let xFake: FakeXApi;
  beforeEach(async () => {
    discordFake = await FakeDiscord.start({ token: DISCORD_TOKEN });
    xFake = await FakeXApi.start();
  });
  afterEach(async () => {
    await discordFake.close();
    await xFake.close();
  });

  it('posts on X what Discord said, and the cron summary of it, in order', async () => {
    const discord = new DiscordClient({ token: DISCORD_TOKEN, env: {}, clientOptions: discordFake.clientOptions });
    const twitter = new TwitterClient({ baseUrl: xFake.url, credentials: X_CREDENTIALS, env: {}, mentions: false });
    // Every second instead of 9 every morning; the test waits for the first tick after the Discord post.
    const cron = cronInput({ name: 'cron', expression: '* * * * * *', text: DAILY });
    const runtime = createCanonicalRuntime({ cron, discord, twitter, drainTimeoutMs: 100 });
    const delivered = firstValueFrom(runtime.events$.pipe(filter((event) => event.type === 'delivered'), take(1)));
    const ready = firstValueFrom(discord.events$.pipe(filter((event) => event.type === 'ready')));
    const done = runtime.run();
    try {
      await ready;
      await delivered; // the first cron tick: nothing heard yet
      discordFake.sendMessage({ channelId: '200', content: 'we shipped v1', mentionBot: true });
      await xFake.waitFor(() => xFake.posted().some((tweet) => tweet.text.startsWith('Daily summary: 1 message')), { timeoutMs: 5000, what: 'the summary of the Discord message' });
    } finally {
      await runtime.stop();
    }
    const summary = await done;

    const texts = xFake.posted().map((tweet) => tweet.text);
    expect(texts[0]).toBe('Daily summary: a quiet day');
    // Ticks before the Discord message report a quiet day; the first one after it reports the message.
    const fromDiscord = texts.indexOf('Ada Lovelace on Discord: we shipped v1');
    const reported = texts.indexOf('Daily summary: 1 message, the last: "we shipped v1"');
    expect(fromDiscord).toBeGreaterThan(0);
    expect(reported).toBeGreaterThan(fromDiscord);
    expect(texts.filter((_, i) => i !== fromDiscord && i !== reported)).toEqual(texts.slice(2).map(() => 'Daily summary: a quiet day'));
    expect(xFake.posted().map((tweet) => tweet.in_reply_to_tweet_id)).toEqual(texts.map(() => undefined)); // new posts, not replies
    expect(discordFake.posts).toEqual([]); // Discord is only an input here
    expect(summary).toMatchObject({ failed: 0, deliveryFailed: 0, inputsFailed: 0 });
    expect(summary.delivered).toBe(texts.length);
  });
});
