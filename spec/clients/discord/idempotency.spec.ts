import { AgentRuntime, InMemoryDeliveryJournal, type RepliedResult } from 'rxagent';
import { discordNonce } from 'rxagent/discord';
import { discordTest, drainTimeoutMs, nextClientEvent } from './discordTest';

const discord = discordTest();

/** A reply to a message in channel 200, as the runtime hands it to the client. */
function result(text: string, id = '9001'): RepliedResult {
  return { message: { id, conversationId: '200', text: 'hi', source: 'discord', metadata: { channelId: '200', messageId: id } }, reply: { text }, attempts: 1, startedAt: 0, finishedAt: 0 };
}

describe('DiscordClient idempotent replies (nonce + enforce_nonce against a loopback Discord)', () => {
  it('derives a stable nonce of at most 25 characters, one per part', () => {
    const key = 'discord:1234567890123456789:discord';
    expect(discordNonce(key, 1)).toBe(discordNonce(key, 1));
    expect(discordNonce(key, 1)).not.toBe(discordNonce(key, 2));
    expect(discordNonce(key, 1)).not.toBe(discordNonce('discord:1234567890123456780:discord', 1));
    expect(discordNonce(`${key}${'x'.repeat(500)}`, 3).length).toBeLessThanOrEqual(25);
  });

  it('posts a replayed delivery of the same result once (Discord answers the repeated create with the earlier message)', async () => {
    const fake = await discord.start();
    const client = discord.client();
    const delivery = { idempotencyKey: 'discord:9001:discord', attempt: 1 };

    const first = await client.send(result('hello once'), delivery);
    // A new result object: the client keeps no plan for it, as after a restart or a lost response.
    const again = await client.send(result('hello once'), { ...delivery, attempt: 2 });

    expect(again).toEqual(first);
    expect(fake.posts).toEqual([expect.objectContaining({ channelId: '200', content: 'hello once', replyTo: '9001' })]);
    const posts = fake.requests.filter((request) => request.method === 'POST');
    expect(posts).toHaveLength(2);
    expect(posts[0]?.body).toMatchObject({ nonce: discordNonce(delivery.idempotencyKey, 1), enforce_nonce: true });
  });

  it('a split reply sent twice posts each part once, in order; another key posts again', async () => {
    const fake = await discord.start();
    const client = discord.client();
    const text = Array.from({ length: 90 }, (_, i) => `line ${i} ${'word '.repeat(8)}`).join('\n');

    const first = await client.send(result(text), { idempotencyKey: 'discord:9001:discord', attempt: 1 });
    const again = await client.send(result(text), { idempotencyKey: 'discord:9001:discord', attempt: 1 });
    expect(first.length).toBeGreaterThan(1);
    expect(again).toEqual(first);
    expect(fake.posts.map((post) => post.id)).toEqual(first);

    await client.send(result(text, '9002'), { idempotencyKey: 'discord:9002:discord', attempt: 1 });
    expect(fake.posts).toHaveLength(first.length * 2);
  });

  it('without a delivery context (called directly) it posts without a nonce', async () => {
    const fake = await discord.start();
    const client = discord.client();
    await client.send(result('plain'));
    await client.send(result('plain'));
    expect(fake.posts).toHaveLength(2);
    expect(fake.requests.find((request) => request.method === 'POST')?.body).not.toHaveProperty('nonce');
  });

  it('exposes its user id once ready and turns it into runtime guards', async () => {
    const fake = await discord.start();
    const client = discord.client();
    expect(client.userId).toBeUndefined();
    expect(client.guards({ pingPong: { maxBotTurns: 2, windowMs: 60_000 } })).toEqual({ pingPong: { maxBotTurns: 2, windowMs: 60_000 } });
    const runtime = new AgentRuntime({ inputs: [client], outputs: [client], agent: () => null, drainTimeoutMs, delivery: { journal: new InMemoryDeliveryJournal() } });
    const ready = nextClientEvent(client, 'ready');
    await discord.run(runtime, client);
    await ready;
    expect(client.userId).toBe(fake.bot.id);
    expect(client.guards({ selfAuthorIds: ['other'], replyCap: { max: 5, windowMs: 1000 } })).toEqual({ selfAuthorIds: ['other', fake.bot.id], replyCap: { max: 5, windowMs: 1000 } });
  });
});
