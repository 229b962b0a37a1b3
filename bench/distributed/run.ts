// The distributed-mode section of `npm run bench` (issue 6, "Performance"): with a 50 ms agent
// and 64 partitions, the throughput of 1, 2 and 3 worker processes and its ratio to the in-process
// runtime at the same total concurrency, then the time from a worker's death to the redelivery of
// the messages it held. Needs NATS (JetStream) on 127.0.0.1:4222 and Redis on 127.0.0.1:6379.
// Alone: `npx tsx bench/distributed/run.ts` prints the section's markdown lines.
import { cpus } from 'node:os';
import { answers } from './cluster.js';
import { measureRedelivery } from './redelivery.js';
import { AGENT_MS, PARTITIONS, PER_WORKER_CONCURRENCY } from './settings.js';
import { benchMessages, distributedThroughput, inProcessThroughput, partitionBound } from './throughput.js';

/** Options of {@link distributedSection}. */
export interface DistributedSectionOptions {
  /** Shrinks the message count (BENCH_QUICK uses 0.1); default 1: 2,000 messages per configuration. */
  readonly scale?: number;
  /** Worker counts to measure. Default 1, 2 and 3. */
  readonly workers?: readonly number[];
  /** Progress lines (default: stderr, as the rest of the bench). */
  readonly log?: (line: string) => void;
}

const CONVERSATIONS = 256;
const ACK_WAIT_MS = 2000;

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–');

/**
 * Runs the distributed benchmark and returns its markdown lines: a heading, a table (one row per
 * worker count) and a redelivery line. When NATS or Redis does not answer on 127.0.0.1, returns
 * one line saying it was skipped. Every run uses its own streams and Redis keys and deletes them.
 */
export async function distributedSection(options: DistributedSectionOptions = {}): Promise<string[]> {
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  if (!(await answers(4222)) || !(await answers(6379))) return ['Distributed mode (issue 6) skipped: NATS (127.0.0.1:4222) or Redis (127.0.0.1:6379) not answering.'];
  const count = Math.max(200, Math.round(2000 * (options.scale ?? 1)));
  const messages = benchMessages(count, CONVERSATIONS);
  const bound = partitionBound(messages);
  const lines = [
    `## Distributed mode (issue 6): ${AGENT_MS} ms agent, ${PARTITIONS} partitions, ${fmt(count)} messages in ${CONVERSATIONS} conversations`,
    '',
    `Each worker is its own process (\`JetStreamWorker\`, ${PER_WORKER_CONCURRENCY} agent calls at once, memory window in Redis, one output) pulling all ${PARTITIONS} partitions on fresh streams; msg/s counts from the first publish until every result was delivered by an output. The in-process row is \`AgentRuntime\` with \`ShortTermMemory\` at the same total concurrency. Ideal = agent calls at once ÷ ${AGENT_MS} ms, at most ${PARTITIONS} partitions ÷ ${AGENT_MS} ms = ${fmt(PARTITIONS / (AGENT_MS / 1000))} msg/s; these messages also cap it at ${fmt(bound.msgPerSec)} msg/s, as their busiest partition holds ${fmt(bound.busiest)} of them (mean ${fmt(count / PARTITIONS, 1)}) and runs them one at a time. Machine: ${cpus().length} cores shared by the workers, NATS, Redis and this process; CPU per message is measured from \`process.cpuUsage()\` in the workers and /proc for the servers.`,
    '',
    '| workers | agent calls at once | msg/s | in-process msg/s (same concurrency) | × in-process | ideal msg/s | % of ideal | time per message in a busy partition (median) | CPU per message: workers + NATS and Redis (in process) | duplicate deliveries |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const workers of options.workers ?? [1, 2, 3]) {
    const concurrency = Math.min(PARTITIONS, workers * PER_WORKER_CONCURRENCY);
    const ideal = concurrency / (AGENT_MS / 1000);
    try {
      const distributed = await distributedThroughput(workers, messages);
      const inProcess = await inProcessThroughput(concurrency, messages);
      log(`bench: distributed — ${workers} worker(s): ${fmt(distributed.msgPerSec)} msg/s; in process at concurrency ${concurrency}: ${fmt(inProcess.msgPerSec)} msg/s`);
      lines.push(
        `| ${workers} | ${concurrency} | ${fmt(distributed.msgPerSec)} | ${fmt(inProcess.msgPerSec)} | ${fmt(distributed.msgPerSec / inProcess.msgPerSec, 2)} | ${fmt(ideal)} | ${fmt((distributed.msgPerSec / ideal) * 100, 1)}% | ${fmt(distributed.partitionCycleMs ?? NaN)} ms | ${fmt(distributed.cpuMsPerMessage, 2)} + ${fmt(distributed.serversCpuMsPerMessage ?? NaN, 2)} ms (${fmt(inProcess.cpuMsPerMessage, 2)} ms) | ${fmt(distributed.duplicates)} |`,
      );
    } catch (error) {
      log(`bench: distributed — ${workers} worker(s) failed: ${String(error)}`);
      lines.push(`| ${workers} | ${concurrency} | failed: ${String(error).replace(/\|/g, '/')} | | | ${fmt(ideal)} | | | | |`);
    }
  }
  lines.push('');
  try {
    const r = await measureRedelivery(ACK_WAIT_MS);
    const span = ([low, high]: readonly [number, number]) => (Math.round(low) === Math.round(high) ? `${fmt(low)} ms` : `${fmt(low)}–${fmt(high)} ms`);
    log(`bench: distributed — redelivery after SIGKILL: ${span(r.delivered)}`);
    lines.push(
      `Redelivery: a worker holding ${r.held} messages in flight (one per partition, heartbeating every ${fmt(Math.floor(r.ackWaitMs / 3))} ms) is SIGKILLed; the other worker starts them again ${span(r.restarted)} after the kill and has delivered their results ${span(r.delivered)} after it (ackWaitMs ${fmt(r.ackWaitMs)}: the lease runs out ackWaitMs after the last heartbeat, so expect ${fmt(r.ackWaitMs - Math.floor(r.ackWaitMs / 3))}–${fmt(r.ackWaitMs)} ms plus one ${AGENT_MS} ms run).`,
    );
  } catch (error) {
    log(`bench: distributed — redelivery failed: ${String(error)}`);
    lines.push(`Redelivery: failed: ${String(error)}`);
  }
  return lines;
}

if (require.main === module) {
  const scale = process.env['BENCH_QUICK'] === '1' ? 0.1 : 1;
  void distributedSection({ scale }).then((lines) => process.stdout.write(`${lines.join('\n')}\n`));
}
