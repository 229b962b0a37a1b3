import { Observable, Subject, Subscription } from 'rxjs';
import type { DeliveryJournal } from '../control/DeliveryJournal.js';
import { IntakeHold } from '../control/IntakeHold.js';
import { withInputControl } from '../control/withInputControl.js';
import { normalizeInputs, type AgentInput, type NamedInput, type PulledInput } from '../io/AgentInput.js';
import { pullFrom } from '../io/pullFrom.js';
import { ConversationIds } from '../io/ConversationIds.js';
import { tagSource } from '../io/tagSource.js';
import { validateOutputs, type AgentOutput } from '../io/AgentOutput.js';
import type { AgentMessage } from '../messages/AgentMessage.js';
import { Signal } from '../operators/Signal.js';
import type { RepliedResult } from './AgentResult.js';
import { OutputDeliveries } from './OutputDeliveries.js';
import { ConfigError } from './errors.js';
import type { AgentEvent, EventSink } from './events.js';
import { resolveAgentOptions, type AgentOptions, type ResolvedAgentOptions } from './options.js';
import { InputSettling } from './InputSettling.js';
import { resolveRetry, type ResolvedRetry, type RetryOptions } from './retry.js';
import { agentPipeline } from './runAgent.js';
import { emptySummary, type RunSummary } from './RunSummary.js';
import type { BoundTransport, RuntimeTransport } from './RuntimeTransport.js';

/** How results reach the outputs. */
export interface DeliveryOptions {
  /** Retries of a failed delivery. Default: 3, exponential from 1 s. A 429 (`RateLimitedError`) waits as long as asked. */
  readonly retry?: RetryOptions | number;
  /** Deliveries at once per output (one at a time per conversation). Default: the agent's `concurrency`, so deliveries keep up with results. */
  readonly concurrency?: number;
  /** Time limit of one delivery attempt, in ms. Default: none. */
  readonly timeoutMs?: number;
  /**
   * Remembers deliveries by idempotency key so a redelivered or replayed message posts nothing
   * twice: e.g. `new InMemoryDeliveryJournal()` shared by the runs of a process, or
   * `new RedisDeliveryJournal({ redis })` from `rxagent/redis` across restarts. Default: none.
   */
  readonly journal?: DeliveryJournal;
  /**
   * When an output is rate-limited (a `RateLimitedError`, e.g. HTTP 429 with a reset time), hold
   * new agent runs of the inputs whose results go to that output until the wait is over, so
   * answers do not pile up behind the limit (the `deliveryRetrying` event says until when, in
   * `intakeHeldUntil`); other inputs go on. Runs in flight finish; held pulled inputs (iterables)
   * are not read meanwhile. Which outputs an input feeds is learnt from its delivered results; an
   * input with none yet is held while any output is limited. Default: false (deliveries wait, runs go on).
   */
  readonly holdIntake?: boolean;
}

/** Options of {@link AgentRuntime}. */
export interface AgentRuntimeOptions<M extends AgentMessage = AgentMessage> extends AgentOptions<M> {
  /** Where messages come from: Observables, Subjects, or clients (`{ name, messages$ }`). May be empty with a `transport` (a worker-only process). */
  readonly inputs: readonly AgentInput[];
  /** Where replies go: clients with `send` (and optionally `accepts`). */
  readonly outputs?: readonly AgentOutput<M>[];
  /** How results reach the outputs. */
  readonly delivery?: DeliveryOptions;
  /**
   * Run on a distributed engine instead of in-process lanes, e.g. `jetStreamTransport({ servers, redis })`
   * from `rxagent/nats`: every process running this runtime shares the work, with the same agent,
   * memory and outputs. `run()` then resolves only after `stop()`. Default: in process.
   */
  readonly transport?: RuntimeTransport;
}

const DEFAULT_DELIVERY_RETRY: ResolvedRetry = { count: 3, delayMs: 1000, backoff: 'exponential', maxDelayMs: 60_000 };

interface CurrentRun {
  readonly stop$: Subject<void>;
  readonly done: Promise<RunSummary>;
  stopping: boolean;
}

