import { Observable } from 'rxjs';
import { Client, Events, GatewayIntentBits, Partials, type Message } from 'discord.js';
import type { DiscordClientEvent } from './DiscordClientEvent.js';
import type { ResolvedDiscordOptions } from './DiscordClientOptions.js';
import { gatewayClosed, loginFailed } from './DiscordGatewayError.js';

/** The intents a bot needs to read messages in guilds and DMs. */
export const DEFAULT_INTENTS = ['Guilds', 'GuildMessages', 'MessageContent', 'DirectMessages'] as const;

/** A message with the id of the bot that received it. @internal */
export interface GatewayMessage {
  readonly message: Message;
  readonly botUserId: string;
}

/**
 * One discord.js client per subscription: subscribing logs in, every `messageCreate` is emitted,
 * unsubscribing destroys the client, first waiting (bounded) for the gateway to settle, because
 * destroying it mid-handshake can hang. An unrecoverable close or a refused login errors. @internal
 */
export function gatewayMessages(token: string, options: ResolvedDiscordOptions, emit: (event: DiscordClientEvent) => void): Observable<GatewayMessage> {
  return new Observable<GatewayMessage>((subscriber) => {
    const now = () => options.scheduler.now();
    const intents = [...new Set([...DEFAULT_INTENTS, ...options.intents])].map((name) => GatewayIntentBits[name]);
    const client = new Client({ partials: [Partials.Channel], ...options.clientOptions, intents });
    let settled = false;
    const onSettled = new Set<() => void>();
    const settle = (value: boolean) => {
      settled = value;
      if (value) for (const listener of [...onSettled]) listener();
    };
    client.on(Events.ClientReady, (ready) => {
      settle(true);
      emit({ type: 'ready', at: now(), userId: ready.user.id, guilds: ready.guilds.cache.size });
    });
    client.on(Events.ShardReconnecting, () => {
      settle(false);
      emit({ type: 'reconnecting', at: now() });
    });
    client.on(Events.ShardResume, (_shard, replayed) => {
      settle(true);
      emit({ type: 'resumed', at: now(), replayed });
    });
    client.on(Events.ShardReady, () => {
      // The first shard ready precedes the client's ready; only a later one means "identified again".
      if (settled || !client.isReady()) return;
      settle(true);
      emit({ type: 'resumed', at: now(), replayed: 0 });
    });
    client.on(Events.ShardDisconnect, ({ code }) => {
      settle(true);
      emit({ type: 'disconnected', at: now(), code });
      subscriber.error(gatewayClosed(code));
    });
    client.on(Events.Error, (error) => emit({ type: 'error', at: now(), error }));
    client.on(Events.ShardError, (error) => emit({ type: 'error', at: now(), error }));
    client.on(Events.MessageCreate, (message) => {
      const botUserId = client.user?.id;
      if (botUserId !== undefined) subscriber.next({ message, botUserId });
    });
    client.login(token).catch((error: unknown) => {
      settle(true);
      subscriber.error(loginFailed(error, token));
    });
    return () => {
      client.removeAllListeners(Events.MessageCreate);
      const destroy = () => {
        clearTimeout(timer);
        onSettled.delete(destroy);
        client.removeAllListeners();
        // An 'error' event without a listener would throw: nobody is listening any more.
        client.on(Events.Error, () => undefined);
        void client.destroy().catch(() => undefined);
      };
      const timer = settled ? undefined : setTimeout(destroy, options.destroyTimeoutMs);
      if (settled) destroy();
      else onSettled.add(destroy);
    };
  });
}
