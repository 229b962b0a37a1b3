import { NEVER, Observable, take, type OperatorFunction, type Subscription } from 'rxjs';
import { createGuard } from '../control/guard.js';
import { AgentMessage, isAgentMessage } from '../messages/AgentMessage.js';
import { decodeMessage } from '../messages/decode.js';
import { Lanes } from '../operators/Lanes.js';
import type { AgentOutcome, Rejection, RejectionReason } from './AgentResult.js';
import { AgentRun } from './AgentRun.js';
import type { RunDeps, RunSink } from './RunDeps.js';
import { InterruptedError, StoppedError } from './errors.js';
import type { EventSwitch } from './events.js';
import { resolveAgentOptions, type ResolvedAgentOptions, type RunAgentOptions } from './options.js';
import { InFlight } from '../operators/InFlight.js';

/**
 * The whole agent pipeline as one operator: every item is validated with the codec, then messages
 * run through the agent in per-conversation lanes (one at a time and in arrival order within a
 * conversation, at most `concurrency` at once across them), with timeout, retry, memory and
 * pricing. Emits exactly one {@link AgentOutcome} per item, and never errors because of a message:
 * invalid input, agent errors and timeouts are outcomes. Options are validated when it is called.
 *
 * @example
 * ```ts
 * import { from } from 'rxjs';
 * import { runAgent } from 'rxagent';
 * from([{ id: '1', conversationId: 'c', text: 'hi' }])
 *   .pipe(runAgent({ agent: (m) => ({ text: m.text.toUpperCase() }) }))
 *   .subscribe((outcome) => console.log(outcome.type, outcome.type === 'result' && outcome.reply?.text)); // result HI
 * ```
 */
export function runAgent<M extends AgentMessage = AgentMessage>(options: RunAgentOptions<M>): OperatorFunction<unknown, AgentOutcome<M>> {
  const config = resolveAgentOptions(options);
  const onEvent = options.onEvent;
  return agentPipeline(config, { stop$: options.stop$ ?? NEVER, events: { emit: onEvent } });
}

/** How a pipeline is stopped and observed; `events.emit` is read per event, so it can turn on and off. @internal */
export interface PipelineHooks<M extends AgentMessage> {
  readonly stop$: Observable<unknown>;
  readonly events: EventSwitch<M>;
  /** While `held(source)`, no new run of that input's messages starts (an output it feeds waits out a rate limit); `resume$` re-checks. */
  readonly hold?: { readonly held: (source: string | undefined) => boolean; readonly resume$: Observable<unknown> };
}

