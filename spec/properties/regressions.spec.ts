// Counterexamples the property tests found, kept as plain examples so they fail the same way every run.
import { NEVER } from 'rxjs';
import { AgentRuntime, type AgentOutput } from 'rxagent';
import { describeEvents, marbleTest, scriptedAgent } from 'rxagent/testing';
import { runWorkload } from './runWorkload';
import { violations } from './invariants';
import type { ItemPlan, Workload } from './workload';

const reply = (delayMs = 0): ItemPlan['attempts'][number] => ({ delayMs, fails: false });
const plan = (overrides: Partial<ItemPlan>): ItemPlan => ({
  gap: 0, input: 0, conversation: 0, invalid: false, attempts: [reply()], noReply: false, deliveryFailures: 0, rateLimited: false, ...overrides,
});

describe('invariant regressions', () => {
  // seed 287679711 (RXAGENT_PROPERTY_RUNS=5000), shrunk. Three replies of one conversation queue for
  // one output; m0's delivery fails once and is waiting to retry when the drain deadline (t=2) passes.
  // Seen: m0 fails as stopped (an event), which frees the conversation's lane, so m1's delivery STARTS
  // after the deadline and is delivered at t=3; m2, still waiting, is cancelled and counted in
  // summary.deliveryFailed with NO deliveryFailed event (src/runtime/OutputDeliveries.ts, the lanes' `cancelled`).
  it('cancels every waiting delivery at the drain deadline, starts none after it, and reports each as deliveryFailed', async () => {
    const workload: Workload = {
      items: [plan({ attempts: [reply(1)], deliveryFailures: 1 }), plan({}), plan({})],
      inputs: 2,
      concurrency: 1,
      retries: 0,
      retryDelayMs: 0,
      timeoutMs: undefined,
      maxTurns: 1,
      outputs: 1,
      outputLatencyMs: 1,
      deliveryRetries: 1,
      stopAt: 2,
      drainTimeoutMs: 0,
    };
    expect(violations(workload, await runWorkload(workload))).toEqual([]);
  });

  // The same defect, made fatal: the delivery that starts after the deadline is never aborted, so an
  // output that never answers keeps run() (and stop()) waiting forever.
  it('resolves stop() by the drain deadline even when an output never answers', async () => {
    const hanging: AgentOutput = { name: 'hanging', send: () => NEVER };
    const summary = await marbleTest(({ m, start, expectObservable }) => {
      const runtime = new AgentRuntime({ inputs: [m('(ab)', { a: 'hi', b: 'hi' })], outputs: [hanging], agent: scriptedAgent({ hi: 'hello' }), drainTimeoutMs: 10, delivery: { concurrency: 1 } });
      expectObservable(runtime.events$.pipe(describeEvents('delivered', 'deliveryFailed'))).toBe('20ms (ab)', {
        a: 'deliveryFailed c-1 to hanging: the delivery was cancelled: the runtime stopped and the drain deadline passed',
        b: 'deliveryFailed c-2 to hanging: the delivery was cancelled: the runtime stopped and the drain deadline passed',
      });
      return start(runtime, { stopAt: 10 });
    });
    expect(summary).toMatchObject({ replied: 2, delivered: 0, deliveryFailed: 2 });
  });
});
