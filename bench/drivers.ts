// The workloads: each runs one round of one row and returns its figures.
import type { AgentMessage, AgentReply } from 'rxagent';
import { echo, messageAt, messages, sleeper, type PullRow, type PushRow, type Work } from './workload.js';

export type Figures = Record<string, number>;

/** Parameters of a job, as passed on the command line of a row process. */
export interface Job {
  readonly workload: 'throughput' | 'timed' | 'ordering' | 'steady' | 'overload';
  readonly row: string;
  readonly size?: number;
  readonly concurrency: number;
  readonly rate?: number;
  readonly seconds?: number;
}

const CONVERSATIONS = 1000;
const now = () => performance.now();

/** Trivial agent, `size` messages over 1,000 conversations from a lazy generator. */
export async function throughput(row: PullRow, job: Job): Promise<Figures> {
  const size = job.size ?? 100_000;
  let done = 0;
  const work: Work = { agent: echo, send: async () => void done++, concurrency: job.concurrency };
  const started = now();
  await row(work, messages(size, CONVERSATIONS));
  const seconds = (now() - started) / 1000;
  if (done !== size) throw new Error(`${job.row}: ${done} of ${size} messages delivered`);
  return { msgPerSec: size / seconds, seconds };
}

/** A 10 ms agent at `concurrency`: 100 waves of messages, against the ideal concurrency / 10 ms. */
export async function timed(row: PullRow, job: Job): Promise<Figures> {
  const size = job.size ?? job.concurrency * 100;
  let done = 0;
  const work: Work = { agent: sleeper(10), send: async () => void done++, concurrency: job.concurrency };
  const started = now();
  await row(work, messages(size, CONVERSATIONS));
  const msgPerSec = size / ((now() - started) / 1000);
  if (done !== size) throw new Error(`${job.row}: ${done} of ${size} messages delivered`);
  return { msgPerSec, ofIdeal: msgPerSec / (job.concurrency / 0.01) };
}

/** Seeded so every row sees the same messages and the same agent delays. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/**
 * 1,000 conversations, half the traffic in 10 hot ones; the agent yields 0–20 microtask turns at
 * random, so runs finish out of order. Counts conversations running twice at once (`overlaps`) and
 * replies delivered out of their conversation's order (`outOfOrder`).
 */
export async function ordering(row: PullRow, job: Job): Promise<Figures> {
  const size = job.size ?? 100_000;
  const pick = random(42);
  const delay = random(7);
  const conversationOf = (i: number) => (pick() < 0.5 ? `c${i % 10}` : `c${10 + Math.floor(pick() * (CONVERSATIONS - 10))}`);
  const running = new Set<string>();
  const last = new Map<string, number>();
  let overlaps = 0;
  let outOfOrder = 0;
  let done = 0;
  const agent = async (message: AgentMessage): Promise<AgentReply> => {
    if (running.has(message.conversationId)) overlaps++;
    running.add(message.conversationId);
    for (let hops = Math.floor(delay() * 21); hops > 0; hops--) await undefined;
    running.delete(message.conversationId);
    return { text: message.text };
  };
  const send = async ({ message }: { message: AgentMessage }) => {
    const n = Number(message.id);
    if ((last.get(message.conversationId) ?? -1) > n) outOfOrder++;
    last.set(message.conversationId, n);
    done++;
  };
  const started = now();
  await row({ agent, send, concurrency: job.concurrency }, messages(size, CONVERSATIONS, (i) => ({ id: String(i), conversationId: conversationOf(i), text: `message ${i}` })));
  const seconds = (now() - started) / 1000;
  if (done !== size) throw new Error(`${job.row}: ${done} of ${size} messages delivered`);
  return { msgPerSec: size / seconds, overlaps, outOfOrder };
}

/** Pushes `rate` messages per second for `seconds`, spread over the event loop's turns. */
function emit(rate: number, seconds: number, push: (i: number) => void): Promise<number> {
  const total = Math.round(rate * seconds);
  const started = now();
  let sent = 0;
  return new Promise((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((now() - started) / 1000) * rate));
      while (sent < due) push(sent++);
      if (sent < total) setImmediate(tick);
      else resolve((now() - started) / 1000);
    };
    setImmediate(tick);
  });
}

/** Latencies of messages emitted in the first WARM_UP_S of a steady run are reported apart: that is the JIT warming up. */
export const WARM_UP_S = 0.5;

/**
 * A steady push input (trivial agent): added latency from emission to delivery, in ms, once
 * warmed up (messages emitted after WARM_UP_S), and the worst latency during the warm-up.
 */
export async function steady(row: PushRow, job: Job): Promise<Figures> {
  const rate = job.rate ?? 20_000;
  const seconds = job.seconds ?? 10;
  const total = Math.round(rate * seconds);
  const latencies = new Float64Array(total).fill(NaN);
  const emittedAt = new Float64Array(total);
  let done = 0;
  const work: Work = {
    agent: echo,
    send: async ({ message }) => {
      const i = Number(message.id);
      latencies[i] = now() - emittedAt[i]!;
      done++;
    },
    concurrency: job.concurrency,
  };
  const runner = row(work);
  await emit(rate, seconds, (i) => {
    emittedAt[i] = now();
    runner.push(messageAt(i, CONVERSATIONS));
  });
  await runner.end();
  const warm = Math.min(total, Math.round(rate * WARM_UP_S));
  const warmUpMax = Math.max(...latencies.subarray(0, warm).filter((l) => !Number.isNaN(l)));
  const sorted = latencies.subarray(warm).filter((l) => !Number.isNaN(l)).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { msgPerSec: done / seconds, p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1]!, warmUpMax };
}

/**
 * Twice the capacity of a 10 ms agent at `concurrency`, pushed for `seconds`: what is delivered
 * meanwhile, how many messages wait at most, how many are refused, and RSS growth in the second half.
 * The process exits after the round, so a row that cannot drain does not hold the run.
 */
export async function overload(row: PushRow, job: Job): Promise<Figures> {
  const capacity = job.concurrency / 0.01;
  const seconds = job.seconds ?? 10;
  let started = 0;
  let delivered = 0;
  let rejected = 0;
  let emitted = 0;
  let maxWaiting = 0;
  const rss: number[] = [];
  const agent = sleeper(10);
  const work: Work = {
    agent: (message) => (started++, agent(message)),
    send: async () => void delivered++,
    concurrency: job.concurrency,
    maxQueuedPerConversation: 8,
    rejected: () => void rejected++,
  };
  const sampler = setInterval(() => {
    maxWaiting = Math.max(maxWaiting, emitted - started - rejected);
    rss.push(process.memoryUsage.rss());
  }, 100);
  const runner = row(work);
  const elapsed = await emit(capacity * 2, seconds, (i) => (emitted++, runner.push(messageAt(i, CONVERSATIONS))));
  clearInterval(sampler);
  const half = rss[Math.floor(rss.length / 2)] ?? 0;
  const end = rss[rss.length - 1] ?? 0;
  return { msgPerSec: delivered / elapsed, ofCapacity: delivered / elapsed / capacity, maxWaiting, rejected, rssGrowthMb: (end - half) / 1e6 };
}
