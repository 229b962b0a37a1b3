// The rxagent rows: the operator alone, and the runtime with more and more of its features on.
import { Subject, filter } from 'rxjs';
import { AgentRuntime, Pricing, ShortTermMemory, runAgent, type AgentInput, type AgentMessage, type AgentRuntimeOptions } from 'rxagent';
import { pulled } from './baselines.js';
import type { PullRow, PushRow, Work } from './workload.js';

/** `runAgent` alone over a source that sends one item per finished one (as the runtime pulls an iterable). */
export const runAgentRow: PullRow = (work, messages) => {
  const { source$, more } = pulled(messages, work.concurrency * 4);
  return new Promise<void>((resolve, reject) => {
    source$.pipe(runAgent({ agent: work.agent, concurrency: work.concurrency })).subscribe({
      next: (outcome) => {
        if (outcome.type === 'result' && outcome.reply !== null) void work.send({ message: outcome.message, reply: outcome.reply }).then(more);
        else more();
      },
      error: reject,
      complete: resolve,
    });
  });
};

/** What the runtime rows switch on. */
interface Features {
  readonly memory?: boolean;
  readonly pricing?: boolean;
  readonly events?: boolean;
}

function runtimeOf(work: Work, input: AgentInput, features: Features): AgentRuntime {
  const options: AgentRuntimeOptions = {
    inputs: [input],
    outputs: [{ name: 'out', send: (result) => work.send(result) }],
    agent: work.agent,
    concurrency: work.concurrency,
    ...(work.maxQueuedPerConversation === undefined ? {} : { maxQueuedPerConversation: work.maxQueuedPerConversation }),
    ...(features.memory === true ? { shortTermMemory: new ShortTermMemory({ maxTurns: 10 }) } : {}),
    ...(features.pricing === true ? { pricing: new Pricing({ perMessage: 1, budget: { perConversation: 1e12 } }) } : {}),
  };
  const runtime = new AgentRuntime(options);
  if (features.events === true) {
    let seen = 0;
    runtime.events$.subscribe(() => seen++);
  }
  if (work.rejected !== undefined) runtime.events$.pipe(filter((event) => event.type === 'rejected')).subscribe(work.rejected);
  return runtime;
}

const pulledRuntime =
  (features: Features): PullRow =>
  async (work, messages) => {
    await runtimeOf(work, messages, features).run();
  };

/** The full runtime with one output; the iterable is pulled as it has room. */
export const runtimeRow = pulledRuntime({});
/** … with `ShortTermMemory` (10 turns). */
export const runtimeMemoryRow = pulledRuntime({ memory: true });
/** … with memory and `Pricing` (a per-conversation budget, charged per run). */
export const runtimePricedRow = pulledRuntime({ memory: true, pricing: true });
/** … with memory and `events$` observed (every event built and delivered). */
export const runtimeEventsRow = pulledRuntime({ memory: true, events: true });

/** The full runtime with memory, fed by a Subject it cannot slow down. */
export const pushRuntimeRow: PushRow = (work) => {
  const input = new Subject<AgentMessage>();
  const done = runtimeOf(work, input, { memory: true }).run();
  return { push: (message) => input.next(message), end: async () => (input.complete(), void (await done)) };
};
