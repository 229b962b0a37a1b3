// The targets of issues 3 and 7, checked against one run's figures; each missed one names the row to profile.
import type { Job } from './drivers.js';
import type { Measured } from './run.js';

export interface Target {
  readonly text: string;
  readonly met: boolean;
  /** What to profile when it is missed. */
  readonly profile?: Job;
}

const one = (digits: number) => (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(digits));

/** Checks every target that the run measured. */
export function checkTargets(all: readonly Measured[]): Target[] {
  const find = (workload: Job['workload'], row: string, match: (job: Job) => boolean = () => true) => all.find((m) => m.job.workload === workload && m.job.row === row && match(m.job));
  const sizes = [...new Set(all.filter((m) => m.job.workload === 'throughput').map((m) => m.job.size ?? 0))].sort((a, b) => a - b);
  const [small, large] = [sizes[0], sizes[sizes.length - 1]];
  const rate = (m: Measured | undefined) => m?.figures['msgPerSec'];
  const targets: Target[] = [];
  const runtimeLarge = find('throughput', 'runtimeMemory', (job) => job.size === large);
  const runtimeSmall = find('throughput', 'runtimeMemory', (job) => job.size === small);
  const poolLarge = rate(find('throughput', 'pool', (job) => job.size === large));
  const pQueueLarge = rate(find('throughput', 'pQueue', (job) => job.size === large));
  const vsPool = (rate(runtimeLarge) ?? NaN) / (poolLarge ?? NaN);
  const profileThroughput = runtimeSmall?.job;
  if (runtimeLarge !== undefined) {
    const growth = (runtimeLarge.figures['seconds'] ?? NaN) / (runtimeSmall?.figures['seconds'] ?? NaN);
    const rss = runtimeLarge.figures['rssMb'] ?? NaN;
    targets.push(
      { text: `runtime with order and memory ≥ 0.3× the promise pool (issue 3): ${one(2)(vsPool)}×`, met: vsPool >= 0.3, ...(profileThroughput ? { profile: profileThroughput } : {}) },
      { text: `runtime with order and memory ≥ 0.5× the promise pool and ahead of p-queue (issue 7): ${one(2)(vsPool)}× the pool, ${one(2)((rate(runtimeLarge) ?? NaN) / (pQueueLarge ?? NaN))}× p-queue`, met: vsPool >= 0.5 && (rate(runtimeLarge) ?? 0) > (pQueueLarge ?? Infinity) },
      { text: `${large?.toLocaleString('en-US')} messages cost at most 11× ${small?.toLocaleString('en-US')} (issue 3): ${one(1)(growth)}×`, met: growth <= 11 },
      { text: `peak RSS with ${large?.toLocaleString('en-US')} messages from a lazy generator under 200 MB (issue 3): ${one(0)(rss)} MB`, met: rss < 200 },
      { text: `peak RSS with ${large?.toLocaleString('en-US')} messages from a lazy generator under 150 MB (issue 7): ${one(0)(rss)} MB`, met: rss < 150 },
    );
  }
  for (const concurrency of [1, 16, 256]) {
    const timed = find('timed', 'runtimeMemory', (job) => job.concurrency === concurrency);
    if (timed === undefined) continue;
    const ofIdeal = timed.figures['ofIdeal'] ?? NaN;
    targets.push({ text: `10 ms agent at concurrency ${concurrency} ≥ 95% of ideal: ${one(1)(ofIdeal * 100)}%`, met: ofIdeal >= 0.95, profile: timed.job });
  }
  const steady = find('steady', 'runtimeMemory');
  if (steady !== undefined) {
    const p99 = steady.figures['p99'] ?? NaN;
    targets.push({ text: `added latency p99 under 0.2 ms at 20,000 msg/s: ${one(3)(p99)} ms`, met: p99 < 0.2, profile: steady.job });
  }
  const overload = find('overload', 'runtimeMemory');
  if (overload !== undefined) {
    const share = overload.figures['ofCapacity'] ?? NaN;
    targets.push({ text: `under 2× overload ≥ 90% of capacity delivered, queue bounded: ${one(1)(share * 100)}%, at most ${one(0)(overload.figures['maxWaiting'])} waiting`, met: share >= 0.9, profile: overload.job });
  }
  return targets;
}
