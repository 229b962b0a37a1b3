// The rows and workloads of `npm run bench`, and how each is labelled in the table.
import type { Job } from './drivers.js';

/** The rows that are not rxagent: each row's ratio is to the fastest of these in the same workload. */
export const BASELINES: ReadonlySet<string> = new Set(['forAwait', 'pool', 'pQueue', 'mergeMap']);

export const PULL_LABELS: Readonly<Record<string, string>> = {
  forAwait: 'baseline: plain `for … await` loop (one at a time)',
  pool: 'baseline: hand-written promise pool',
  pQueue: 'baseline: p-queue (`onSizeLessThan` backpressure)',
  mergeMap: 'baseline: rxjs `mergeMap`, source pulled one per finished',
  runAgent: 'rxagent: `runAgent` operator alone',
  runtime: 'rxagent: `AgentRuntime`, one output',
  runtimeMemory: 'rxagent: `AgentRuntime` + `ShortTermMemory`',
  runtimePriced: 'rxagent: `AgentRuntime` + memory + `Pricing`',
  runtimeEvents: 'rxagent: `AgentRuntime` + memory + `events$` observed',
};

export const PUSH_LABELS: Readonly<Record<string, string>> = {
  pool: 'baseline: hand-written pool, O(1) waiting queue',
  pQueue: 'baseline: p-queue, `add` per message',
  mergeMap: 'baseline: stock rxjs, Subject → `mergeMap`',
  runtimeMemory: 'rxagent: `AgentRuntime` + `ShortTermMemory`, Subject input',
};

/** A table section: one workload with its rows. */
export interface Section {
  readonly title: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly jobs: readonly Job[];
}

const ALL_PULL = Object.keys(PULL_LABELS);

/** Every section of the run; `scale` shrinks sizes and durations for a quick try (BENCH_QUICK=1). */
export function sections(scale: number, seconds: number): Section[] {
  const size = (n: number) => Math.max(1000, Math.round(n * scale));
  const pull = (workload: Job['workload'], rows: readonly string[], extra: Partial<Job>): Job[] =>
    rows.map((row) => ({ workload, row, concurrency: 16, ...extra }));
  return [
    { title: 'trivial agent, 100k messages', labels: PULL_LABELS, jobs: pull('throughput', ALL_PULL, { size: size(100_000) }) },
    {
      title: 'trivial agent, 1M messages (lazy generator)',
      labels: PULL_LABELS,
      jobs: pull('throughput', ['forAwait', 'pool', 'pQueue', 'mergeMap', 'runAgent', 'runtimeMemory'], { size: size(1_000_000) }),
    },
    ...[1, 16, 256].map((concurrency) => ({
      title: `10 ms agent, concurrency ${concurrency}`,
      labels: PULL_LABELS,
      jobs: ['pool', 'pQueue', 'mergeMap', 'runtimeMemory'].map((row): Job => ({ workload: 'timed', row, concurrency, size: Math.max(concurrency, Math.round(concurrency * 100 * Math.min(1, scale * 4))) })),
    })),
    { title: '1,000 conversations, ordering (half the traffic in 10 of them, random agent delays)', labels: PULL_LABELS, jobs: pull('ordering', ['pool', 'pQueue', 'mergeMap', 'runAgent', 'runtimeMemory'], { size: size(100_000) }) },
    {
      title: `steady push input, 20,000 msg/s (trivial agent, ${Number(seconds.toFixed(1))} s per round)`,
      labels: PUSH_LABELS,
      jobs: ['pool', 'mergeMap', 'runtimeMemory'].map((row): Job => ({ workload: 'steady', row, concurrency: 16, rate: 20_000, seconds })),
    },
    {
      title: `2× overload: 51,200 msg/s pushed at a 10 ms agent, concurrency 256 (capacity 25,600 msg/s), ${Number(seconds.toFixed(1))} s per round; rxagent with maxQueuedPerConversation 8 × 1,000 conversations`,
      labels: PUSH_LABELS,
      jobs: ['pQueue', 'mergeMap', 'runtimeMemory'].map((row): Job => ({ workload: 'overload', row, concurrency: 256, seconds })),
    },
  ];
}
