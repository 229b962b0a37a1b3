// Memory and pricing (`npx tsx examples/memory-and-pricing.ts`): a small agent that remembers each
// conversation in a window of turns and tokens, folds older turns into a summary, and runs under a
// per-author daily budget and rate limit; the over-budget author is told so instead of ignored.
// With REDIS_URL set (e.g. redis://127.0.0.1:6379) memory and budget live in Redis: run it twice
// and the second run continues the conversations, on what is left of today's budget.
import { from } from 'rxjs';
import { AgentRuntime, ShortTermMemory, consoleOutput, type Agent, type MemoryStore, type LedgerStore, Pricing, summaryOf } from 'rxagent';

/** Answers with what it remembers: the summary of older turns and the turns in its window. */
export const rememberingAgent: Agent = (message, { memory }) => {
  const summary = summaryOf(memory);
  const recent = memory.map((turn) => turn.message.text).join(' / ');
  const text = `(${summary === undefined ? '' : `long ago: ${summary}; `}lately: ${recent || 'nothing'}) you said "${message.text}"`;
  return { text, usage: { inputTokens: Math.ceil(message.text.length / 4), outputTokens: Math.ceil(text.length / 4) } };
};

const lines = [
  ['ada', 'hello'],
  ['ada', 'my name is Ada'],
  ['bob', 'hi there'],
  ['ada', 'I like tea'],
  ['ada', 'and biscuits'],
  ['ada', 'what do you know about me?'],
  ['bob', 'how much did I spend?'],
] as const;

async function stores(): Promise<{ store?: MemoryStore; ledger?: LedgerStore; close(): Promise<void> }> {
  const url = process.env.REDIS_URL;
  if (url === undefined) return { close: async () => undefined };
  const [{ Redis }, { RedisMemoryStore, RedisLedger }] = await Promise.all([import('ioredis'), import('rxagent/redis')]);
  const redis = new Redis(url);
  return {
    store: new RedisMemoryStore({ redis, keyPrefix: 'rxagent-example:memory:', ttlMs: 86_400_000 }),
    ledger: new RedisLedger({ redis, keyPrefix: 'rxagent-example:ledger:' }),
    close: async () => void (await redis.quit()),
  };
}

async function main(): Promise<void> {
  const { store, ledger, close } = await stores();
  const runtime = new AgentRuntime({
    inputs: [from(lines.map(([author, text], i) => ({ id: `${Date.now()}-${i}`, conversationId: author, text, author: { id: author } })))],
    outputs: [consoleOutput()],
    agent: rememberingAgent,
    shortTermMemory: new ShortTermMemory({
      maxTurns: 3,
      maxTokens: 40,
      summarize: ({ summary, evicted }) => [summary, ...evicted.map((turn) => turn.message.text)].filter(Boolean).join(', '),
      ...(store === undefined ? {} : { store }),
    }),
    pricing: new Pricing({
      perMessage: 0.5,
      perInputToken: 0.01,
      perOutputToken: 0.01,
      budget: { perAuthor: 2.5, period: 'day' },
      rateLimit: { perAuthor: { messages: 10, windowMs: 60_000 } },
      budgetExceededReply: 'You have used up your budget for today; talk to you tomorrow.',
      ...(ledger === undefined ? {} : { ledger }),
    }),
  });
  runtime.events$.subscribe((event) => {
    if (event.type === 'charged') process.stderr.write(`charged ${event.amount.toFixed(2)} for ${event.message.id}; totals ${JSON.stringify(event.totals)}\n`);
    if (event.type === 'rejected') process.stderr.write(`rejected (${event.reason}): ${event.detail}\n`);
  });
  const summary = await runtime.run();
  process.stderr.write(`done: ${summary.replied} replied, ${summary.rejected} rejected\n`);
  await close();
}

if (require.main === module) void main();
