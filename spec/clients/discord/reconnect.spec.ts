import { firstValueFrom } from 'rxjs';
import { AgentRuntime } from 'rxagent';
import { Options } from 'discord.js';
import { discordTest, drainTimeoutMs, nextClientEvent, nextEvents } from './discordTest';

const discord = discordTest();
// With no message cache, discord.js passes every gateway delivery on: what it does for a message
// that left its cache (a long outage, a restart). Our own de-duplication must then hold.
const noMessageCache = { makeCache: Options.cacheWithLimits({ MessageManager: 0 }) };

describe('DiscordClient reconnection and duplicates', () => {
  it('resumes after a gateway close 4000 and answers a replayed message once', async () => {
    const fake = await discord.start();
    const client = discord.client({ clientOptions: noMessageCache });
    const runtime = new AgentRuntime({ inputs: [client], outputs: [client], agent: (message) => ({ text: `re: ${message.text}` }), drainTimeoutMs });
    await discord.run(runtime, client);
    const first = nextEvents(runtime.events$, 'delivered');
    const id = fake.sendMessage({ channelId: '200', content: 'once only', mentionBot: true });
    await first;

    const resumed = nextClientEvent(client, 'resumed');
    const duplicate = nextClientEvent(client, 'ignored', (event) => event.reason === 'duplicate');
    fake.disconnect(4000, { replay: [id] });
    await resumed;
    expect(await duplicate).toMatchObject({ messageId: id, channelId: '200' });
    expect(fake.commands.map((command) => command.name).filter((name) => name !== 'HEARTBEAT')).toEqual(['IDENTIFY', 'RESUME']);

    // Messages keep flowing on the resumed session.
    const next = nextEvents(runtime.events$, 'delivered');
    fake.sendMessage({ channelId: '200', content: 'after resume', mentionBot: true });
    await next;
    expect(fake.posts.map((post) => post.content)).toEqual(['re: once only', 're: after resume']);
  });

  it('lets discord.js drop a replay of a cached message, so it is answered once too', async () => {
    const fake = await discord.start();
    const client = discord.client();
    const received: string[] = [];
    const runtime = new AgentRuntime({ inputs: [client], outputs: [client], agent: (message) => (received.push(message.id), { text: 'ok' }), drainTimeoutMs });
    await discord.run(runtime, client);
    const first = nextEvents(runtime.events$, 'delivered');
    const id = fake.sendMessage({ channelId: '200', content: 'hello', mentionBot: true });
    await first;

    const ignored: string[] = [];
    client.events$.subscribe((event) => event.type === 'ignored' && ignored.push(event.reason));
    const resumed = nextClientEvent(client, 'resumed');
    fake.disconnect(4000, { replay: [id] });
    await resumed;
    const next = nextEvents(runtime.events$, 'delivered');
    fake.sendMessage({ channelId: '200', content: 'again', mentionBot: true });
    await next;
    expect(received).toHaveLength(2);
    expect(received[0]).toBe(id);
    expect(fake.posts).toHaveLength(2);
    // The replay never reached the client: discord.js still had the message in its cache.
    expect(ignored).not.toContain('duplicate');
  });

  it('identifies again after a close 1000 and keeps answering', async () => {
    const fake = await discord.start();
    const client = discord.client();
    const runtime = new AgentRuntime({ inputs: [client], outputs: [client], agent: (message) => ({ text: `re: ${message.text}` }), drainTimeoutMs });
    await discord.run(runtime, client);

    const reconnecting = nextClientEvent(client, 'reconnecting');
    const back = nextClientEvent(client, 'resumed');
    fake.disconnect(1000);
    await reconnecting;
    await back;
    expect(fake.commands.filter((command) => command.name === 'IDENTIFY')).toHaveLength(2);

    const delivered = nextEvents(runtime.events$, 'delivered');
    fake.sendMessage({ channelId: '201', content: 'still there?', mentionBot: true });
    await delivered;
    expect(fake.posts.map((post) => post.content)).toEqual(['re: still there?']);
  });

  it('answers a message replayed to a fresh connection (a restart) once', async () => {
    const fake = await discord.start();
    const client = discord.client();
    const first = new AgentRuntime({ inputs: [client], outputs: [client], agent: () => ({ text: 'first run' }), drainTimeoutMs });
    await discord.run(first, client);
    const delivered = nextEvents(first.events$, 'delivered');
    const id = fake.sendMessage({ channelId: '200', content: 'hi', mentionBot: true });
    await delivered;
    await first.stop();
    await fake.waitFor(() => fake.connected === 0, 'the first connection to close');

    // The same client object in a new run logs in again: a new discord.js client with an empty cache.
    const second = new AgentRuntime({ inputs: [client], outputs: [client], agent: () => ({ text: 'second run' }), drainTimeoutMs });
    await discord.run(second, client);
    const duplicate = nextClientEvent(client, 'ignored', (event) => event.reason === 'duplicate');
    fake.replay(id);
    expect(await duplicate).toMatchObject({ messageId: id });
    expect(fake.posts.map((post) => post.content)).toEqual(['first run']);
  });
});

describe('DiscordClient disconnect', () => {
  it('closes the gateway cleanly when unsubscribed before it is ready', async () => {
    const fake = await discord.start();
    const client = discord.client();
    const ready = nextClientEvent(client, 'ready');
    client.messages$.subscribe().unsubscribe();
    await ready;
    await fake.waitFor(() => fake.connected === 0, 'the gateway to close');
    expect(fake.commands.filter((command) => command.name === 'IDENTIFY')).toHaveLength(1);
    expect(fake.requests.map((request) => request.path)).toEqual(['/gateway/bot']);
  });

  it('shares one gateway connection between subscribers', async () => {
    const fake = await discord.start();
    const client = discord.client();
    const ready = nextClientEvent(client, 'ready');
    const a: string[] = [];
    const b: string[] = [];
    const first = client.messages$.subscribe((message) => a.push(message.text));
    const second = client.messages$.subscribe((message) => b.push(message.text));
    discord.cleanup(async () => {
      first.unsubscribe();
      second.unsubscribe();
      await fake.waitFor(() => fake.connected === 0, 'the gateway to close');
    });
    await ready;
    const seen = firstValueFrom(client.messages$); // a third subscriber, on the same connection
    fake.sendMessage({ channelId: '200', content: 'to both', mentionBot: true });
    await seen;
    expect(fake.commands.filter((command) => command.name === 'IDENTIFY')).toHaveLength(1);
    expect([a, b]).toEqual([['to both'], ['to both']]);
  });
});
