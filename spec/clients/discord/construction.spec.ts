import { inspect } from 'node:util';
import { AgentRuntime, ConfigError } from 'rxagent';
import { DiscordClient, DiscordGatewayError } from 'rxagent/discord';
import { FakeDiscord } from 'rxagent/testing';
import { TOKEN, discordTest, drainTimeoutMs, nextEvents } from './discordTest';

const discord = discordTest();

describe('DiscordClient construction', () => {
  it('fails at construction without a token, saying which option or variable to set', () => {
    expect(() => new DiscordClient({ env: {} })).toThrow(ConfigError);
    expect(() => new DiscordClient({ env: {} })).toThrow('token: no Discord bot token: pass { token } or set the DISCORD_TOKEN environment variable');
    expect(() => new DiscordClient({ env: { DISCORD_TOKEN: '' } })).toThrow('DISCORD_TOKEN');
  });

  it('reads DISCORD_TOKEN and never shows the token', () => {
    const client = new DiscordClient({ env: { DISCORD_TOKEN: TOKEN } });
    expect(client.name).toBe('discord');
    expect(inspect(client, { depth: 5, showHidden: true })).not.toContain(TOKEN);
    expect(JSON.stringify(client)).not.toContain(TOKEN);
  });

  it('refuses a token with whitespace without echoing it', () => {
    const bad = `${TOKEN}\n`;
    expect(() => new DiscordClient({ token: `abc def` })).toThrow('token: contains whitespace');
    try {
      new DiscordClient({ env: { DISCORD_TOKEN: `x ${bad}` } });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(String(error)).toContain('token (env DISCORD_TOKEN)');
      expect(String(error)).not.toContain(TOKEN);
    }
  });

  it.each([
    [{ respondTo: { mentions: false, directMessages: false } }, 'respondTo: answers nothing'],
    [{ respondTo: { channels: ['general'] } }, 'respondTo.channels: must be an array of channel ids'],
    [{ defaultChannelId: '#general' }, 'defaultChannelId: must be a channel id'],
    [{ maxLength: 4000 }, 'maxLength: Discord refuses messages over 2000 characters'],
    [{ intents: ['Typing'] }, 'intents: "Typing" is not a gateway intent'],
    [{ name: '' }, 'name: must be a non-empty string'],
    [{ clientOptions: { intents: [] } }, 'clientOptions.intents: use the intents option'],
  ])('rejects %j with a message that says how to fix it', (options, message) => {
    expect(() => new DiscordClient({ token: TOKEN, ...(options as object) })).toThrow(message);
  });

  it('connects nothing until messages$ is subscribed', async () => {
    const fake = await discord.start();
    discord.client();
    await new Promise((resolve) => setImmediate(resolve));
    expect(fake.requests).toEqual([]);
    expect(fake.commands).toEqual([]);
  });

  it('reports a refused login as inputFailed without the token, and the runtime keeps running', async () => {
    const fake = await discord.start();
    const client = new DiscordClient({ token: 'wrong-token', env: {}, clientOptions: fake.clientOptions });
    const runtime = new AgentRuntime({ inputs: [client], outputs: [client], agent: () => ({ text: 'never' }), drainTimeoutMs });
    const failed = nextEvents(runtime.events$, 'inputFailed');
    const done = runtime.run();
    const [event] = await failed;
    await runtime.stop();
    await done;
    expect(event?.input).toBe('discord');
    expect(event?.error).toBeInstanceOf(DiscordGatewayError);
    expect(String(event?.error)).toMatch(/^DiscordGatewayError: Discord login failed: /);
    expect(inspect(event, { depth: 10 })).not.toContain('wrong-token');
    expect(fake.requests[0]).toMatchObject({ path: '/gateway/bot', status: 401, authorized: false });
  });

  it('names the fix when the gateway refuses an intent (close 4014)', async () => {
    const fake = await discord.start();
    const client = discord.client();
    const runtime = new AgentRuntime({ inputs: [client], outputs: [client], agent: () => ({ text: 'never' }), drainTimeoutMs });
    await discord.run(runtime, client);
    const failed = nextEvents(runtime.events$, 'inputFailed');
    fake.disconnect(4014);
    const [event] = await failed;
    expect(event?.error).toMatchObject({ name: 'DiscordGatewayError', code: 4014 });
    expect(String(event?.error)).toContain('Message Content Intent');
  });
});

describe('FakeDiscord', () => {
  it('refuses REST calls and IDENTIFY with the wrong token, and records no token', async () => {
    const fake = await FakeDiscord.start({ token: TOKEN });
    try {
      const response = await fetch(`${fake.url}/api/v10/channels/200/messages`, { method: 'POST', headers: { authorization: 'Bot nope', 'content-type': 'application/json' }, body: '{"content":"x"}' });
      expect(response.status).toBe(401);
      expect(JSON.stringify(fake.requests)).not.toContain('nope');
      const typing = await fetch(`${fake.url}/api/v10/channels/200/typing`, { method: 'POST', headers: { authorization: `Bot ${TOKEN}` } });
      expect(typing.status).toBe(204);
      expect(typing.headers.get('content-type')).toBeNull();
      expect(await typing.text()).toBe('');
    } finally {
      await fake.close();
    }
  });
});

describe('DiscordClient types', () => {
  it('rejects misuse at compile time', () => {
    // @ts-expect-error intents are gateway intent names, not arbitrary strings
    expect(() => new DiscordClient({ token: TOKEN, intents: ['EverythingPlease'] })).toThrow(ConfigError);
    // @ts-expect-error respondTo.channels is a list of ids, not one id
    expect(() => new DiscordClient({ token: TOKEN, respondTo: { channels: '200' } })).toThrow(ConfigError);
  });
});
