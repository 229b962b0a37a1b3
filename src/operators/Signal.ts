/**
 * A synchronous notifier for the hot path: `notify()` calls each listener in order, with no
 * Subscriber, iterator or array copy per call (rxjs' `Subject.next` makes some of each).
 * @internal
 */
export class Signal {
  private listeners: readonly (() => void)[] = [];

  /** Calls `listener` on every `notify()` until the returned function is called. */
  listen(listener: () => void): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((each) => each !== listener);
    };
  }

  notify(): void {
    // A listener added or removed during a notification takes effect from the next one.
    const listeners = this.listeners;
    for (let i = 0; i < listeners.length; i++) listeners[i]!();
  }
}
