import { AgentRuntime } from 'rxagent';
import { DiscordClient } from 'rxagent/discord';
import { FakeDiscord, type FakeDiscordUser } from 'rxagent/testing';
import { TOKEN, drainTimeoutMs, nextClientEvent, nextEvents } from './discordTest';

const botA: FakeDiscordUser = { id: '4001', username: 'bot-a', bot: true };
const botB: FakeDiscordUser = { id: '4002', username: 'bot-b', bot: true };

describe('DiscordClient with the runtime loop guards (two bots in one channel)', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('two bots answering each other (allowBots on) are stopped by the ping-pong guard by themselves', async () => {
    // One channel seen by two bots: what one posts, the other's gateway delivers (as a bot author, mentioning it).
    let fakeA: FakeDiscord | undefined;
    let fakeB: FakeDiscord | undefined;
    fakeA = await FakeDiscord.start({ token: TOKEN, bot: botA, onPost: (post) => fakeB?.sendMessage({ channelId: post.channelId, content: post.content, author: botA, mentionBot: true }) });
    fakeB = await FakeDiscord.start({ token: TOKEN, bot: botB, onPost: (post) => fakeA?.sendMessage({ channelId: post.channelId, content: post.content, author: botB, mentionBot: true }) });
    cleanups.push(() => fakeA!.close(), () => fakeB!.close());

    const runtimes = [fakeA, fakeB].map((fake, i) => {
      const client = new DiscordClient({ token: TOKEN, env: {}, name: `discord-${i}`, allowBots: true, clientOptions: fake.clientOptions });
      const runtime = new AgentRuntime({
        inputs: [client],
        outputs: [client],
        agent: (message) => ({ text: `bot ${i} answers ${message.id}` }),
        guards: client.guards({ pingPong: { maxBotTurns: 2, windowMs: 60_000 } }),
        drainTimeoutMs,
      });
      return { client, runtime };
    });
    const stopped = Promise.race(runtimes.map(({ runtime }) => nextEvents(runtime.events$, 'rejected')));
    const runs: Promise<Awaited<ReturnType<AgentRuntime['run']>>>[] = [];
    for (const { client, runtime } of runtimes) {
      const ready = nextClientEvent(client, 'ready');
      const done = runtime.run();
      runs.push(done);
      cleanups.push(async () => {
        if (runtime.running) await runtime.stop();
        await done.catch(() => undefined);
      });
      await ready;
    }

    fakeA.sendMessage({ channelId: '200', content: 'hello bots', mentionBot: true });
    const [loop] = await stopped;

    expect(loop).toMatchObject({ reason: 'loop' });
    expect(loop?.message?.author?.isBot).toBe(true);
    // Nothing more is posted after the loop was stopped: a bounded exchange.
    const total = fakeA.posts.length + fakeB.posts.length;
    expect(total).toBeLessThanOrEqual(5);
    expect(total).toBeGreaterThanOrEqual(2);
    await Promise.all(runtimes.map(({ runtime }) => runtime.stop()));
    const summaries = await Promise.all(runs);
    expect(summaries.reduce((sum, summary) => sum + (summary.rejectedBy.loop ?? 0), 0)).toBe(1);
    expect(summaries.reduce((sum, summary) => sum + summary.replied, 0)).toBe(total);
    expect(fakeA.posts.length + fakeB.posts.length).toBe(total);
  });
});

describe('DiscordClient with overlap coalesce (a busy channel)', () => {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("a user's quick messages sent while the bot is busy get one answer, as a reply to the newest", async () => {
    const fake = await FakeDiscord.start({ token: TOKEN });
    cleanups.push(() => fake.close());
    const client = new DiscordClient({ token: TOKEN, env: {}, clientOptions: fake.clientOptions });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const runtime = new AgentRuntime({
      inputs: [client],
      outputs: [client],
      overlap: 'coalesce',
      agent: async (message, { coalesced }) => {
        if (message.text === 'first') await gate;
        return { text: [...coalesced, message].map((each) => each.text).join(' / ') };
      },
      drainTimeoutMs,
    });
    const ready = nextClientEvent(client, 'ready');
    const done = runtime.run();
    cleanups.push(async () => {
      if (runtime.running) await runtime.stop();
      await done.catch(() => undefined);
    });
    await ready;

    const started = nextEvents(runtime.events$, 'started');
    fake.sendMessage({ channelId: '200', content: 'first', mentionBot: true });
    await started;
    const received = nextEvents(runtime.events$, 'received', 3);
    fake.sendMessage({ channelId: '200', content: 'second', mentionBot: true });
    fake.sendMessage({ channelId: '200', content: 'third', mentionBot: true });
    const newest = fake.sendMessage({ channelId: '200', content: 'fourth', mentionBot: true });
    await received;
    release();
    await fake.waitFor(() => fake.posts.length === 2, 'two replies');
    await runtime.stop();
    const summary = await done;

    expect(fake.posts.map((post) => post.content)).toEqual(['first', 'second / third / fourth']);
    expect(fake.posts[1]?.replyTo).toBe(newest);
    expect(summary).toMatchObject({ received: 4, replied: 2, rejectedBy: { coalesced: 2 } });
  });
});
