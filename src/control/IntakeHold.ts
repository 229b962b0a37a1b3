import { Subject, type SchedulerLike, type Subscription } from 'rxjs';

/**
 * Egress-aware backpressure for one run of a runtime: when an output is rate-limited until some
 * time, no new agent run starts (and pulled inputs are not read) before then. The latest limit wins
 * when it ends later; `resume$` emits when the hold is over.
 * @internal
 */
export class IntakeHold {
  readonly resume$ = new Subject<void>();
  private until = -Infinity;
  private timer: Subscription | undefined;

  constructor(private readonly scheduler: SchedulerLike) {}

  /** Whether new runs must wait now. */
  readonly held = (): boolean => this.until > this.scheduler.now();

  /** An output is rate-limited until `untilMs` (scheduler time): hold until then; returns when the hold ends. */
  limitUntil(untilMs: number): number {
    if (untilMs > this.until) {
      this.until = untilMs;
      this.timer?.unsubscribe();
      this.timer = this.scheduler.schedule(() => {
        this.timer = undefined;
        this.resume$.next();
      }, untilMs - this.scheduler.now());
    }
    return this.until;
  }

  dispose(): void {
    this.timer?.unsubscribe();
    this.timer = undefined;
  }
}
