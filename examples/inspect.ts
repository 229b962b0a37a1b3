// Watching a running agent (`npx tsx examples/inspect.ts`, then open the printed address): a
// simulated chat of a few conversations runs through an agent that is sometimes slow and sometimes
// fails, priced per message. The live inspector shows the lanes, the work in flight, the failures
// and the cost; Prometheus metrics are on /metrics of the same port + 1; events are logged as JSON
// lines on stderr (secrets redacted). Ctrl-C stops it; EXAMPLE_SECONDS=n stops it after n seconds.
import { createServer } from 'node:http';
import { interval, map, take, timer } from 'rxjs';
import { AgentRuntime, Pricing, ShortTermMemory, type Agent, type AgentMessage } from 'rxagent';
import { inspect } from 'rxagent/inspect';
import { logEvents, prometheusMetrics, type EventLogger } from 'rxagent/metrics';

const API_KEY = process.env.MODEL_API_KEY ?? 'sk-example-not-a-real-key-0000';
const people = ['ada', 'bob', 'cyd', 'dee'];

const chat = {
  name: 'chat',
  messages$: interval(400).pipe(
    map((i): AgentMessage => ({ id: String(i), conversationId: people[i % people.length]!, text: `message ${i}`, author: { id: people[i % people.length]! } })),
  ),
};

// Slow now and then, failing now and then; the error mentions the key, which the logs never show.
const agent: Agent = (message, { memory, scheduler }) => {
  const n = Number(message.id);
  if (n % 7 === 6) return Promise.reject(new Error(`model refused the request (key ${API_KEY})`));
  return timer(200 + (n % 5) * 300, scheduler).pipe(map(() => ({ text: `#${memory.length + 1} heard "${message.text}"` })));
};

const runtime = new AgentRuntime({
  inputs: [chat],
  outputs: [{ name: 'console', send: async (result) => void process.stdout.write(`${result.message.conversationId} ← ${result.reply.text}\n`) }],
  agent,
  concurrency: 2,
  shortTermMemory: new ShortTermMemory({ maxTurns: 5 }),
  pricing: new Pricing({ perMessage: 0.002 }),
});

const jsonLines: EventLogger = {
  debug: () => undefined,
  info: (fields, message) => void process.stderr.write(`${JSON.stringify({ level: 'info', message, ...fields })}\n`),
  warn: (fields, message) => void process.stderr.write(`${JSON.stringify({ level: 'warn', message, ...fields })}\n`),
  error: (fields, message) => void process.stderr.write(`${JSON.stringify({ level: 'error', message, ...fields })}\n`),
};

async function main(): Promise<void> {
  const inspector = await inspect(runtime, { port: Number(process.env.INSPECT_PORT ?? 7777), secrets: [API_KEY] });
  const metrics = prometheusMetrics(runtime);
  const logging = logEvents(runtime, jsonLines, { secrets: [API_KEY] });
  const metricsServer = createServer(async (_request, response) => {
    response.setHeader('content-type', metrics.registry.contentType);
    response.end(await metrics.metrics());
  }).listen(inspector.port === 0 ? 0 : inspector.port + 1, '127.0.0.1');
  process.stdout.write(`inspector: ${inspector.url}\n`);

  const stop = () => void runtime.stop();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const seconds = Number(process.env.EXAMPLE_SECONDS ?? 0);
  const stopper = seconds > 0 ? timer(seconds * 1000).pipe(take(1)).subscribe(stop) : undefined;

  const summary = await runtime.run();
  stopper?.unsubscribe();
  process.stdout.write(`stopped: ${summary.received} received, ${summary.replied} replied, ${summary.failed} failed, cost ${summary.cost.toFixed(3)}\n`);
  logging.unsubscribe();
  metrics.close();
  metricsServer.close();
  await inspector.close();
}

void main();
