import { Subject, type SchedulerLike, type Subscription } from 'rxjs';

/**
 * Egress-aware backpressure for one run of a runtime. When an output is rate-limited until some
 * time, the inputs whose results go to that output start no new agent run (and pulled ones are not
 * read) before then; the other inputs keep going. Which outputs an input's results go to is learnt
 * from the deliveries (`route`); an input with no delivered result yet is held while any output is
 * limited, since its results may go anywhere. The latest limit of an output wins when it ends
 * later; `resume$` emits whenever a limit ends.
 * @internal
 */
export class IntakeHold {
  readonly resume$ = new Subject<void>();
  /** Until when each rate-limited output is limited (scheduler time). */
  private readonly limits = new Map<string, { until: number; timer: Subscription }>();
  /** The outputs each input's results were handed to. */
  private readonly routes = new Map<string, Set<string>>();

  constructor(private readonly scheduler: SchedulerLike) {}

  /** Whether new runs of input `source`'s messages must wait now (no source: held while any output is limited). */
  readonly held = (source?: string): boolean => {
    if (this.limits.size === 0) return false;
    const now = this.scheduler.now();
    const outputs = source === undefined ? undefined : this.routes.get(source);
    if (outputs === undefined) {
      for (const limit of this.limits.values()) if (limit.until > now) return true;
      return false;
    }
    for (const output of outputs) if ((this.limits.get(output)?.until ?? -Infinity) > now) return true;
    return false;
  };

  /** A result of input `source` was handed to `output`. */
  route(source: string | undefined, output: string): void {
    if (source === undefined) return;
    let outputs = this.routes.get(source);
    if (outputs === undefined) this.routes.set(source, (outputs = new Set()));
    outputs.add(output);
  }

  /** `output` is rate-limited until `untilMs` (scheduler time): hold its inputs until then; returns when that hold ends. */
  limitUntil(output: string, untilMs: number): number {
    const current = this.limits.get(output);
    if (current !== undefined && current.until >= untilMs) return current.until;
    current?.timer.unsubscribe();
    const timer = this.scheduler.schedule(() => {
      this.limits.delete(output);
      this.resume$.next();
    }, untilMs - this.scheduler.now());
    this.limits.set(output, { until: untilMs, timer });
    return untilMs;
  }

  dispose(): void {
    for (const { timer } of this.limits.values()) timer.unsubscribe();
    this.limits.clear();
  }
}
