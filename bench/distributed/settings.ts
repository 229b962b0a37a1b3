// What the distributed benchmark's parent and its worker processes share: the agent and the sizes.
import type { Agent } from 'rxagent';

/** The agent's latency: a model call of 50 ms (a timer, no CPU). */
export const AGENT_MS = 50;
/** Input partitions of every run (consumers with one message in flight each). */
export const PARTITIONS = 64;
/** Agent calls at once in one worker process (the runtime's default `concurrency`). */
export const PER_WORKER_CONCURRENCY = 16;
/** The memory window of the workers and of the in-process runtime. */
export const MAX_TURNS = 20;

/** The benchmark's agent: waits {@link AGENT_MS} and echoes. */
export const benchAgent: Agent = async (message) => {
  await new Promise((resolve) => setTimeout(resolve, AGENT_MS));
  return { text: `ok ${message.id}` };
};

/** Text of a message a holding worker (BENCH_HOLD=1) keeps in flight until it is killed. */
export const HOLD_TEXT = 'hold';

/** One line a worker process prints on stdout (JSON). */
export type WorkerLine =
  | { readonly event: 'ready' }
  | { readonly event: 'cpu'; readonly cpuMs: number }
  | { readonly event: 'started'; readonly id: string }
  | { readonly event: 'delivered'; readonly id: string }
  | { readonly event: 'stale'; readonly id: string }
  | { readonly event: 'failed'; readonly error: string }
  | { readonly event: 'summary'; readonly summary: Record<string, number>; readonly cpuMs: number };

/** The worker's settings, passed as environment variables. */
export interface WorkerSettings {
  readonly prefix: string;
  readonly keyPrefix: string;
  readonly ackWaitMs: number;
  /** Keeps messages whose text is {@link HOLD_TEXT} in flight (heartbeating) until the process dies. */
  readonly hold: boolean;
}

/** The environment of a worker process with these settings. */
export function workerEnv(settings: WorkerSettings): Record<string, string> {
  return {
    BENCH_PREFIX: settings.prefix,
    BENCH_KEY_PREFIX: settings.keyPrefix,
    BENCH_ACK_WAIT_MS: String(settings.ackWaitMs),
    BENCH_HOLD: settings.hold ? '1' : '',
  };
}
