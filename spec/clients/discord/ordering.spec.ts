import { AgentRuntime } from 'rxagent';
import { discordTest, drainTimeoutMs, nextEvents } from './discordTest';

const discord = discordTest();

describe('DiscordClient ordering', () => {
  it('answers two channels concurrently while each channel keeps its order', async () => {
    const fake = await discord.start();
    const client = discord.client();
    // The first message in #general waits until #random has been answered: only concurrent
    // channels can finish this; and within #general the second message must wait for the first.
    const agent = async (message: { text: string; conversationId: string }) => {
      if (message.text === 'general-1') await fake.waitFor(() => fake.postsIn('201').length === 2, '#random answered');
      return { text: `re: ${message.text}` };
    };
    const runtime = new AgentRuntime({ inputs: [client], outputs: [client], agent, concurrency: 4, drainTimeoutMs });
    await discord.run(runtime, client);
    const delivered = nextEvents(runtime.events$, 'delivered', 5);

    fake.sendMessage({ channelId: '200', content: 'general-1', mentionBot: true });
    fake.sendMessage({ channelId: '200', content: 'general-2', mentionBot: true });
    fake.sendMessage({ channelId: '200', content: 'general-3', mentionBot: true });
    fake.sendMessage({ channelId: '201', content: 'random-1', mentionBot: true });
    fake.sendMessage({ channelId: '201', content: 'random-2', mentionBot: true });
    await delivered;

    expect(fake.postsIn('200').map((post) => post.content)).toEqual(['re: general-1', 're: general-2', 're: general-3']);
    expect(fake.postsIn('201').map((post) => post.content)).toEqual(['re: random-1', 're: random-2']);
    const firstGeneral = fake.posts.findIndex((post) => post.content === 're: general-1');
    const lastRandom = fake.posts.findIndex((post) => post.content === 're: random-2');
    expect(lastRandom).toBeLessThan(firstGeneral);
  });
});