/**
 * The agent runtime: merges the inputs into one validated stream, runs the agent on it
 * ({@link runAgent}), and sends every reply to the outputs. Constructing it validates the options
 * and starts nothing; `run()` connects the inputs and resolves when it is stopped or everything
 * has drained.
 *
 * @example
 * ```ts
 * import { AgentRuntime, ShortTermMemory, stdinInput, consoleOutput } from 'rxagent';
 * const runtime = new AgentRuntime({
 *   inputs: [stdinInput()],
 *   outputs: [consoleOutput()],
 *   agent: (message, { memory }) => ({ text: `${memory.length} earlier turns; you said ${message.text}` }),
 *   shortTermMemory: new ShortTermMemory({ maxTurns: 10 }),
 * });
 * process.once('SIGINT', () => void runtime.stop());
 * const summary = await runtime.run();
 * ```
 */
export class AgentRuntime<M extends AgentMessage = AgentMessage> {
  /** Every lifecycle event of every run, as it happens (hot: subscribe before `run()` to see all). */
  readonly events$: Observable<AgentEvent<M>>;
  /** Every result with a reply, as it is produced (hot). */
  readonly results$: Observable<RepliedResult<M>>;

  private readonly inputs: readonly (NamedInput | PulledInput)[];
  private readonly outputs: readonly AgentOutput<M>[];
  private readonly config: ResolvedAgentOptions<M>;
  private readonly deliveryRetry: ResolvedRetry;
  private readonly deliveryConcurrency: number;
  private readonly deliveryTimeoutMs: number | undefined;
  private readonly journal: DeliveryJournal | undefined;
  private readonly holdIntake: boolean;
  private readonly events = new Subject<AgentEvent<M>>();
  /** Events are built only while someone listens to `events$`: `emit` is set then (a plain field the hot path reads). */
  private readonly eventSwitch: { emit: EventSink<M> | undefined } = { emit: undefined };
  private readonly results = new Subject<RepliedResult<M>>();
  private readonly transport: BoundTransport<M> | undefined;
  private current: CurrentRun | undefined;

  constructor(options: AgentRuntimeOptions<M>) {
    this.config = resolveAgentOptions(options);
    // On a transport a process may be a worker only: it runs the agent for inputs read elsewhere.
    this.inputs = options.transport !== undefined && Array.isArray(options.inputs) && options.inputs.length === 0 ? [] : normalizeInputs(options.inputs);
    this.outputs = validateOutputs(options.outputs);
    this.config = withInputControl(this.config, this.inputs);
    const delivery = options.delivery ?? {};
    this.journal = delivery.journal;
    if (this.journal !== undefined && ['claim', 'complete', 'release'].some((method) => typeof (this.journal as unknown as Record<string, unknown>)[method] !== 'function')) {
      throw new ConfigError('delivery.journal', 'must have claim, complete and release methods, e.g. delivery: { journal: new InMemoryDeliveryJournal() }');
    }
    this.holdIntake = delivery.holdIntake ?? false;
    this.deliveryRetry = resolveRetry('delivery.retry', delivery.retry, DEFAULT_DELIVERY_RETRY);
    this.deliveryConcurrency = delivery.concurrency ?? (Number.isFinite(this.config.concurrency) ? this.config.concurrency : 64);
    if (!Number.isInteger(this.deliveryConcurrency) || this.deliveryConcurrency < 1) {
      throw new ConfigError('delivery.concurrency', `must be a whole number of deliveries at once per output, 1 or more (got ${String(delivery.concurrency)})`);
    }
    this.deliveryTimeoutMs = delivery.timeoutMs;
    if (this.deliveryTimeoutMs !== undefined && !(this.deliveryTimeoutMs > 0 && Number.isFinite(this.deliveryTimeoutMs))) {
      throw new ConfigError('delivery.timeoutMs', `must be a positive, finite number of milliseconds (got ${String(this.deliveryTimeoutMs)})`);
    }
    const { transport } = options;
    if (transport !== undefined && typeof (transport as Partial<RuntimeTransport>).bind !== 'function') {
      throw new ConfigError('transport', "must be a runtime transport, e.g. transport: jetStreamTransport({ servers: '127.0.0.1:4222', redis }) from rxagent/nats");
    }
    this.transport = transport?.bind(options);
    const events = this.events;
    const publish: EventSink<M> = (event) => events.next(event);
    this.events$ = new Observable<AgentEvent<M>>((subscriber) => {
      const subscription = events.subscribe(subscriber);
      this.eventSwitch.emit = publish;
      return () => {
        subscription.unsubscribe();
        if (!events.observed) this.eventSwitch.emit = undefined;
      };
    });
    this.results$ = this.results.asObservable();
  }

