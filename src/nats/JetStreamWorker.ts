import { Subject, asyncScheduler, type Observable, type SchedulerLike } from 'rxjs';
import { validateOutputs, type AgentOutput } from '../io/AgentOutput.js';
import { AgentMessage } from '../messages/AgentMessage.js';
import type { AgentOutcome } from '../runtime/AgentResult.js';
import { ConfigError } from '../runtime/errors.js';
import type { AgentOptions } from '../runtime/options.js';
import { runAgent } from '../runtime/runAgent.js';
import { Delivery } from './Delivery.js';
import { FencedMemory } from './FencedMemory.js';
import { JetStreamTransport } from './JetStreamTransport.js';
import { OutputSender } from './OutputSender.js';
import { pullLoop } from './pullLoop.js';
import { deadLetter, emptyWorkerSummary, settleOutcome, type SettleContext, type WorkerSummary } from './settleOutcome.js';
import { inputConsumerName } from './streamSetup.js';
import { trackingCodec } from './trackingCodec.js';
import type { JetStreamWorkerEvent } from './workerEvents.js';
import type { JetStreamSender } from './JetStreamSender.js';

/** Options of {@link JetStreamWorker}: the agent's options (as for `AgentRuntime`) plus the transport. */
export interface JetStreamWorkerOptions<M extends AgentMessage = AgentMessage> extends Omit<AgentOptions<M>, 'shortTermMemory'> {
  /** Where the work comes from (and where memory, fence and outbox live). */
  readonly transport: JetStreamTransport;
  /** Outputs this worker also delivers to, as a {@link JetStreamSender} would (or run senders apart). Default: none. */
  readonly outputs?: readonly AgentOutput<M>[];
  /** The memory window: pass the same `new ShortTermMemory({ maxTurns })` as in process (only `maxTurns` is used; turns live in Redis). Default: no memory. */
  readonly shortTermMemory?: { readonly maxTurns: number };
}

interface CurrentRun {
  stopping: boolean;
  readonly done: Promise<WorkerSummary>;
  readonly stopped: () => void;
}

/**
 * A worker of the distributed runtime: pulls every input partition of the transport, runs each
 * message through the same pipeline as `AgentRuntime` (`runAgent`: codec, memory, pricing,
 * timeout, retry), applies the result in Redis behind a sequence fence, publishes it and acks.
 * Run as many as you like, in as many processes; they share the load without coordination.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { ShortTermMemory } from 'rxagent';
 * import { jetStreamTransport, JetStreamWorker } from 'rxagent/nats';
 * const transport = jetStreamTransport({ servers: '127.0.0.1:4222', partitions: 32, redis: new Redis() });
 * const worker = new JetStreamWorker({ transport, agent, outputs: [twitter], shortTermMemory: new ShortTermMemory({ maxTurns: 20 }) });
 * process.once('SIGTERM', () => void worker.stop());
 * const summary = await worker.run();
 * ```
 */
export class JetStreamWorker<M extends AgentMessage = AgentMessage> {
  /** Every event: the agent pipeline's (`started`, `replied`, `failed`, …) and the transport's (`acked`, `stale`, `deadLettered`, …). */
  readonly events$: Observable<JetStreamWorkerEvent<M>>;
  private readonly events = new Subject<JetStreamWorkerEvent<M>>();
  private readonly transport: JetStreamTransport;
  private readonly outputs: readonly AgentOutput<M>[];
  private readonly maxTurns: number;
  private readonly agentOptions: Omit<AgentOptions<M>, 'shortTermMemory'>;
  private readonly scheduler: SchedulerLike;
  private current: CurrentRun | undefined;

  constructor(options: JetStreamWorkerOptions<M>) {
    const { transport, outputs, shortTermMemory, ...agentOptions } = options ?? ({} as JetStreamWorkerOptions<M>);
    if (!(transport instanceof JetStreamTransport)) throw new ConfigError('transport', "must be a JetStream transport, e.g. transport: jetStreamTransport({ servers: '127.0.0.1:4222', redis })");
    const maxTurns = shortTermMemory === undefined ? 0 : shortTermMemory.maxTurns;
    if (!Number.isInteger(maxTurns) || maxTurns < 0) throw new ConfigError('shortTermMemory', 'must have a whole number maxTurns, e.g. new ShortTermMemory({ maxTurns: 20 })');
    runAgent(agentOptions); // validates the agent options now, as AgentRuntime does
    this.transport = transport;
    this.outputs = validateOutputs(outputs);
    this.maxTurns = maxTurns;
    this.agentOptions = agentOptions;
    this.scheduler = agentOptions.scheduler ?? asyncScheduler;
    this.events$ = this.events.asObservable();
  }

  /** Whether `run()` is in progress. */
  get running(): boolean {
    return this.current !== undefined;
  }

