import { VirtualTimeScheduler } from 'rxjs';

/**
 * Virtual time for tests that also do real loopback I/O: TestScheduler.run() flushes synchronously,
 * before any HTTP answer could arrive, so here time moves only when the test says so, and
 * `until` lets real I/O and Promises run (flushing timers that are due) while waiting for a condition.
 */
export class VirtualClock {
  readonly scheduler = new VirtualTimeScheduler();

  now(): number {
    return this.scheduler.now();
  }

  /** Moves time forward by `ms`, running every timer due on the way, in order. */
  advance(ms: number): void {
    const target = this.scheduler.now() + ms;
    this.scheduler.maxFrames = target;
    this.scheduler.flush();
    this.scheduler.frame = target;
  }

  /** Lets real I/O run, with virtual time standing still, until `condition()` holds (or fails after 5 s of real time). */
  async until(condition: () => boolean, what = 'the condition', timeoutMs = 5000): Promise<void> {
    const began = Date.now();
    while (!condition()) {
      if (Date.now() - began > timeoutMs) throw new Error(`timed out at virtual ${this.now()} ms waiting for ${what}`);
      this.advance(0);
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.advance(0);
  }

  /** Lets real I/O run for a few turns of the event loop without moving time (to show nothing more happens). */
  async idle(turns = 20): Promise<void> {
    for (let i = 0; i < turns; i++) {
      this.advance(0);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }
}
