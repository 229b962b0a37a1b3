// The README's canonical example, runnable: a daily cron schedule and Discord are the inputs, X is
// the output. Runs with real credentials:
//
//   DISCORD_TOKEN=… X_API_KEY=… X_API_SECRET=… X_ACCESS_TOKEN=… X_ACCESS_SECRET=… npx tsx examples/canonical.ts
//
// Every morning at 9 the agent posts a summary of what it was told on Discord that day; every
// Discord message that mentions the bot becomes a post on X. Swap `canonicalAgent` for a model
// call. Ctrl-C (SIGINT) or SIGTERM stops it once the posts in flight are out. Importing this file
// starts nothing (spec/examples/canonical.spec.ts runs it against loopback fakes).
import { AgentRuntime, ShortTermMemory, type Agent, type AgentInput, type AgentOutput } from 'rxagent';
import { cronInput } from 'rxagent/cron';
import { DiscordClient } from 'rxagent/discord';
import { TwitterClient } from 'rxagent/twitter';

/** What the cron schedule says to the agent. */
export const DAILY = 'Post the daily summary';

/** Remembers what Discord told it; on the cron tick, summarises the day. */
export const canonicalAgent = (): Agent => {
  const heard: string[] = [];
  return (message) => {
    if (message.source === 'cron') {
      const summary = heard.length === 0 ? 'a quiet day' : `${heard.length} message${heard.length === 1 ? '' : 's'}, the last: "${heard[heard.length - 1]}"`;
      heard.length = 0;
      return { text: `Daily summary: ${summary}` };
    }
    heard.push(message.text);
    return { text: `${message.author?.name ?? 'Someone'} on Discord: ${message.text}` };
  };
};

/** The clients of {@link createCanonicalRuntime}; each defaults to its real client configured from the environment. */
export interface CanonicalClients {
  readonly cron?: AgentInput;
  readonly discord?: DiscordClient;
  readonly twitter?: TwitterClient | AgentOutput;
  readonly drainTimeoutMs?: number;
}

/** `inputs: [cron, discord]`, `outputs: [twitter]`, as in the README. Nothing connects until `run()`. */
export function createCanonicalRuntime(clients: CanonicalClients = {}): AgentRuntime {
  const cron = clients.cron ?? cronInput({ name: 'cron', expression: '0 9 * * *', text: DAILY });
  const discord = clients.discord ?? new DiscordClient(); // token from DISCORD_TOKEN
  const twitter = clients.twitter ?? new TwitterClient({ mentions: false }); // credentials from X_* variables
  return new AgentRuntime({
    inputs: [cron, discord], // which input clients trigger the agent
    outputs: [twitter], // which output clients publish its results
    agent: canonicalAgent(), // the agent to run
    shortTermMemory: new ShortTermMemory({ maxTurns: 20 }),
    drainTimeoutMs: clients.drainTimeoutMs ?? 10_000,
  }); // cheap: nothing listens yet
}

/** Runs until SIGINT or SIGTERM. */
export async function main(): Promise<void> {
  const runtime = createCanonicalRuntime();
  runtime.events$.subscribe((event) => {
    if (event.type === 'delivered') process.stderr.write(`posted on X: ${event.result.reply.text}\n`);
    if (event.type === 'deliveryFailed' || event.type === 'failed' || event.type === 'inputFailed') process.stderr.write(`${event.type}: ${String(event.error)}\n`);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void runtime.stop());
  const summary = await runtime.run(); // runs until stopped
  process.stderr.write(`stopped: ${summary.received} messages, ${summary.delivered} posts\n`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  });
}
