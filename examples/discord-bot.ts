// A Discord bot: it answers mentions and direct messages (and every message in the channels listed in
// DISCORD_CHANNELS) as a reply to the message, remembering each channel's conversation; long answers
// are split into several messages. Runs with a real bot token:
//
//   DISCORD_TOKEN=… npx tsx examples/discord-bot.ts
//
// In the Discord Developer Portal, turn on "Message Content Intent" (Bot → Privileged Gateway
// Intents) and invite the bot with the "Send Messages" and "Read Message History" permissions.
// Ctrl-C (SIGINT) or SIGTERM stops it after the replies in flight are posted. Importing this file
// starts nothing.
import { AgentRuntime, InMemoryDeliveryJournal, ShortTermMemory, type Agent } from 'rxagent';
import { DiscordClient, type DiscordClientOptions } from 'rxagent/discord';

/** Answers from rules and the channel's memory; swap in a model call. */
export const discordAgent: Agent = (message, { memory, coalesced }) => {
  // With overlap 'coalesce', messages sent while the bot was busy arrive together: answer them all.
  const text = [...coalesced, message].map((each) => each.text.trim()).filter((each) => each !== '').join(' / ');
  if (text === '') return { text: 'You rang? Mention me with a question.' };
  if (/^ping\b/i.test(text)) return { text: 'pong' };
  const earlier = memory.length === 0 ? '' : ` (we have talked ${memory.length} time${memory.length === 1 ? '' : 's'} here)`;
  return { text: `${message.author?.name ?? 'You'} said: "${text}"${earlier}` };
};

/** Options of {@link createDiscordBot}: the client's options (the token defaults to `DISCORD_TOKEN`). */
export interface DiscordBotOptions {
  readonly discord?: DiscordClientOptions;
  /** How long a stop waits for replies in flight, ms. Default 10000. */
  readonly drainTimeoutMs?: number;
  /** Where status lines go. Default: stderr. */
  readonly log?: (line: string) => void;
}

/** The bot: its runtime (not started: `run()` it, `stop()` it) and its Discord client (for `events$`). */
export interface DiscordBot {
  readonly runtime: AgentRuntime;
  readonly discord: DiscordClient;
}

/** Builds the bot; nothing connects until its runtime runs. A missing token throws here. */
export function createDiscordBot(options: DiscordBotOptions = {}): DiscordBot {
  const discord = new DiscordClient({ typing: true, ...options.discord });
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  discord.events$.subscribe((event) => {
    if (event.type === 'ready') log(`connected as ${event.userId} in ${event.guilds} server(s)`);
    if (event.type === 'reconnecting') log('gateway dropped; reconnecting');
    if (event.type === 'rateLimited') log(`Discord rate limit on ${event.route}: waiting ${event.retryAfterMs} ms`);
  });
  const runtime = new AgentRuntime({
    inputs: [discord],
    outputs: [discord],
    agent: discordAgent,
    // A user's quick burst ("hi" "quick question" "how do I …") becomes one answer, not three stale ones.
    overlap: 'coalesce',
    // Replies carry a nonce derived from the idempotency key: a retried or replayed delivery posts once.
    delivery: { journal: new InMemoryDeliveryJournal() },
    // If other bots may talk to it (allowBots), stop bot-to-bot ping-pong after 3 bot turns in a row.
    guards: discord.guards({ dedupWindowMs: 600_000, pingPong: { maxBotTurns: 3, windowMs: 300_000 } }),
    shortTermMemory: new ShortTermMemory({ maxTurns: 10 }),
    timeoutMs: 30_000,
    drainTimeoutMs: options.drainTimeoutMs ?? 10_000,
  });
  return { runtime, discord };
}

/** Runs the bot until SIGINT or SIGTERM, with `DISCORD_TOKEN` (and `DISCORD_CHANNELS`, comma-separated ids) from `env`. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const channels = (env.DISCORD_CHANNELS ?? '').split(',').map((id) => id.trim()).filter((id) => id !== '');
  const { runtime } = createDiscordBot({ discord: { env, respondTo: { channels } } });
  runtime.events$.subscribe((event) => {
    if (event.type === 'delivered') process.stderr.write(`replied in ${event.result.message.conversationId}: ${event.result.reply.text}\n`);
    if (event.type === 'deliveryFailed' || event.type === 'failed' || event.type === 'inputFailed') process.stderr.write(`${event.type}: ${String(event.error)}\n`);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void runtime.stop());
  const summary = await runtime.run();
  process.stderr.write(`stopped: ${summary.received} messages, ${summary.replied} replies, ${summary.delivered} posted\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  });
}
