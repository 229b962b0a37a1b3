import { connect, headers, type JetStreamClient, type JetStreamManager, type NatsConnection } from 'nats';
import type { AgentMessage } from '../messages/AgentMessage.js';
import type { AgentRuntimeOptions } from '../runtime/AgentRuntime.js';
import type { BoundTransport, RuntimeTransport } from '../runtime/RuntimeTransport.js';
import { bindRuntime } from './bindRuntime.js';
import { Replies } from './Replies.js';
import { ensureOutputConsumers, ensureStreams, streamNames, type StreamNames } from './streamSetup.js';
import { encodeToken, partitionOf } from './subjects.js';
import { resolveTransportOptions, type JetStreamTransportOptions, type TransportConfig } from './transportOptions.js';

/** How long a confirmed publish waits for the stream's answer (the JetStream client's default). */
const PUBLISH_TIMEOUT_MS = 5000;

/** What the stream answered to a publish: its sequence, and whether it dropped it as a duplicate. */
export interface Published {
  readonly seq: number;
  readonly duplicate: boolean;
}

/** A live connection: the NATS connection and its JetStream handles. @internal */
export interface Connected {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
}

/**
 * The distributed transport: NATS JetStream partitions for the work, Redis for memory, the
 * sequence fence, the outbox and delivery keys. Constructing it validates the options and
 * connects nothing; the first `publish`, `setup` or worker `run()` connects. One per process.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { jetStreamTransport } from 'rxagent/nats';
 * const transport = jetStreamTransport({ servers: '127.0.0.1:4222', partitions: 32, redis: new Redis() });
 * await transport.publish({ id: 'm1', conversationId: 'c1', text: 'hello' });
 * await transport.close();
 * ```
 */
export class JetStreamTransport implements RuntimeTransport {
  /** The validated options. */
  readonly config: TransportConfig;
  /** Names of the input, output and dead-letter streams. */
  readonly streams: StreamNames;
  private connecting: Promise<Connected> | undefined;
  private settingUp: Promise<void> | undefined;

  constructor(options: JetStreamTransportOptions) {
    this.config = resolveTransportOptions(options);
    this.streams = streamNames(this.config);
  }

  /**
   * Runs an `AgentRuntime` on this transport: `new AgentRuntime({ …, transport })`. Each process
   * runs an ingress for the runtime's inputs (when it has any) and a worker with its agent, memory
   * window and outputs. Called by the runtime's constructor; checks the options, connects nothing.
   */
  bind<M extends AgentMessage>(options: AgentRuntimeOptions<M>): BoundTransport<M> {
    return bindRuntime(this, options);
  }

  /** The partition of a conversation. */
  partitionOf(conversationId: string): number {
    return partitionOf(conversationId, this.config.partitions);
  }

  /** The subject a message of this conversation is published to under `kind` (`in`, `out`, `dead`). */
  subjectOf(kind: 'in' | 'out' | 'dead', conversationId: string): string {
    return `${this.config.prefix}.${kind}.${this.partitionOf(conversationId)}.${encodeToken(conversationId)}`;
  }

  /** Connects (once) and returns the connection. @internal */
  connection(): Promise<Connected> {
    // noAsyncTraces: otherwise every request (each confirmed publish and ack) captures a stack
    // trace up front, only to enrich an error that almost never comes.
    this.connecting ??= connect({ servers: this.config.servers, name: `rxagent ${this.config.streamName}`, maxReconnectAttempts: -1, noAsyncTraces: true }).then(async (nc) => ({
      nc,
      js: nc.jetstream(),
      jsm: await nc.jetstreamManager(),
    }));
    return this.connecting;
  }

  /** Creates the streams and partition consumers if they are missing (idempotent; workers and ingress call it). */
  setup(): Promise<void> {
    this.settingUp ??= this.connection()
      .then(({ jsm }) => ensureStreams(jsm, this.config))
      .catch((error: unknown) => {
        this.settingUp = undefined;
        throw error;
      });
    return this.settingUp;
  }

  /** The input stream's creation time (its digits): the scope of fence and outbox keys. @internal */
  async fenceScope(): Promise<string> {
    await this.setup();
    const { jsm } = await this.connection();
    const info = await jsm.streams.info(this.streams.input);
    return String(info.created).replace(/[^0-9]/g, '');
  }

  /** Creates the consumers of one output's sender (idempotent). @internal */
  async setupOutput(output: string, maxDeliver: number): Promise<void> {
    await this.setup();
    const { jsm } = await this.connection();
    await ensureOutputConsumers(jsm, this.config, output, maxDeliver);
  }

  /**
   * Publishes one validated message to its partition, with `Nats-Msg-Id` = its id, so the stream
   * drops a republished duplicate (within `duplicateWindowMs`). Rejects when the stream is full.
   */
  async publish(message: AgentMessage): Promise<Published> {
    await this.setup();
    const { js } = await this.connection();
    const ack = await js.publish(this.subjectOf('in', message.conversationId), JSON.stringify(message), { msgID: message.id });
    return { seq: ack.seq, duplicate: ack.duplicate };
  }

  /** Publishes a payload to a subject of the output or dead-letter stream, confirmed, with a message id. @internal */
  async publishJson(subject: string, data: string, msgID: string, headerValues: Record<string, string> = {}): Promise<Published> {
    const { nc } = await this.connection();
    const h = headers();
    h.set('Nats-Msg-Id', msgID);
    for (const [key, value] of Object.entries(headerValues)) h.set(key, value.replace(/[\r\n]+/g, ' '));
    // What js.publish does, over the shared reply subscription (see Replies): the stream answers
    // with its sequence, or with an error.
    const reply = await Replies.of(nc).request(subject, data, PUBLISH_TIMEOUT_MS, h);
    const ack = JSON.parse(new TextDecoder().decode(reply.data)) as { seq?: number; duplicate?: boolean; error?: { code?: number; description?: string } };
    if (ack.error !== undefined || typeof ack.seq !== 'number') throw new Error(`JetStream refused a publish to ${subject}: ${ack.error?.description ?? 'invalid ack'}${ack.error?.code === undefined ? '' : ` (${ack.error.code})`}`);
    return { seq: ack.seq, duplicate: ack.duplicate === true };
  }

  /** Deletes the three streams and their consumers (tests, examples, tear-down). Redis keys stay. */
  async deleteStreams(): Promise<void> {
    const { jsm } = await this.connection();
    for (const name of [this.streams.input, this.streams.output, this.streams.dead]) {
      await jsm.streams.delete(name).catch((error: unknown) => {
        if (!/not found/i.test(String(error))) throw error;
      });
    }
    this.settingUp = undefined;
  }

  /** Drains and closes the NATS connection (the Redis client is yours to close). */
  async close(): Promise<void> {
    const connecting = this.connecting;
    this.connecting = undefined;
    this.settingUp = undefined;
    if (connecting === undefined) return;
    const { nc } = await connecting.catch(() => ({ nc: undefined }));
    if (nc !== undefined && !nc.isClosed()) await nc.drain().catch(() => nc.close());
  }
}

/**
 * Makes a {@link JetStreamTransport}: what `JetStreamIngress` publishes to and `JetStreamWorker`
 * consumes from. Nothing connects until it is used.
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { jetStreamTransport } from 'rxagent/nats';
 * const transport = jetStreamTransport({ servers: '127.0.0.1:4222', partitions: 32, ackWaitMs: 30_000, maxDeliver: 5, redis: new Redis() });
 * ```
 */
export function jetStreamTransport(options: JetStreamTransportOptions): JetStreamTransport {
  return new JetStreamTransport(options);
}
