/**
 * One agent attempt's abort handle. The `AbortController` is made only when the agent reads
 * `context.signal` (Node's controllers cost more than a whole synchronous run); an abort that
 * happens before that is remembered and applied on creation.
 * @internal
 */
export class Attempt {
  private controller: AbortController | undefined;
  private reason: unknown;
  private aborted = false;

  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.controller?.abort(reason);
  }
}
