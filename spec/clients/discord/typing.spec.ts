import { VirtualTimeScheduler, firstValueFrom } from 'rxjs';
import { AgentRuntime } from 'rxagent';
import { discordTest, drainTimeoutMs, nextClientEvent, nextEvents } from './discordTest';

const discord = discordTest();

describe('DiscordClient typing indicator', () => {
  it('shows typing in the channel while the agent works, when asked to', async () => {
    const fake = await discord.start();
    const client = discord.client({ typing: true });
    // The agent answers only once the typing request has reached Discord.
    const agent = async () => {
      await fake.waitFor(() => fake.requests.some((request) => request.path === '/channels/200/typing'), 'typing');
      return { text: 'done thinking' };
    };
    const runtime = new AgentRuntime({ inputs: [client], outputs: [client], agent, drainTimeoutMs });
    await discord.run(runtime, client);
    const delivered = nextEvents(runtime.events$, 'delivered');
    fake.sendMessage({ channelId: '200', content: 'think hard', mentionBot: true });
    await delivered;
    const paths = fake.requests.filter((request) => request.method === 'POST').map((request) => `${request.path} ${request.status}`);
    expect(paths).toEqual(['/channels/200/typing 204', '/channels/200/messages 200']);
  });

  it('sends no typing request by default', async () => {
    const fake = await discord.start();
    const client = discord.client();
    const runtime = new AgentRuntime({ inputs: [client], outputs: [client], agent: () => ({ text: 'quick' }), drainTimeoutMs });
    await discord.run(runtime, client);
    const delivered = nextEvents(runtime.events$, 'delivered');
    fake.sendMessage({ channelId: '200', content: 'hi', mentionBot: true });
    await delivered;
    expect(fake.requests.filter((request) => request.path.endsWith('/typing'))).toEqual([]);
  });
});

describe('DiscordClient typing refresh (client scheduler in virtual time)', () => {
  it('refreshes typing every 8 s until typingTimeoutMs, then stops', async () => {
    const fake = await discord.start();
    const scheduler = new VirtualTimeScheduler();
    const client = discord.client({ typing: true, typingTimeoutMs: 30_000, scheduler });
    const ready = nextClientEvent(client, 'ready');
    const subscription = client.messages$.subscribe();
    discord.cleanup(async () => {
      subscription.unsubscribe();
      await fake.waitFor(() => fake.connected === 0, 'the gateway to close');
    });
    await ready;
    const message = firstValueFrom(client.messages$);
    fake.sendMessage({ channelId: '200', content: 'take your time', mentionBot: true });
    await message;

    scheduler.flush(); // 0, 8, 16 and 24 s; at 32 s the 30 s limit has passed
    await fake.waitFor(() => fake.requests.filter((request) => request.path === '/channels/200/typing').length === 4, 'four typing requests');
    expect(scheduler.now()).toBe(24_000);
  });
});
