import { filter, firstValueFrom } from 'rxjs';
import type { AgentRuntime } from 'rxagent';
import { DiscordClient, type DiscordClientEvent, type DiscordClientOptions } from 'rxagent/discord';
import { FakeDiscord, type FakeDiscordOptions } from 'rxagent/testing';
import { teardownAfterEach } from '../../helpers/runtimeTest';

export { nextEvents } from '../../helpers/runtimeTest';

/** A token with the shape of a real one that means nothing; the fake checks it. */
export const TOKEN = 'MTAwMA.fake-discord.test-token-for-rxagent';

/** The runtime's drain deadline timer outlives a stop with nothing in flight; keep it short in tests. */
export const drainTimeoutMs = 50;

/**
 * A fake Discord per test and clients pointed at it (real discord.js, loopback only, no env);
 * every runtime started with `run` is stopped and awaited after the test, then the fake closed.
 */
export function discordTest() {
  let fake: FakeDiscord | undefined;
  const teardown = teardownAfterEach(async () => {
    await fake?.close();
    fake = undefined;
  });
  return {
    async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
      fake = await FakeDiscord.start({ token: TOKEN, ...options });
      return fake;
    },
    client(options: DiscordClientOptions = {}): DiscordClient {
      if (fake === undefined) throw new Error('start the fake first');
      return new DiscordClient({ token: TOKEN, env: {}, ...options, clientOptions: { ...fake.clientOptions, ...options.clientOptions } });
    },
    /** Runs a runtime and waits until its Discord client is ready; it is stopped (and awaited) after the test. */
    async run(runtime: AgentRuntime, ...clients: DiscordClient[]): Promise<void> {
      const ready = clients.map((client) => nextClientEvent(client, 'ready'));
      teardown.runtime(runtime, runtime.run());
      await Promise.all(ready);
    },
    /** Registers any other teardown, run after the test before the fake closes. */
    cleanup(fn: () => Promise<unknown>): void {
      teardown.add(fn);
    },
  };
}

/** The next client event of `type` matching `where`, subscribed now. */
export function nextClientEvent<T extends DiscordClientEvent['type']>(client: DiscordClient, type: T, where: (event: Extract<DiscordClientEvent, { type: T }>) => boolean = () => true): Promise<Extract<DiscordClientEvent, { type: T }>> {
  return firstValueFrom(client.events$.pipe(filter((event): event is Extract<DiscordClientEvent, { type: T }> => event.type === type && where(event as Extract<DiscordClientEvent, { type: T }>))));
}
