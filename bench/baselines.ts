// What users write instead of rxagent. None keeps per-conversation order or memory.
import PQueue from 'p-queue';
import { Observable, Subject, defer, mergeMap, tap } from 'rxjs';
import type { AgentMessage } from 'rxagent';
import { Fifo, type PullRow, type PushRow, type Work } from './workload.js';

const handle = async (work: Work, message: AgentMessage) => work.send({ message, reply: await work.agent(message) });

/** A plain `for … await` loop: one message at a time, whatever the concurrency. */
export const forAwait: PullRow = async (work, messages) => {
  for (const message of messages) await handle(work, message);
};

/** A hand-written promise pool: `concurrency` workers pulling from the iterator. */
export const pool: PullRow = async (work, messages) => {
  const iterator = messages[Symbol.iterator]();
  const worker = async () => {
    for (let next = iterator.next(); !next.done; next = iterator.next()) await handle(work, next.value);
  };
  await Promise.all(Array.from({ length: work.concurrency }, worker));
};

/** p-queue with the backpressure its README recommends (`onSizeLessThan` before adding). */
export const pQueue: PullRow = async (work, messages) => {
  const queue = new PQueue({ concurrency: work.concurrency });
  for (const message of messages) {
    if (queue.size >= work.concurrency) await queue.onSizeLessThan(work.concurrency);
    void queue.add(() => handle(work, message));
  }
  await queue.onIdle();
};

/** A source that emits `window` items at once, then one more per `more()`: backpressure for Observables. */
export function pulled<T>(items: Iterable<T>, window: number): { source$: Observable<T>; more(): void } {
  const iterator = items[Symbol.iterator]();
  let credit = window;
  let emitting = false;
  let subscriber: { next(value: T): void; complete(): void; closed: boolean } | undefined;
  const drain = () => {
    if (emitting || subscriber === undefined) return;
    emitting = true;
    while (credit > 0 && !subscriber.closed) {
      const next = iterator.next();
      if (next.done === true) {
        subscriber.complete();
        break;
      }
      credit--;
      subscriber.next(next.value);
    }
    emitting = false;
  };
  const source$ = new Observable<T>((s) => {
    subscriber = s;
    drain();
  });
  return { source$, more: () => (credit++, drain()) };
}

/** Plain RxJS: `mergeMap(…, concurrency)` over a source that sends one item per finished one. */
export const mergeMapPulled: PullRow = (work, messages) => {
  const { source$, more } = pulled(messages, work.concurrency);
  return new Promise<void>((resolve, reject) => {
    source$
      .pipe(mergeMap((message) => defer(() => handle(work, message)).pipe(tap({ complete: more })), work.concurrency))
      .subscribe({ error: reject, complete: resolve });
  });
};

// Push sources (steady rate, overload): the row cannot slow the source down.

/** A hand-written pool fed by a push source, waiting messages in an O(1) queue. */
export const pushPool: PushRow = (work) => {
  const waiting = new Fifo<AgentMessage>();
  let active = 0;
  let ended = false;
  let drained: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (drained = resolve));
  const run = (message: AgentMessage): void => {
    active++;
    void handle(work, message).then(() => {
      active--;
      const next = waiting.shift();
      if (next !== undefined) run(next);
      else if (ended && active === 0) drained();
    });
  };
  return {
    push: (message) => (active < work.concurrency ? run(message) : waiting.push(message)),
    end: () => {
      ended = true;
      if (active === 0 && waiting.length === 0) drained();
      return done;
    },
  };
};

/** p-queue fed by a push source (`add` per message, as most code does). */
export const pushPQueue: PushRow = (work) => {
  const queue = new PQueue({ concurrency: work.concurrency });
  return { push: (message) => void queue.add(() => handle(work, message)), end: () => queue.onIdle() };
};

/** Stock RxJS: a Subject into `mergeMap(…, concurrency)`; waiting items sit in mergeMap's array buffer. */
export const pushMergeMap: PushRow = (work) => {
  const input = new Subject<AgentMessage>();
  const done = new Promise<void>((resolve, reject) => {
    input.pipe(mergeMap((message) => defer(() => handle(work, message)), work.concurrency)).subscribe({ error: reject, complete: resolve });
  });
  return { push: (message) => input.next(message), end: () => (input.complete(), done) };
};
