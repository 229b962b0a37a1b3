import { Subject, asyncScheduler, type Observable, type SchedulerLike } from 'rxjs';
import { validateOutputs, type AgentOutput } from '../io/AgentOutput.js';
import type { AgentMessage } from '../messages/AgentMessage.js';
import { ConfigError } from '../runtime/errors.js';
import { JetStreamTransport } from './JetStreamTransport.js';
import { OutputSender } from './OutputSender.js';
import { emptyWorkerSummary, type WorkerSummary } from './settleOutcome.js';
import type { JetStreamWorkerEvent } from './workerEvents.js';

/** Options of {@link JetStreamSender}. */
export interface JetStreamSenderOptions<M extends AgentMessage = AgentMessage> {
  readonly transport: JetStreamTransport;
  /** The outputs to deliver to (each gets its own durable consumers, so one failing output never holds up another). */
  readonly outputs: readonly AgentOutput<M>[];
  /** Scheduler of heartbeats and retry waits. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

/**
 * Delivers the workers' results (the output stream) to outputs, idempotently: one delivery per
 * message and output (a Redis `SET NX` key), retried with back-off on failure (a 429 waits as
 * asked), in order within a conversation, and without running the agent again. Run it inside the
 * workers (their `outputs` option) or as processes of its own, as many as you like.
 *
 * @example
 * ```ts
 * import { jetStreamTransport, JetStreamSender } from 'rxagent/nats';
 * const sender = new JetStreamSender({ transport, outputs: [twitter] });
 * process.once('SIGTERM', () => void sender.stop());
 * await sender.run();
 * ```
 */
export class JetStreamSender<M extends AgentMessage = AgentMessage> {
  /** `delivered`, `deliveryRetrying`, `deliveryFailed`, `duplicateDelivery`, `redelivering`, `transportFailed`. */
  readonly events$: Observable<JetStreamWorkerEvent<M>>;
  private readonly events = new Subject<JetStreamWorkerEvent<M>>();
  private readonly outputs: readonly AgentOutput<M>[];
  private stopping: { value: boolean } | undefined;
  private done: Promise<WorkerSummary> | undefined;

  constructor(private readonly options: JetStreamSenderOptions<M>) {
    if (!(options?.transport instanceof JetStreamTransport)) throw new ConfigError('transport', "must be a JetStream transport, e.g. transport: jetStreamTransport({ servers: '127.0.0.1:4222', redis })");
    this.outputs = validateOutputs(options.outputs);
    if (this.outputs.length === 0) throw new ConfigError('outputs', 'pass at least one output, e.g. outputs: [consoleOutput()]');
    this.events$ = this.events.asObservable();
  }

  /** Delivers until `stop()`; resolves with the counts once deliveries in flight have finished. */
  run(): Promise<WorkerSummary> {
    if (this.done !== undefined) return Promise.reject(new Error('JetStreamSender.run(): already running; await its run() or call stop() first'));
    const stopping = (this.stopping = { value: false });
    const summary = emptyWorkerSummary();
    const ctx = { scope: '', transport: this.options.transport, scheduler: this.options.scheduler ?? asyncScheduler, summary, emit: (event: JetStreamWorkerEvent<M>) => this.events.next(event) };
    this.done = Promise.all(this.outputs.map((output) => new OutputSender(output, ctx, () => stopping.value).run()))
      .then(() => summary)
      .finally(() => {
        this.done = this.stopping = undefined;
      });
    return this.done;
  }

  /** Stops pulling; resolves once the deliveries in flight have finished. */
  stop(): Promise<void> {
    if (this.stopping !== undefined) this.stopping.value = true;
    return (this.done ?? Promise.resolve()).then(() => undefined);
  }
}
