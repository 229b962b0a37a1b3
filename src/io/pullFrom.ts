import { Observable } from 'rxjs';

/** When a pulled input may take more items. @internal */
export interface Demand {
  /** Whether the runtime wants another item now. */
  wanted(): boolean;
  /** Calls `listener` whenever demand may have grown (an item finished); returns how to stop. */
  listen(listener: () => void): () => void;
}

/**
 * An iterable or async iterable as an input that is pulled, not pushed: the next item is taken
 * only while `demand.wanted()`, so a generator of a million messages never has more than a few
 * in flight. Unsubscribing calls the iterator's `return()`.
 * @internal
 */
export function pullFrom(source: Iterable<unknown> | AsyncIterable<unknown>, demand: Demand): Observable<unknown> {
  return new Observable<unknown>((subscriber) => {
    const sync = Symbol.iterator in source;
    const iterator = sync ? (source as Iterable<unknown>)[Symbol.iterator]() : (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
    let pulling = false;
    let finished = false;
    const end = (error?: unknown) => {
      finished = true;
      if (error === undefined) subscriber.complete();
      else subscriber.error(error);
    };
    const pull = () => {
      // Re-entrant calls (an item finished synchronously while being emitted) leave it to the running loop.
      if (pulling || finished) return;
      pulling = true;
      if (!sync) return pullAsync();
      try {
        while (!finished && !subscriber.closed && demand.wanted()) {
          const next = (iterator as Iterator<unknown>).next();
          if (next.done) return end();
          subscriber.next(next.value);
        }
      } catch (error) {
        end(error);
      } finally {
        pulling = false;
      }
    };
    // An async iterator answers one next() at a time; ask again only when the last one answered.
    const pullAsync = () => {
      if (finished || subscriber.closed || !demand.wanted()) {
        pulling = false;
        return;
      }
      (iterator as AsyncIterator<unknown>).next().then(
        (next) => {
          if (next.done) return end();
          subscriber.next(next.value);
          pullAsync();
        },
        (error: unknown) => end(error),
      );
    };
    const stopListening = demand.listen(pull);
    pull();
    return () => {
      stopListening();
      if (!finished) {
        finished = true;
        void Promise.resolve(iterator.return?.()).catch(() => undefined);
      }
    };
  });
}
