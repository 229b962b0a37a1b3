import { filter, firstValueFrom, take, toArray, type Observable } from 'rxjs';
import type { AgentEvent, AgentRuntime } from 'rxagent';

/** The first `count` runtime events of `type`, subscribed now (before the runtime runs). */
export function nextEvents<T extends AgentEvent['type']>(events$: Observable<AgentEvent>, type: T, count = 1): Promise<Extract<AgentEvent, { type: T }>[]> {
  return firstValueFrom(
    events$.pipe(
      filter((event): event is Extract<AgentEvent, { type: T }> => event.type === type),
      take(count),
      toArray(),
    ),
  );
}

/**
 * Teardown for tests that run runtimes against a fake service: registered steps run after each
 * test, newest first, then `after` (e.g. closing the fake).
 */
export function teardownAfterEach(after: () => Promise<unknown>) {
  const steps: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const step of steps.splice(0).reverse()) await step();
    await after();
  });
  return {
    /** Registers any teardown step. */
    add(step: () => Promise<unknown>): void {
      steps.push(step);
    },
    /**
     * Stops `runtime` (if still running) and awaits its `run()` after the test. With `giveUpMs`, moves
     * on after that long: a runtime on a virtual clock that a failed test left mid-wait never drains.
     */
    runtime(runtime: AgentRuntime, done: Promise<unknown>, giveUpMs?: number): void {
      steps.push(async () => {
        const stopped = runtime.running ? runtime.stop().then(() => done) : done;
        if (giveUpMs === undefined) return stopped.catch(() => undefined);
        let timer: NodeJS.Timeout | undefined;
        const giveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, giveUpMs)));
        await Promise.race([stopped.catch(() => undefined), giveUp]);
        clearTimeout(timer);
      });
    },
  };
}
