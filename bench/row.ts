// One round of one benchmark row, in a process of its own so peak RSS belongs to that row alone.
// Usage: node --expose-gc --import tsx bench/row.ts '<job as JSON>' → one JSON line of figures.
import { forAwait, mergeMapPulled, pQueue, pool, pushMergeMap, pushPQueue, pushPool } from './baselines.js';
import { ordering, overload, steady, throughput, timed, type Figures, type Job } from './drivers.js';
import { pushRuntimeRow, runAgentRow, runtimeEventsRow, runtimeMemoryRow, runtimePricedRow, runtimeRow } from './rxagentRows.js';
import type { PullRow, PushRow } from './workload.js';

/** Rows fed from a lazy iterable (throughput, timed agent, ordering). */
export const PULL_ROWS: Readonly<Record<string, PullRow>> = {
  forAwait,
  pool,
  pQueue,
  mergeMap: mergeMapPulled,
  runAgent: runAgentRow,
  runtime: runtimeRow,
  runtimeMemory: runtimeMemoryRow,
  runtimePriced: runtimePricedRow,
  runtimeEvents: runtimeEventsRow,
};

/** Rows fed by a push source (steady rate, overload). */
export const PUSH_ROWS: Readonly<Record<string, PushRow>> = { pool: pushPool, pQueue: pushPQueue, mergeMap: pushMergeMap, runtimeMemory: pushRuntimeRow };

async function main(job: Job): Promise<Figures> {
  if (job.workload === 'steady' || job.workload === 'overload') {
    const row = PUSH_ROWS[job.row];
    if (row === undefined) throw new Error(`no push row ${job.row}`);
    return job.workload === 'steady' ? steady(row, job) : overload(row, job);
  }
  const row = PULL_ROWS[job.row];
  if (row === undefined) throw new Error(`no pull row ${job.row}`);
  return { throughput, timed, ordering }[job.workload](row, job);
}

if (process.argv[2] !== undefined) {
  main(JSON.parse(process.argv[2]) as Job).then(
    (figures) => {
      const rssMb = (process.resourceUsage().maxRSS * 1024) / 1e6;
      process.stdout.write(`${JSON.stringify({ ...figures, rssMb })}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
      process.exit(1);
    },
  );
}
