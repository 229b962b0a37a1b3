// An X (Twitter) mentions bot: every mention of the account gets one reply, threaded to it; a long
// answer becomes a numbered thread. Runs with real credentials from environment variables:
//
//   X_API_KEY=… X_API_SECRET=… X_ACCESS_TOKEN=… X_ACCESS_SECRET=… npx tsx examples/twitter-mentions-bot.ts
//
// (or X_USER_TOKEN=… for an OAuth 2 user token). Set REDIS_URL (e.g. redis://127.0.0.1:6379) to keep
// the since_id cursor and the delivery journal in Redis: the cursor moves only past mentions that
// were answered and posted, so a restarted bot answers again what was in flight when it stopped, and
// the journal keeps a reply that was already posted from being posted twice. Ctrl-C (SIGINT) or
// SIGTERM stops it after the replies in flight are posted. Importing this file starts nothing.
import { Redis } from 'ioredis';
import { AgentRuntime, InMemoryDeliveryJournal, ShortTermMemory, type Agent, type CursorStore, type DeliveryJournal } from 'rxagent';
import { RedisCursorStore, RedisDeliveryJournal } from 'rxagent/redis';
import { TwitterClient, type TwitterClientOptions } from 'rxagent/twitter';

/**
 * Answers from rules and the thread's memory; swap in a model call. `message.metadata.authorUsername`
 * is the @handle of whoever mentioned the account.
 */
export const mentionsAgent: Agent = (message, { memory }) => {
  const handle = typeof message.metadata?.authorUsername === 'string' ? `@${message.metadata.authorUsername} ` : '';
  const question = message.text.replace(/@\w+/g, '').trim();
  if (question === '') return null; // a bare mention: nothing to answer
  const earlier = memory.length === 0 ? '' : ` (${memory.length} earlier in this thread)`;
  return { text: `${handle}Thanks for asking${earlier}! You said: "${question}"` };
};

/** Options of {@link createMentionsBot}: the client's options (credentials default to the X_* environment variables), the cursor store and the delivery journal. */
export interface MentionsBotOptions {
  readonly twitter?: TwitterClientOptions;
  readonly cursorStore?: CursorStore;
  /** Which replies were posted, by idempotency key; share it across restarts (Redis). Default in memory. */
  readonly journal?: DeliveryJournal;
  /** How long a stop waits for replies in flight, ms. Default 10000. */
  readonly drainTimeoutMs?: number;
}

/** The bot: its runtime (not started: `run()` it, `stop()` it) and its X client (for `events$`). */
export interface MentionsBot {
  readonly runtime: AgentRuntime;
  readonly twitter: TwitterClient;
}

/** Builds the bot; nothing connects until its runtime runs. */
export function createMentionsBot(options: MentionsBotOptions = {}): MentionsBot {
  const twitter = new TwitterClient({
    pollIntervalMs: 60_000,
    skipExisting: true, // the first start only notes where the mentions are; it answers from then on
    ...(options.cursorStore === undefined ? {} : { cursorStore: options.cursorStore }),
    ...options.twitter,
  });
  twitter.events$.subscribe((event) => {
    if (event.type === 'rateLimited') process.stderr.write(`X rate limit: waiting ${Math.round(event.waitMs / 1000)} s before ${event.operation}\n`);
    if (event.type === 'pollFailed') process.stderr.write(`poll failed (retry in ${Math.round(event.retryInMs / 1000)} s): ${String(event.error)}\n`);
  });
  const runtime = new AgentRuntime({
    inputs: [twitter],
    outputs: [twitter],
    agent: mentionsAgent,
    shortTermMemory: new ShortTermMemory({ maxTurns: 10 }),
    timeoutMs: 30_000,
    drainTimeoutMs: options.drainTimeoutMs ?? 10_000,
    // Mentions re-read after a restart post nothing twice.
    delivery: { journal: options.journal ?? new InMemoryDeliveryJournal() },
    // The client already skips the account's own tweets; this stops a thread with another bot from running away.
    guards: { replyCap: { max: 5, windowMs: 10 * 60_000 } },
  });
  return { runtime, twitter };
}

/** Runs the bot until SIGINT or SIGTERM, with credentials (and `REDIS_URL`) from `env`. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const redis = env.REDIS_URL === undefined ? undefined : new Redis(env.REDIS_URL, { lazyConnect: true });
  const stores = redis === undefined ? {} : { cursorStore: new RedisCursorStore({ redis, keyPrefix: 'mentions-bot:cursor:' }), journal: new RedisDeliveryJournal({ redis, keyPrefix: 'mentions-bot:delivery:' }) };
  const { runtime } = createMentionsBot({ twitter: { env }, ...stores });
  runtime.events$.subscribe((event) => {
    if (event.type === 'delivered') process.stderr.write(`replied to ${event.result.message.id}: ${event.result.reply.text}\n`);
    if (event.type === 'deliveryFailed' || event.type === 'failed' || event.type === 'inputFailed') process.stderr.write(`${event.type}: ${String(event.error)}\n`);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void runtime.stop());
  const summary = await runtime.run();
  process.stderr.write(`stopped: ${summary.received} mentions, ${summary.replied} replies, ${summary.delivered} posted\n`);
  await redis?.quit();
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  });
}