  /** Whether `run()` is in progress. */
  get running(): boolean {
    return this.current !== undefined;
  }

  /**
   * Connects the inputs and runs until `stop()` is called, or until every input has completed and
   * all work and deliveries have drained. Resolves with what happened. A runtime runs once at a
   * time; after `run()` resolved it may run again (the inputs are connected anew).
   */
  run(): Promise<RunSummary> {
    if (this.current !== undefined) return Promise.reject(new Error('AgentRuntime.run(): this runtime is already running; await its run() or call stop() first'));
    const stop$ = new Subject<void>();
    if (this.transport !== undefined) {
      // Connecting can fail (e.g. the server is down): then run() rejects and the runtime may run again.
      const ran = this.transport
        .run({ stop$, emit: (event) => this.events.next(event), result: (result) => this.results.next(result) })
        .finally(() => (this.current = undefined));
      this.current = { stop$, done: ran, stopping: false };
      return ran;
    }
    let resolve!: (summary: RunSummary) => void;
    const done = new Promise<RunSummary>((r) => (resolve = r));
    const current: CurrentRun = { stop$, done, stopping: false };
    this.current = current;

    const summary = emptySummary();
    const { scheduler } = this.config;
    const eventSwitch = this.eventSwitch;
    // Egress-aware backpressure: while an output waits out a rate limit, the inputs that feed it start no new run.
    const hold = this.holdIntake ? new IntakeHold(scheduler) : undefined;
    // Events are built only while someone listens; the summary is counted from outcomes.
    const hooks = {
      stop$,
      events: eventSwitch,
      ...(hold === undefined ? {} : { hold: { held: hold.held, resume$: hold.resume$ } }),
    };
    const settling = new InputSettling<M>(this.inputs, this.outputs.length, (input, error) => {
      summary.inputsFailed++;
      eventSwitch.emit?.({ type: 'inputFailed', at: scheduler.now(), input, error });
    });
    let open = this.outputs.length + 1;
    const closeOne = () => {
      if (--open > 0) return;
      deadline?.unsubscribe();
      hold?.dispose();
      stopSubscription.unsubscribe();
      this.current = undefined;
      resolve({ ...summary, rejectedBy: { ...summary.rejectedBy } });
    };

    let deadline: { unsubscribe(): void } | undefined;
    const stopSubscription = stop$.subscribe(() => {
      deadline = scheduler.schedule(() => {
        for (const output of deliveries) output.abort();
      }, this.config.drainTimeoutMs);
    });

    const deliveryConfig = {
      retry: this.deliveryRetry,
      concurrency: this.deliveryConcurrency,
      timeoutMs: this.deliveryTimeoutMs,
      scheduler,
      events: eventSwitch,
      settled: (_output: string, result: RepliedResult<M>, _attempts: number, error?: unknown, duplicate?: boolean) => {
        if (error === undefined) summary.delivered++;
        else summary.deliveryFailed++;
        if (duplicate === true) summary.duplicateDeliveries++;
        if (settling.active) settling.delivery(result, error);
      },
      ...(settling.active ? { declined: (_output: string, result: RepliedResult<M>) => settling.delivery(result, undefined, true) } : {}),
      ...(this.journal === undefined ? {} : { journal: this.journal }),
      ...(hold === undefined ? {} : { rateLimited: (output: string, untilMs: number) => hold.limitUntil(output, untilMs) }),
    };
    const deliveries = this.outputs.map((output) => new OutputDeliveries(output, deliveryConfig, closeOne));
    const deliver = (result: RepliedResult<M>) => {
      if (this.results.observed) this.results.next(result);
      for (const output of deliveries) {
        // With holdIntake, learn which outputs this input's results go to.
        if (output.push(result) && hold !== undefined) hold.route(result.message.source, output.name);
      }
    };

    // Pulled inputs take an item only while fewer than `highWater` items are unfinished. Once an
    // input reached it, it waits until half are done and then refills in one go: a burst of pulls
    // runs the same code back to back (about 10% of a trivial run against one pull per finished item).
    const finished = new Signal();
    const highWater = Number.isFinite(this.config.concurrency) ? this.config.concurrency * 4 : 1024;
    const lowWater = highWater / 2;
    const demandOf = (input: string) => {
      let refilling = true;
      return {
        wanted: () => {
          const unfinished = summary.received - (summary.rejected + summary.replied + summary.noReply + summary.failed);
          if (unfinished >= highWater) return (refilling = false);
          if (!refilling && unfinished > lowWater) return false;
          refilling = true;
          return !(hold?.held(input) ?? false);
        },
        listen: (listener: () => void) => {
          const stopListening = finished.listen(listener);
          const resumed = hold?.resume$.subscribe(listener);
          return () => {
            stopListening();
            resumed?.unsubscribe();
          };
        },
      };
    };
    // The inputs, merged, counted and tagged in one Observable (no map, catchError and merge layer
    // per message); an input that errors is reported and the others keep going.
    const conversationIds = new ConversationIds();
    const intake$ = new Observable<unknown>((subscriber) => {
      const subscriptions = new Subscription();
      let open = this.inputs.length;
      const ended = () => {
        if (--open === 0) subscriber.complete();
      };
      for (const input of this.inputs) {
        const { name } = input;
        const messages$ = 'pull' in input ? pullFrom(input.pull, demandOf(name)) : input.messages$;
        subscriptions.add(
          messages$.subscribe({
            next: (value) => {
              // A source that emits on after the stop cut it (synchronously, before it could be unsubscribed) is not counted.
              if (subscriber.closed) return;
              summary.received++;
              subscriber.next(tagSource(value, name, conversationIds));
            },
            error: (error: unknown) => {
              summary.inputsFailed++;
              eventSwitch.emit?.({ type: 'inputFailed', at: scheduler.now(), input: name, error });
              ended();
            },
            complete: ended,
          }),
        );
        if (subscriber.closed) break;
      }
      return subscriptions;
    });
    intake$
      .pipe(agentPipeline(this.config, hooks))
      .subscribe({
        next: (outcome) => {
          if (settling.active) settling.outcome(outcome);
          if (outcome.type === 'rejected') {
            summary.rejected++;
            summary.rejectedBy[outcome.reason]++;
            // A refusal that carries an answer (e.g. "budget exceeded") still reaches the sender.
            if (outcome.reply !== undefined && outcome.message !== undefined) {
              const now = scheduler.now();
              deliver({ message: outcome.message, reply: outcome.reply, attempts: 0, startedAt: now, finishedAt: now });
            }
          } else if (outcome.type === 'failed') {
            summary.failed++;
          } else {
            if (outcome.cost !== undefined) summary.cost += outcome.cost;
            if (outcome.reply === null) {
              summary.noReply++;
            } else {
              summary.replied++;
              // The outcome is the result (its extra `type` field is harmless): no copy per message.
              deliver(outcome as RepliedResult<M>);
            }
          }
          finished.notify();
        },
        complete: () => {
          for (const output of deliveries) output.end();
          closeOne();
        },
      });
    return done;
  }

  /**
   * Disconnects the inputs, lets started work and deliveries finish (until `drainTimeoutMs`, after
   * which they fail as stopped), and resolves when `run()` has resolved. Nothing new starts.
   */
  stop(): Promise<void> {
    const current = this.current;
    if (current === undefined) return Promise.resolve();
    if (!current.stopping) {
      current.stopping = true;
      current.stop$.next();
    }
    return current.done.then(() => undefined);
  }
}
