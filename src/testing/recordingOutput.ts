import { Observable, Subject, asyncScheduler, type SchedulerLike } from 'rxjs';
import type { AgentOutput } from '../io/AgentOutput.js';
import type { AgentMessage } from '../messages/AgentMessage.js';
import type { RepliedResult } from '../runtime/AgentResult.js';

/** Options of {@link recordingOutput}. */
export interface RecordingOutputOptions<M extends AgentMessage = AgentMessage> {
  /** The output's name. Default `recorder`. */
  readonly name?: string;
  /** How long each send takes, in ms of the scheduler. Default 0 (at once). */
  readonly latencyMs?: number;
  /** Fails an attempt on demand: return an error (e.g. `new RateLimitedError(5000)`) to fail it, `undefined` to accept. */
  readonly fail?: (result: RepliedResult<M>, attempt: number) => unknown;
  /** Which results this output takes. Default: all. */
  readonly accepts?: (result: RepliedResult<M>) => boolean;
  /** The clock of `latencyMs`. Default `asyncScheduler` (virtual inside `marbleTest` / `TestScheduler.run`). */
  readonly scheduler?: SchedulerLike;
}

/** An output that records what it was sent. */
export interface RecordingOutput<M extends AgentMessage = AgentMessage> extends AgentOutput<M> {
  /** Every accepted delivery, when it completes (hot: subscribe before the run, e.g. with `expectObservable`). */
  readonly delivered$: Observable<RepliedResult<M>>;
  /** The reply text of every accepted delivery, when it completes: the easiest thing to assert as marbles. */
  readonly replies$: Observable<string>;
  /** Every accepted delivery so far, in order. */
  readonly delivered: readonly RepliedResult<M>[];
  /** How many times `send` was called (attempts, retries included). */
  readonly attempts: number;
}

/**
 * An output that records its deliveries so a test can assert them, as marbles (`replies$`,
 * `delivered$`) or as an array (`delivered`); it answers on the scheduler, so latency and failures
 * (retries, rate-limit waits) play out in virtual time.
 *
 * @example
 * ```ts
 * import { RateLimitedError } from 'rxagent';
 * import { recordingOutput } from 'rxagent/testing';
 * // The first attempt of every delivery is refused with a 429 asking to wait 5 s.
 * const output = recordingOutput({ latencyMs: 10, fail: (_result, attempt) => (attempt === 1 ? new RateLimitedError(5000) : undefined) });
 * ```
 */
export function recordingOutput<M extends AgentMessage = AgentMessage>(options: RecordingOutputOptions<M> = {}): RecordingOutput<M> {
  const { name = 'recorder', latencyMs = 0, fail, scheduler = asyncScheduler } = options;
  const delivered: RepliedResult<M>[] = [];
  const attemptsOf = new WeakMap<RepliedResult<M>, number>();
  const deliveries = new Subject<RepliedResult<M>>();
  const replies = new Subject<string>();
  let attempts = 0;

  const answer = (result: RepliedResult<M>, attempt: number): unknown => {
    const error = fail?.(result, attempt);
    if (error !== undefined) return error;
    delivered.push(result);
    deliveries.next(result);
    replies.next(result.reply.text);
    return undefined;
  };
  const send = (result: RepliedResult<M>): Observable<unknown> =>
    new Observable<never>((subscriber) => {
      attempts++;
      const attempt = (attemptsOf.get(result) ?? 0) + 1;
      attemptsOf.set(result, attempt);
      const settle = () => {
        const error = answer(result, attempt);
        if (error === undefined) subscriber.complete();
        else subscriber.error(error);
      };
      if (latencyMs <= 0) return settle();
      return scheduler.schedule(settle, latencyMs);
    });

  return {
    name,
    send,
    ...(options.accepts === undefined ? {} : { accepts: options.accepts }),
    delivered$: deliveries.asObservable(),
    replies$: replies.asObservable(),
    delivered,
    get attempts() {
      return attempts;
    },
  };
}
