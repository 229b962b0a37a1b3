import { AgentRuntime } from 'rxagent';
import { DiscordAPIError } from 'discord.js';
import { TOKEN, discordTest, drainTimeoutMs, nextClientEvent, nextEvents } from './discordTest';

const discord = discordTest();

describe('DiscordClient rate limits and delivery failures', () => {
  it('waits out a 429 with retry_after and the reply still arrives exactly once', async () => {
    const fake = await discord.start();
    const client = discord.client();
    const runtime = new AgentRuntime({ inputs: [client], outputs: [client], agent: () => ({ text: 'pong' }), drainTimeoutMs });
    await discord.run(runtime, client);
    const delivered = nextEvents(runtime.events$, 'delivered');
    const rateLimited = nextClientEvent(client, 'rateLimited');
    const retries: unknown[] = [];
    runtime.events$.subscribe((event) => event.type === 'deliveryRetrying' && retries.push(event));

    fake.rateLimit({ route: 'POST /channels/200/messages', retryAfterMs: 150 });
    fake.sendMessage({ channelId: '200', content: 'ping', mentionBot: true });
    const [event] = await delivered;

    expect(await rateLimited).toMatchObject({ type: 'rateLimited', retryAfterMs: expect.any(Number), global: false });
    const attempts = fake.requests.filter((request) => request.path === '/channels/200/messages');
    expect(attempts.map((request) => request.status)).toEqual([429, 200]);
    // discord.js waited at least as long as asked before sending again.
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(150);
    expect(fake.posts.map((post) => post.content)).toEqual(['pong']);
    expect(event?.attempts).toBe(1);
    expect(retries).toEqual([]);
  });

  it('reports deliveryFailed when Discord keeps refusing, without the token, and keeps answering others', async () => {
    const fake = await discord.start();
    const client = discord.client();
    const runtime = new AgentRuntime({ inputs: [client], outputs: [client], agent: (message) => ({ text: `re: ${message.text}` }), delivery: { retry: { count: 1, delayMs: 10 } }, drainTimeoutMs });
    await discord.run(runtime, client);
    const failed = nextEvents(runtime.events$, 'deliveryFailed');

    fake.fail({ route: 'POST /channels/200/messages', status: 403, code: 50013, message: 'Missing Permissions', times: Infinity });
    fake.sendMessage({ channelId: '200', content: 'can you post here?', mentionBot: true });
    const [event] = await failed;

    expect(event?.attempts).toBe(2);
    expect(event?.error).toBeInstanceOf(DiscordAPIError);
    expect(event?.error).toMatchObject({ status: 403, code: 50013, message: 'Missing Permissions' });
    expect(JSON.stringify(event) + String((event?.error as Error).stack)).not.toContain(TOKEN);

    const delivered = nextEvents(runtime.events$, 'delivered');
    fake.sendMessage({ channelId: '201', content: 'and here?', mentionBot: true });
    await delivered;
    expect(fake.posts.map((post) => post.content)).toEqual(['re: and here?']);
  });

  it('continues a split reply after the part that failed instead of posting it twice', async () => {
    const fake = await discord.start();
    const client = discord.client();
    const text = ['a'.repeat(1500), 'b'.repeat(1500), 'c'.repeat(1500)].join('\n');
    const runtime = new AgentRuntime({ inputs: [client], outputs: [client], agent: () => ({ text }), delivery: { retry: { count: 2, delayMs: 10 } }, drainTimeoutMs });
    await discord.run(runtime, client);
    const delivered = nextEvents(runtime.events$, 'delivered');
    let posts = 0;
    const sub = client.events$.subscribe((event) => {
      if (event.type === 'posted' && ++posts === 1) fake.fail({ route: 'POST /channels/200/messages', status: 500, message: 'Internal Server Error', times: 4 });
    });

    fake.sendMessage({ channelId: '200', content: 'long please', mentionBot: true });
    const [event] = await delivered;
    sub.unsubscribe();

    expect(event?.attempts).toBeGreaterThan(1);
    expect(fake.postsIn('200').map((post) => post.content[0])).toEqual(['a', 'b', 'c']);
  });
});
