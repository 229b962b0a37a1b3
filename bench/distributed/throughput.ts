// Throughput of N worker processes on JetStream, and of the in-process runtime at the same total
// concurrency: the same 50 ms agent, memory window, messages and conversations.
import { AgentRuntime, ShortTermMemory, type AgentMessage } from 'rxagent';
import { partitionOf, type JetStreamTransport } from 'rxagent/nats';
import { Cluster } from './cluster.js';
import { cpuMs, serversCpuMs } from './cpu.js';
import { AGENT_MS, benchAgent, MAX_TURNS, PARTITIONS } from './settings.js';

/** What one throughput run measured. */
export interface Throughput {
  readonly msgPerSec: number;
  readonly seconds: number;
  /** Results delivered more than once (the guarantees say 0 without crashes). */
  readonly duplicates: number;
  /** Median time from one message's start to the next one's in the same partition (distributed runs). */
  readonly partitionCycleMs?: number;
  /** CPU time per message: of the worker processes together, or of this process in process (NATS and Redis not counted). */
  readonly cpuMsPerMessage: number;
  /** CPU time per message of the local NATS and Redis servers (distributed runs; NaN where /proc cannot tell). */
  readonly serversCpuMsPerMessage?: number;
}

/** `count` messages round-robin over `conversations` conversations. */
export function benchMessages(count: number, conversations: number): AgentMessage[] {
  return Array.from({ length: count }, (_, i) => ({ id: `m${i}`, conversationId: `c${i % conversations}`, text: `message ${i}` }));
}

/** The fastest the partitions allow: the busiest partition runs its messages one after another. */
export function partitionBound(messages: readonly AgentMessage[]): { busiest: number; msgPerSec: number } {
  const load = new Array<number>(PARTITIONS).fill(0);
  for (const message of messages) load[partitionOf(message.conversationId, PARTITIONS)]!++;
  const busiest = Math.max(...load);
  return { busiest, msgPerSec: messages.length / ((busiest * AGENT_MS) / 1000) };
}

/** Publishes every message, `window` publishes in flight (each confirmed by the stream). */
async function publishAll(transport: JetStreamTransport, messages: readonly AgentMessage[], window = 64): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: window }, async () => {
      while (next < messages.length) {
        const published = await transport.publish(messages[next++]!);
        if (published.duplicate) throw new Error('bench: a publish was dropped as a duplicate; message ids must be unique per run');
      }
    }),
  );
}

/**
 * Starts `workers` worker processes on fresh streams, warms them up (128 messages of their own
 * conversations, until all are delivered), then publishes the messages and measures from the first
 * publish until every result was delivered by an output.
 */
export async function distributedThroughput(workers: number, messages: readonly AgentMessage[]): Promise<Throughput> {
  const cluster = new Cluster(30_000);
  const deliveredOf = (ids: ReadonlySet<string>) => new Set(cluster.lines('delivered').filter((line) => ids.has(line.id)).map((line) => line.id));
  try {
    await cluster.transport.setup();
    await Promise.all(Array.from({ length: workers }, () => cluster.startWorker()));
    const warmUp = Array.from({ length: PARTITIONS * 2 }, (_, i) => ({ id: `warm${i}`, conversationId: `warm${i}`, text: 'warm up' }));
    await publishAll(cluster.transport, warmUp);
    const warmIds = new Set(warmUp.map((message) => message.id));
    await cluster.until(() => deliveredOf(warmIds).size >= warmIds.size, `warm-up of ${workers} worker(s)`, 60_000);

    const ids = new Set(messages.map((message) => message.id));
    const cpuBefore = await cluster.workersCpuMs();
    const serversBefore = serversCpuMs();
    const started = Date.now();
    await publishAll(cluster.transport, messages);
    // Every worker's lines are read again on each check: lines of different workers interleave.
    let delivered = new Set<string>();
    await cluster.until(() => (delivered = deliveredOf(ids)).size >= ids.size, `${messages.length} results from ${workers} worker(s)`, 120_000);
    const lines = cluster.lines('delivered').filter((line) => ids.has(line.id));
    const seconds = (lines[lines.length - 1]!.at - started) / 1000;
    const serversCpuMsPerMessage = (serversCpuMs() - serversBefore) / messages.length;
    const cpuMsPerMessage = ((await cluster.workersCpuMs()) - cpuBefore) / messages.length;
    return { msgPerSec: messages.length / seconds, seconds, duplicates: lines.length - delivered.size, partitionCycleMs: partitionCycle(messages, cluster.lines('started')), cpuMsPerMessage, serversCpuMsPerMessage };
  } finally {
    await cluster.close();
  }
}

/**
 * Median time between the starts of two consecutive messages of one partition: every partition
 * has a backlog from the first publish on, so this is the agent plus the hand-over (apply in
 * Redis, publish, ack, the next pull) plus any wait for a free agent slot in the worker.
 */
function partitionCycle(messages: readonly AgentMessage[], starts: readonly { id: string; at: number }[]): number {
  const conversationOf = new Map(messages.map((message) => [message.id, message.conversationId]));
  const last = new Map<number, number>();
  const gaps: number[] = [];
  for (const start of starts) {
    const conversationId = conversationOf.get(start.id);
    if (conversationId === undefined) continue;
    const partition = partitionOf(conversationId, PARTITIONS);
    const previous = last.get(partition);
    if (previous !== undefined) gaps.push(start.at - previous);
    last.set(partition, start.at);
  }
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor(gaps.length / 2)] ?? NaN;
}

/** The in-process `AgentRuntime` on the same messages, at `concurrency`, with the same memory window. */
export async function inProcessThroughput(concurrency: number, messages: readonly AgentMessage[]): Promise<Throughput> {
  const delivered = new Set<string>();
  let deliveries = 0;
  const runtime = new AgentRuntime({
    inputs: [messages],
    agent: benchAgent,
    concurrency,
    shortTermMemory: new ShortTermMemory({ maxTurns: MAX_TURNS }),
    outputs: [{ name: 'count', send: async (result) => void (deliveries++, delivered.add(result.message.id)) }],
  });
  const cpuBefore = cpuMs();
  const started = Date.now();
  await runtime.run();
  const seconds = (Date.now() - started) / 1000;
  const cpuMsPerMessage = (cpuMs() - cpuBefore) / messages.length;
  if (delivered.size !== messages.length) throw new Error(`bench: the in-process runtime delivered ${delivered.size} of ${messages.length} results`);
  return { msgPerSec: messages.length / seconds, seconds, duplicates: deliveries - delivered.size, cpuMsPerMessage };
}