  /** Pulls and runs messages until `stop()`; resolves with what this worker did once it has drained. */
  run(): Promise<WorkerSummary> {
    if (this.current !== undefined) return Promise.reject(new Error('JetStreamWorker.run(): this worker is already running; await its run() or call stop() first'));
    let stopped!: () => void;
    const stop = new Promise<void>((resolve) => (stopped = resolve));
    const current: CurrentRun = { stopping: false, stopped, done: undefined as unknown as Promise<WorkerSummary> };
    (current as { done: Promise<WorkerSummary> }).done = this.work(current, stop).finally(() => {
      this.current = undefined;
    });
    this.current = current;
    return current.done;
  }

  /** Stops pulling, lets messages already taken finish, ack and deliver (until `drainTimeoutMs`), then resolves. */
  stop(): Promise<void> {
    const current = this.current;
    if (current === undefined) return Promise.resolve();
    if (!current.stopping) {
      current.stopping = true;
      current.stopped();
    }
    return current.done.then(() => undefined);
  }

  private async work(current: CurrentRun, stop: Promise<void>): Promise<WorkerSummary> {
    const { transport, scheduler } = this;
    const config = transport.config;
    const summary = emptyWorkerSummary();
    const emit = (event: JetStreamWorkerEvent<M>) => this.events.next(event);
    await transport.setup();
    const { nc, js } = await transport.connection();
    const scope = await transport.fenceScope();
    const ctx: SettleContext<M> = { transport, scheduler, summary, emit, scope };

    const byRaw = new Map<object, Delivery>();
    const byMessage = new WeakMap<object, Delivery>();
    const codec = trackingCodec(this.agentOptions.codec ?? (AgentMessage as never), (raw, message) => {
      const delivery = byRaw.get(raw as object);
      if (delivery !== undefined) byMessage.set(message, delivery);
    });
    const memory = new FencedMemory<M>(config.redis, config.keyPrefix, scope, this.maxTurns, config.outputRetentionMs, (message) => byMessage.get(message));
    const items$ = new Subject<unknown>();
    const abort$ = new Subject<void>();
    const settle = (outcome: AgentOutcome<M>) => {
      const key = (outcome.type === 'rejected' && outcome.message === undefined ? outcome.value : outcome.message) as object;
      const delivery = byMessage.get(key) ?? byRaw.get(key);
      if (delivery === undefined) return;
      settleOutcome(ctx, delivery, outcome)
        .catch((error: unknown) => {
          // Publishing or acking failed: the server redelivers it, and the fence and outbox make that safe.
          emit({ type: 'transportFailed', at: scheduler.now(), partition: delivery.partition, error });
        })
        .finally(() => {
          if (delivery.raw !== undefined) byRaw.delete(delivery.raw);
          delivery.end();
        });
    };
    const pipelineDone = new Promise<void>((resolve) =>
      items$.pipe(runAgent({ ...this.agentOptions, codec, shortTermMemory: memory, stop$: abort$, onEvent: emit })).subscribe({ next: settle, complete: resolve }),
    );

    const handle = async (msg: Delivery['msg'], partition: number, ackAck: () => Promise<void>): Promise<void> => {
      summary.received++;
      const delivery = new Delivery(msg, partition, config.ackWaitMs, scheduler, ackAck);
      let raw: unknown;
      try {
        raw = delivery.deliveries > config.maxDeliver ? undefined : msg.json();
      } catch {
        raw = undefined;
      }
      if (raw === null || typeof raw !== 'object') {
        const reason = delivery.deliveries > config.maxDeliver ? `no worker finished it in ${config.maxDeliver} deliveries (each crashed or hung past ackWaitMs)` : 'the payload is not a JSON object';
        await deadLetter(ctx, delivery, reason).catch((error: unknown) => emit({ type: 'transportFailed', at: scheduler.now(), partition, error }));
        delivery.end();
        return;
      }
      delivery.raw = raw;
      byRaw.set(raw, delivery);
      items$.next(raw);
      await delivery.done;
    };

    const loops = Array.from({ length: config.partitions }, async (_, partition) => {
      const consumer = inputConsumerName(partition);
      await pullLoop({ nc, stream: transport.streams.input, consumer }, () => js.consumers.get(transport.streams.input, consumer), {
        expiresMs: config.pullExpiresMs,
        stopping: () => current.stopping,
        handle: (msg, ackAck) => handle(msg, partition, ackAck),
        failed: (error) => emit({ type: 'transportFailed', at: scheduler.now(), partition, error }),
        retryMs: 1000,
        scheduler,
      });
    });
    const senders = this.outputs.map((output) =>
      new OutputSender(output, ctx, () => current.stopping).run().catch((error: unknown) => emit({ type: 'transportFailed', at: scheduler.now(), error })),
    );

    // At the drain deadline, runs still going are aborted (they fail as stopped and are handed back).
    let deadline: { unsubscribe(): void } | undefined;
    void stop.then(() => (deadline = scheduler.schedule(() => abort$.next(), this.agentOptions.drainTimeoutMs ?? 30_000)));
    try {
      await Promise.all(loops);
    } finally {
      items$.complete();
      await pipelineDone;
      await Promise.allSettled(senders);
      deadline?.unsubscribe();
    }
    return summary;
  }
}
