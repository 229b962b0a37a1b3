import type { SchedulerLike } from 'rxjs';
import type { AgentMessage } from '../messages/AgentMessage.js';
import type { AgentContext, Turn } from './Agent.js';

/**
 * One agent attempt: the context the agent is handed, and its abort handle. A class, not an object
 * literal: V8 builds a literal with a getter through a slow runtime call (about 0.5 µs, more than
 * the rest of a trivial run). The `AbortController` is made only when the agent reads `signal`
 * (Node's controllers cost about as much); an abort that happens before that is remembered and
 * applied on creation. `signal` is a getter on the prototype: pass the context on as it is (a copy
 * made with `{ ...context }` has no `signal`).
 * @internal
 */
export class Attempt<M extends AgentMessage = AgentMessage> implements AgentContext<M> {
  #controller: AbortController | undefined;
  #reason: unknown;
  #aborted = false;

  constructor(
    readonly memory: readonly Turn<M>[],
    readonly scheduler: SchedulerLike,
    readonly attempt: number,
    readonly coalesced: readonly M[],
  ) {}

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** Aborts the attempt's signal (now, or when the agent first reads it). */
  static abort(attempt: Attempt<AgentMessage>, reason: unknown): void {
    if (attempt.#aborted) return;
    attempt.#aborted = true;
    attempt.#reason = reason;
    attempt.#controller?.abort(reason);
  }
}
