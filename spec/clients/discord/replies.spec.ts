import { inspect } from 'node:util';
import { Subject } from 'rxjs';
import { AgentRuntime, type AgentMessage } from 'rxagent';
import { FakeDiscord } from 'rxagent/testing';
import { TOKEN, discordTest, drainTimeoutMs, nextClientEvent, nextEvents } from './discordTest';

const discord = discordTest();

describe('DiscordClient replies (real discord.js against a loopback Discord)', () => {
  it('answers a mention with a threaded reply carrying the agent text', async () => {
    const fake = await discord.start();
    const client = discord.client();
    const runtime = new AgentRuntime({ inputs: [client], outputs: [client], agent: (message) => ({ text: `echo: ${message.text}` }), drainTimeoutMs });
    await discord.run(runtime, client);
    const delivered = nextEvents(runtime.events$, 'delivered');

    const id = fake.sendMessage({ channelId: '200', content: 'what is 2 + 2?', mentionBot: true });
    const [event] = await delivered;

    expect(fake.posts).toEqual([expect.objectContaining({ channelId: '200', content: 'echo: what is 2 + 2?', replyTo: id })]);
    expect(event?.result.message).toMatchObject({
      id,
      conversationId: '200',
      text: 'what is 2 + 2?',
      source: 'discord',
      author: { id: FakeDiscord.ada.id, name: 'Ada Lovelace', isBot: false },
      metadata: { platform: 'discord', messageId: id, channelId: '200', guildId: '100', isDirectMessage: false, mentioned: true, content: `<@${fake.bot.id}> what is 2 + 2?` },
    });
    expect(typeof event?.result.message.timestamp).toBe('number');
    const [post] = fake.requests.filter((request) => request.method === 'POST');
    expect(post).toMatchObject({ path: '/channels/200/messages', authorized: true, body: { message_reference: { message_id: id }, allowed_mentions: { parse: ['users'], replied_user: true } } });
    // Connected and posting, the client still shows no token.
    expect(inspect(client, { showHidden: true, depth: 10 })).not.toContain(TOKEN);
  });

  it('ignores other bots and its own messages, and does not answer its own reply in a loop', async () => {
    const fake = await discord.start();
    const client = discord.client();
    const seen: string[] = [];
    const runtime = new AgentRuntime({ inputs: [client], outputs: [client], agent: (message) => (seen.push(message.text), { text: `hi <@${fake.bot.id}>` }), drainTimeoutMs });
    await discord.run(runtime, client);

    const fromBot = nextClientEvent(client, 'ignored', (event) => event.reason === 'bot');
    fake.sendMessage({ channelId: '200', content: 'beep', author: FakeDiscord.otherBot, mentionBot: true });
    expect(await fromBot).toMatchObject({ channelId: '200', reason: 'bot' });

    const fromSelf = nextClientEvent(client, 'ignored', (event) => event.reason === 'self');
    fake.sendMessage({ channelId: '200', content: 'a note to self', author: fake.bot, mentionBot: true });
    await fromSelf;

    // The reply mentions the bot and comes back on the gateway: it must be ignored as its own.
    const echoIgnored = nextClientEvent(client, 'ignored', (event) => event.reason === 'self');
    fake.sendMessage({ channelId: '200', content: 'hello', mentionBot: true });
    await echoIgnored;
    expect(seen).toEqual(['hello']);
    expect(fake.posts).toHaveLength(1);
  });

  it('answers direct messages in the DM channel and ignores unaddressed guild messages', async () => {
    const fake = await discord.start();
    const client = discord.client();
    const runtime = new AgentRuntime({ inputs: [client], outputs: [client], agent: (message) => ({ text: `dm: ${message.text}` }), drainTimeoutMs });
    await discord.run(runtime, client);

    const unaddressed = nextClientEvent(client, 'ignored');
    const chatter = fake.sendMessage({ channelId: '200', content: 'just chatting' });
    expect(await unaddressed).toMatchObject({ messageId: chatter, reason: 'notAddressed' });

    const delivered = nextEvents(runtime.events$, 'delivered');
    const id = fake.sendDirectMessage('psst', FakeDiscord.grace);
    const [event] = await delivered;
    const dm = fake.dmChannelOf(FakeDiscord.grace);
    expect(event?.result.message).toMatchObject({ id, conversationId: dm, text: 'psst', metadata: { isDirectMessage: true, guildId: null } });
    expect(fake.posts).toEqual([expect.objectContaining({ channelId: dm, content: 'dm: psst', replyTo: id })]);
  });

  it('answers every message in a listed channel, and only mentions elsewhere when DMs are off', async () => {
    const fake = await discord.start();
    const client = discord.client({ respondTo: { channels: ['201'], mentions: false, directMessages: false } });
    const seen: string[] = [];
    const runtime = new AgentRuntime({ inputs: [client], outputs: [client], agent: (message) => (seen.push(message.text), { text: 'ok' }), drainTimeoutMs });
    await discord.run(runtime, client);

    const ignored = nextClientEvent(client, 'ignored');
    fake.sendMessage({ channelId: '200', content: 'mentioned elsewhere', mentionBot: true });
    await ignored;
    const ignoredDm = nextClientEvent(client, 'ignored');
    fake.sendDirectMessage('a dm');
    expect(await ignoredDm).toMatchObject({ reason: 'notAddressed' });
    const delivered = nextEvents(runtime.events$, 'delivered');
    fake.sendMessage({ channelId: '201', content: 'no mention needed' });
    await delivered;
    expect(seen).toEqual(['no mention needed']);
  });

  it('posts results of other inputs to the default channel, and does not accept them without one', async () => {
    const fake = await discord.start();
    const ticks = new Subject<AgentMessage>();
    const withDefault = discord.client({ name: 'announcements', defaultChannelId: '201' });
    const withoutDefault = discord.client({ name: 'chat' });
    const runtime = new AgentRuntime({ inputs: [{ name: 'cron', messages$: ticks }], outputs: [withDefault, withoutDefault], agent: () => ({ text: 'Good morning!' }), drainTimeoutMs });
    const delivered = nextEvents(runtime.events$, 'delivered');
    const done = runtime.run();
    ticks.next({ id: 'tick-1', conversationId: 'cron', text: 'daily' });
    const [event] = await delivered;
    ticks.complete();
    const summary = await done;

    expect(event?.output).toBe('announcements');
    expect(fake.posts).toEqual([{ id: expect.any(String), channelId: '201', content: 'Good morning!', allowedMentions: expect.anything() }]);
    expect(summary.delivered).toBe(1);
    // Output only: no gateway connection was made.
    expect(fake.commands).toEqual([]);
  });
});

describe('DiscordClient threads', () => {
  it('treats a thread as its own conversation, answers there, and listens in threads of listed channels', async () => {
    const fake = await discord.start({ guilds: [{ id: '100', channels: [{ id: '200', name: 'general' }, { id: '300', name: 'help', parentId: '200' }] }] });
    const client = discord.client({ respondTo: { channels: ['200'], directMessages: false } });
    const runtime = new AgentRuntime({ inputs: [client], outputs: [client], agent: (message) => ({ text: `in ${message.conversationId}` }), drainTimeoutMs });
    await discord.run(runtime, client);
    const delivered = nextEvents(runtime.events$, 'delivered');

    const id = fake.sendMessage({ channelId: '300', content: 'a question in a thread' });
    const [event] = await delivered;

    expect(event?.result.message).toMatchObject({ id, conversationId: '300', metadata: { channelId: '300', parentChannelId: '200', mentioned: false } });
    expect(fake.posts).toEqual([expect.objectContaining({ channelId: '300', content: 'in 300', replyTo: id })]);
  });
});
