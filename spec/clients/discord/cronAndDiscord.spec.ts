import { AgentRuntime, type Agent } from 'rxagent';
import { cronInput } from 'rxagent/cron';
import { discordTest, drainTimeoutMs } from './discordTest';

const discord = discordTest();

describe('cron and Discord inputs, Discord output (all on loopback)', () => {
  it('posts cron results to the default channel and answers mentions in their threads, side by side', async () => {
    const fake = await discord.start();
    const client = discord.client({ defaultChannelId: '201' });
    const agent: Agent = (message) => (message.source === 'cron' ? { text: 'Daily digest: all quiet.' } : { text: `Hi ${message.author?.name ?? 'there'}!` });
    const runtime = new AgentRuntime({ inputs: [cronInput({ name: 'cron', expression: '* * * * * *', text: 'digest' }), client], outputs: [client], agent, drainTimeoutMs });
    await discord.run(runtime, client);
    const mention = fake.sendMessage({ channelId: '200', content: 'hello bot', mentionBot: true });
    await fake.waitFor(() => fake.postsIn('200').length === 1 && fake.postsIn('201').length >= 1, 'the reply and a cron post', 3000);

    expect(fake.postsIn('200')).toEqual([expect.objectContaining({ content: 'Hi Ada Lovelace!', replyTo: mention })]);
    expect(fake.postsIn('201')[0]).toMatchObject({ content: 'Daily digest: all quiet.' });
    expect(fake.postsIn('201')[0]?.replyTo).toBeUndefined();
  });
});
