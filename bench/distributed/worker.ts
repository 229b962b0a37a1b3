// One worker process of the distributed benchmark (`node --import tsx bench/distributed/worker.ts`):
// a JetStreamWorker with the 50 ms agent, 16 agent calls at once, pulling all 64 partitions; its
// output prints one line per delivered result, which the parent counts. Stops on SIGTERM.
import { Redis } from 'ioredis';
import { ShortTermMemory, type Agent } from 'rxagent';
import { JetStreamWorker, jetStreamTransport } from 'rxagent/nats';
import { cpuMs } from './cpu.js';
import { benchAgent, HOLD_TEXT, MAX_TURNS, PARTITIONS, PER_WORKER_CONCURRENCY, type WorkerLine } from './settings.js';

const env = (name: string) => process.env[name] ?? '';
const redis = new Redis({ host: '127.0.0.1', port: 6379 });
const transport = jetStreamTransport({
  servers: '127.0.0.1:4222',
  prefix: env('BENCH_PREFIX'),
  keyPrefix: env('BENCH_KEY_PREFIX'),
  partitions: PARTITIONS,
  ackWaitMs: Number(env('BENCH_ACK_WAIT_MS')),
  maxDeliver: 5,
  redeliveryDelayMs: 100,
  redis,
});
const print = (line: WorkerLine) => process.stdout.write(`${JSON.stringify(line)}\n`);
const hold = env('BENCH_HOLD') === '1';

// A holding worker keeps "hold" messages in flight (its heartbeats keep the lease) until it is killed.
const agent: Agent = (message, context) =>
  hold && message.text === HOLD_TEXT ? new Promise((resolve) => setTimeout(resolve, 600_000, { text: 'held' })) : benchAgent(message, context);

const worker = new JetStreamWorker({
  transport,
  agent,
  concurrency: PER_WORKER_CONCURRENCY,
  shortTermMemory: new ShortTermMemory({ maxTurns: MAX_TURNS }),
  drainTimeoutMs: 5000,
  outputs: [{ name: 'count', send: async (result) => print({ event: 'delivered', id: result.message.id }) }],
});
worker.events$.subscribe((event) => {
  if (event.type === 'started') print({ event: 'started', id: event.message.id });
  else if (event.type === 'stale') print({ event: 'stale', id: event.messageId });
  else if (event.type === 'transportFailed' || event.type === 'failed') print({ event: 'failed', error: String(event.error) });
});

process.once('SIGTERM', () => void worker.stop());
// The parent reads the CPU time used between two points of a run.
process.on('SIGUSR2', () => print({ event: 'cpu', cpuMs: cpuMs() }));
void (async () => {
  await transport.setup();
  print({ event: 'ready' });
  const summary = await worker.run();
  print({ event: 'summary', summary: { ...summary }, cpuMs: cpuMs() });
  await transport.close();
  await redis.quit();
})();
