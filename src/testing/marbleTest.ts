import type { SchedulerLike } from 'rxjs';
import type { RunHelpers, TestScheduler } from 'rxjs/testing';
import { ConfigError } from '../runtime/errors.js';
import type { RunSummary } from '../runtime/RunSummary.js';
import { createTestScheduler, type DeepEqual } from './createTestScheduler.js';
import { messageMarbles, type MessageMarbles } from './messageMarbles.js';

/** What {@link AgentMarbleHelpers.start} needs of a runtime: an `AgentRuntime` of any message type. */
export interface Runnable {
  run(): Promise<RunSummary>;
  stop(): Promise<void>;
  readonly running: boolean;
}

/** Options of {@link AgentMarbleHelpers.start}. */
export interface StartOptions {
  /** Call `stop()` at this virtual time, in ms. Without it, the run ends when every input completed and all drained. */
  readonly stopAt?: number;
}

/** The rxjs run helpers (`cold`, `hot`, `expectObservable`, `time`, …) and rxagent's own. */
export interface AgentMarbleHelpers extends RunHelpers {
  /** The virtual clock: pass it as `scheduler` to anything that takes one (it is also the default inside the test). */
  readonly scheduler: TestScheduler & SchedulerLike;
  /** Valid `AgentMessage`s from marbles: `m('a-b|', { a: 'hi', b: 'yo' }, { conversationId: 'x' })`; `m.hot(…)` for hot. */
  readonly m: MessageMarbles;
  /**
   * Runs a runtime in virtual time: `run()` is called at frame 0, after the test's `expectObservable`
   * subscriptions, so `events$` marbles see everything. Return the Promise from the test callback and
   * await it: it resolves with the `RunSummary` once virtual time has been flushed.
   */
  start(runtime: Runnable, options?: StartOptions): Promise<RunSummary>;
}

/** Options of {@link marbleTest}. */
export interface MarbleTestOptions {
  /** How marble timelines are compared. Default: the runner's `expect(…).toEqual`, else `assert.deepStrictEqual`. */
  readonly assertDeepEqual?: DeepEqual;
}

/**
 * Runs `callback` in virtual time (`TestScheduler.run`) with helpers for agents, flushes, checks
 * every marble expectation, and returns what the callback returned. Every runtime started with
 * `start` must have finished by then (its inputs completed, or `stopAt` passed): otherwise it throws,
 * saying why, instead of leaving the test waiting for a summary that never comes.
 *
 * @example
 * ```ts
 * import { AgentRuntime } from 'rxagent';
 * import { describeEvents, marbleTest, recordingOutput, scriptedAgent } from 'rxagent/testing';
 * it('replies after thinking for 10 ms', async () => {
 *   const summary = await marbleTest(({ m, start, expectObservable }) => {
 *     const output = recordingOutput();
 *     const runtime = new AgentRuntime({ inputs: [m('a|', { a: 'hi' })], outputs: [output], agent: scriptedAgent({ hi: { reply: 'hello', delayMs: 10 } }) });
 *     expectObservable(output.replies$).toBe('10ms a', { a: 'hello' });
 *     return start(runtime);
 *   });
 *   expect(summary.replied).toBe(1);
 * });
 * ```
 */
export function marbleTest<T>(callback: (helpers: AgentMarbleHelpers) => T, options: MarbleTestOptions = {}): T {
  const scheduler = createTestScheduler(options.assertDeepEqual);
  const started: Runnable[] = [];
  const start = (runtime: Runnable, { stopAt }: StartOptions = {}): Promise<RunSummary> => {
    if (stopAt !== undefined && !(typeof stopAt === 'number' && stopAt >= 0 && Number.isFinite(stopAt))) {
      throw new ConfigError('stopAt', `must be a virtual time in ms, 0 or more (got ${String(stopAt)}); e.g. start(runtime, { stopAt: 1000 })`);
    }
    started.push(runtime);
    return new Promise<RunSummary>((resolve, reject) => {
      // Scheduled, not called: expectObservable subscribes at frame 0 during the flush, and must not miss the first events.
      scheduler.schedule(() => void runtime.run().then(resolve, reject));
      if (stopAt !== undefined) scheduler.schedule(() => void runtime.stop(), stopAt);
    });
  };
  const result = scheduler.run((helpers) => callback({ ...helpers, scheduler, m: messageMarbles(scheduler), start }));
  if (started.some((runtime) => runtime.running)) {
    throw new Error(
      `marbleTest: a runtime is still running after virtual time ran out (at ${scheduler.now()} ms): an input never completed (end its marbles with "|") or a Promise is waiting outside virtual time (agents and outputs under test should answer with Observables on the scheduler). Pass start(runtime, { stopAt }) to stop it.`,
    );
  }
  return result;
}
