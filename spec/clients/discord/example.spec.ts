import { ConfigError } from 'rxagent';
import { createDiscordBot, main } from '../../../examples/discord-bot';
import { TOKEN, discordTest, nextEvents } from './discordTest';

const discord = discordTest();

describe('examples/discord-bot.ts', () => {
  it('fails before connecting when DISCORD_TOKEN is not set', async () => {
    await expect(main({})).rejects.toThrow(ConfigError);
    await expect(main({})).rejects.toThrow('DISCORD_TOKEN');
  });

  it('answers a mention in a thread and remembers the channel conversation, against the fake', async () => {
    const fake = await discord.start();
    const log: string[] = [];
    const { runtime, discord: client } = createDiscordBot({ discord: { token: TOKEN, env: {}, clientOptions: fake.clientOptions }, drainTimeoutMs: 50, log: (line) => log.push(line) });
    await discord.run(runtime, client);
    const delivered = nextEvents(runtime.events$, 'delivered', 2);
    const first = fake.sendMessage({ channelId: '200', content: 'ping', mentionBot: true });
    await fake.waitFor(() => fake.posts.length === 1, 'the first reply');
    fake.sendMessage({ channelId: '200', content: 'how are you?', mentionBot: true });
    await delivered;
    expect(fake.posts.map((post) => post.content)).toEqual(['pong', 'Ada Lovelace said: "how are you?" (we have talked 1 time here)']);
    expect(fake.posts[0]?.replyTo).toBe(first);
    expect(log).toEqual([`connected as ${fake.bot.id} in 1 server(s)`]);
  });
});