/** {@link runAgent} on validated options. @internal */
export function agentPipeline<M extends AgentMessage>(config: ResolvedAgentOptions<M>, hooks: PipelineHooks<M>): OperatorFunction<unknown, AgentOutcome<M>> {
  const { scheduler, codec } = config;
  const { stop$, hold } = hooks;
  return (source) =>
    new Observable<AgentOutcome<M>>((subscriber) => {
      const runs = new InFlight<AgentRun<M>>();
      const deps: RunDeps<M> = {
        agent: config.agent,
        scheduler,
        timeoutMs: config.timeoutMs,
        retry: config.retry,
        memory: config.memory,
        pricing: config.pricing,
        events: hooks.events,
      };
      let deadline: { unsubscribe(): void } | undefined;

      const reject = (reason: RejectionReason, detail: string, value: unknown, message?: M, coalescedInto?: string): AgentOutcome<M> => {
        const source = message?.source ?? sourceOf(value);
        const rejection: Rejection<M> = {
          reason,
          detail,
          value,
          ...(message === undefined ? {} : { message }),
          ...(source === undefined ? {} : { source }),
          ...(coalescedInto === undefined ? {} : { coalescedInto }),
        };
        hooks.events.emit?.({ type: 'rejected', at: scheduler.now(), ...rejection });
        return { type: 'rejected', ...rejection };
      };

      // Overlap bookkeeping, kept only while a message waits or runs: what merged into it, what interrupted it.
      const mergedInto = new WeakMap<M, readonly M[]>();
      const interruptedBy = new WeakMap<M, M>();
      const overlapping = config.overlapOf !== undefined;
      const guard = config.guards === undefined ? undefined : createGuard<M>(config.guards, () => scheduler.now());

      const { overlapOf, priorityOf } = config;
      const control =
        overlapOf === undefined
          ? {}
          : {
              overlapOf,
              dropped: (message: M) => reject('dropped', `conversation ${message.conversationId} was busy (overlap 'drop')`, message, message),
              coalesce: (waiting: M, arriving: M) => {
                mergedInto.set(arriving, [...(mergedInto.get(waiting) ?? []), waiting]);
                return arriving;
              },
              absorbed: (message: M, into: M) => reject('coalesced', `merged into the run of ${into.id}, a newer message of conversation ${message.conversationId}`, message, message, into.id),
              interrupted: (message: M, by: M) => {
                interruptedBy.set(message, by);
                return reject('interrupted', `interrupted by ${by.id}, a newer message of conversation ${message.conversationId}; its result is never delivered`, message, message);
              },
            };

      // Runs are started by the lanes and report back through `sink`: no Observable per message.
      // Ended runs with nothing pending are reused (see AgentRun): at most as many as run at once.
      const spare: AgentRun<M>[] = [];
      const maxSpare = Math.min(config.concurrency, MAX_SPARE_RUNS);
      const sink: RunSink<M> = {
        ended: (agentRun, outcome) => {
          runs.remove(agentRun);
          subscriber.next(outcome);
          lanes.done(agentRun.lane);
          // An interruptible run may still be cut off through its lane's stop: never reused.
          if (!overlapping && spare.length < maxSpare && agentRun.reusable) spare.push(agentRun);
        },
      };
      const lanes: Lanes<M, AgentOutcome<M>> = new Lanes<M, AgentOutcome<M>>(
        conversationOf,
        {
          concurrency: config.concurrency,
          maxQueuedPerLane: config.maxQueuedPerConversation,
          overflow: (message) => reject('overloaded', `conversation ${message.conversationId} already has ${config.maxQueuedPerConversation} messages waiting`, message, message),
          cancelled: (message) => reject('stopped', 'the runtime stopped before this message started', message, message),
          scheduler,
          ...control,
          ...(priorityOf === undefined ? {} : { priorityOf, agingMs: config.priorityAgingMs }),
          ...(hold === undefined ? {} : { hold: { held: (message: M) => hold.held(message.source), resume$: hold.resume$ } }),
        },
        {
          start: (message, lane) => {
            const agentRun = (spare.pop() ?? new AgentRun(deps, sink)).reset(message, lane, overlapping ? mergedInto.get(message) : undefined);
            runs.add(agentRun);
            agentRun.start();
            return overlapping ? cutOff(agentRun) : undefined;
          },
          emit: (outcome) => subscriber.next(outcome),
          complete: () => subscriber.complete(),
        },
      );
      // How an interruptible run is cut off (not inline in `start`: its closure would cost every start a context).
      const cutOff = (agentRun: AgentRun<M>) => () => {
        runs.remove(agentRun);
        const by = interruptedBy.get(agentRun.message);
        agentRun.dispose(by === undefined ? stoppedRun : () => new InterruptedError(by.id));
      };
      const holdSubscription = hold?.resume$.subscribe(() => lanes.resume());

      // A stop happens in a fixed order: cut the source first (an item a source emits while the
      // stop runs must not slip past the lanes uncounted), then cancel what waits, then start the
      // drain deadline, after which runs still going are aborted and fail.
      // (A flag and an unsubscribe, not a takeUntil: no operator between the source and the lanes.)
      let cut = false;
      let subscription: Subscription | undefined;
      const stopSubscription = stop$.pipe(take(1)).subscribe(() => {
        cut = true;
        subscription?.unsubscribe();
        lanes.end();
        lanes.stop();
        // Nothing in flight: cutting the source completed the pipeline already, and no timer may outlive it.
        if (subscriber.closed) return;
        deadline = scheduler.schedule(() => {
          for (const agentRun of runs.values()) agentRun.cancel(stoppedRun());
        }, config.drainTimeoutMs);
      });

      // The default codec takes its direct check; others (and invalid items, for the report) decode with io-ts.
      const fast = codec === (AgentMessage as unknown);
      subscription = source.subscribe({
        next: (value) => {
          if (cut) return;
          hooks.events.emit?.({ type: 'received', at: scheduler.now(), value, ...sourceField(value) });
          let message: M;
          if (fast && isAgentMessage(value)) {
            message = value as M;
          } else {
            const decoded = decodeMessage(codec, value);
            if (!decoded.ok) return subscriber.next(reject('invalid', decoded.detail, value));
            message = decoded.message;
          }
          const refused = guard?.(message);
          if (refused !== undefined) return subscriber.next(reject(refused.reason, refused.detail, value, message));
          lanes.push(message);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          if (!cut) lanes.end();
        },
      });
      // The stop came while the source was subscribing (it emits synchronously, or stop$ had fired).
      if (cut) subscription.unsubscribe();

      return () => {
        stopSubscription.unsubscribe();
        holdSubscription?.unsubscribe();
        deadline?.unsubscribe();
        subscription.unsubscribe();
        lanes.dispose();
        for (const agentRun of runs.values()) {
          runs.remove(agentRun);
          agentRun.dispose(stoppedRun);
        }
      };
    });
}

const conversationOf = (message: AgentMessage) => message.conversationId;
/** The most ended runs kept for reuse. */
const MAX_SPARE_RUNS = 256;
const stoppedRun = () => new StoppedError('the agent run');

function sourceOf(value: unknown): string | undefined {
  const source = (value as { source?: unknown } | null)?.source;
  return typeof source === 'string' ? source : undefined;
}

function sourceField(value: unknown): { source?: string } {
  const source = sourceOf(value);
  return source === undefined ? {} : { source };
}
