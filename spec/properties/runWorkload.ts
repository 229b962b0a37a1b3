import { Observable, tap, type SchedulerLike } from 'rxjs';
import { AgentRuntime, RateLimitedError, ShortTermMemory, type Agent, type AgentEvent, type AgentMessage, type AgentReply, type RunSummary } from 'rxagent';
import { marbleTest, recordingOutput, scriptedAgent } from 'rxagent/testing';
import type { ItemPlan, Workload } from './workload';

/** One agent attempt as the agent saw it. */
export interface Call {
  readonly id: string;
  readonly conversationId: string;
  readonly attempt: number;
  readonly memory: readonly (readonly [string, string | null])[];
  readonly afterStop: boolean;
  /** Attempts running when this one started (itself excluded), overall and in its conversation. */
  readonly running: number;
  readonly runningInConversation: number;
  /** How many events had been seen when it started. */
  readonly eventsBefore: number;
}

/** Everything a run did, for the invariants to judge. */
export interface Trace {
  readonly events: readonly { readonly event: AgentEvent; readonly afterStop: boolean }[];
  readonly calls: readonly Call[];
  readonly summary: RunSummary;
  readonly emitted: number;
}

export const idOf = (index: number) => `m${index}`;
export const conversationOf = (plan: ItemPlan) => `conv-${plan.conversation}`;

/** Runs a workload through an AgentRuntime in virtual time and records what happened. */
export async function runWorkload(workload: Workload): Promise<Trace> {
  const events: { event: AgentEvent; afterStop: boolean }[] = [];
  const calls: Call[] = [];
  const plans = new Map(workload.items.map((plan, i) => [idOf(i), plan]));
  let stopped = false;
  let emitted = 0;
  let running = 0;
  const runningIn = new Map<string, number>();

  const scripted = scriptedAgent({}, {
    otherwise: (message, { attempt }) => {
      const plan = plans.get(message.id)!;
      const step = plan.attempts[Math.min(attempt, plan.attempts.length) - 1]!;
      return step.fails ? { error: `${message.id} failed attempt ${attempt}`, delayMs: step.delayMs } : { reply: plan.noReply ? null : `re ${message.id}`, delayMs: step.delayMs };
    },
  });
  const agent: Agent = (message, context) => {
    const conversation = message.conversationId;
    calls.push({
      id: message.id,
      conversationId: conversation,
      attempt: context.attempt,
      memory: context.memory.map((turn) => [turn.message.id, turn.reply?.text ?? null] as const),
      afterStop: stopped,
      running,
      runningInConversation: runningIn.get(conversation) ?? 0,
      eventsBefore: events.length,
    });
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      running--;
      runningIn.set(conversation, runningIn.get(conversation)! - 1);
    };
    // An attempt ends when it answers, before the runtime hears of it, or when the runtime drops it.
    return (scripted(message, context) as Observable<AgentReply>).pipe(
      tap({
        subscribe: () => {
          running++;
          runningIn.set(conversation, (runningIn.get(conversation) ?? 0) + 1);
        },
        complete: end,
        error: end,
        unsubscribe: end,
      }),
    );
  };

  const summary = await marbleTest(({ scheduler, start }) => {
    const outputs = Array.from({ length: workload.outputs }, (_, n) =>
      recordingOutput({
        name: `out-${n}`,
        latencyMs: workload.outputLatencyMs,
        fail: (result, attempt) => {
          const plan = plans.get(result.message.id)!;
          if (attempt > plan.deliveryFailures) return undefined;
          return plan.rateLimited ? new RateLimitedError(25) : new Error(`out-${n} refused ${result.message.id}`);
        },
      }),
    );
    const runtime = new AgentRuntime({
      inputs: Array.from({ length: workload.inputs }, (_, n) => ({ name: `in-${n}`, messages$: itemsOf(workload, n, scheduler, () => emitted++) })),
      outputs,
      agent,
      concurrency: workload.concurrency,
      retry: { count: workload.retries, delayMs: workload.retryDelayMs },
      ...(workload.timeoutMs === undefined ? {} : { timeoutMs: workload.timeoutMs }),
      shortTermMemory: new ShortTermMemory({ maxTurns: workload.maxTurns }),
      drainTimeoutMs: workload.drainTimeoutMs,
      delivery: { retry: { count: workload.deliveryRetries, delayMs: 10 } },
    });
    runtime.events$.subscribe((event) => events.push({ event, afterStop: stopped }));
    const done = start(runtime);
    if (workload.stopAt !== undefined) {
      scheduler.schedule(() => {
        stopped = true;
        void runtime.stop();
      }, workload.stopAt);
    }
    return done;
  });
  return { events, calls, summary, emitted };
}

/** The items of one input, each `gap` ms after the previous one of that input. */
function itemsOf(workload: Workload, input: number, scheduler: SchedulerLike, counted: () => void): Observable<unknown> {
  return new Observable<unknown>((subscriber) => {
    let at = 0;
    const timers = workload.items.flatMap((plan, i) => {
      if (plan.input !== input) return [];
      at += plan.gap;
      return [scheduler.schedule(() => (counted(), subscriber.next(itemOf(plan, i))), at)];
    });
    timers.push(scheduler.schedule(() => subscriber.complete(), at));
    return () => timers.forEach((timer) => timer.unsubscribe());
  });
}

function itemOf(plan: ItemPlan, index: number): unknown {
  const message: AgentMessage = { id: idOf(index), conversationId: conversationOf(plan), text: idOf(index) };
  // Invalid, yet still carrying its id so the invariants can follow it: an empty conversationId.
  return plan.invalid ? { ...message, conversationId: '' } : message;
}
