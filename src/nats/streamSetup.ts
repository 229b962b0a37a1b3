import { AckPolicy, DeliverPolicy, DiscardPolicy, RetentionPolicy, StorageType, nanos, type JetStreamManager, type ConsumerConfig, type StreamConfig } from 'nats';
import { encodeToken } from './subjects.js';
import type { TransportConfig } from './transportOptions.js';

/** Names of everything the transport creates on the server. @internal */
export interface StreamNames {
  readonly input: string;
  readonly output: string;
  readonly dead: string;
}

/** @internal */
export function streamNames(config: TransportConfig): StreamNames {
  return { input: config.streamName, output: `${config.streamName}_OUT`, dead: `${config.streamName}_DEAD` };
}

/** The durable consumer of input partition `p`. @internal */
export function inputConsumerName(p: number): string {
  return `p${p}`;
}

/** The durable consumer of output partition `p` for the output called `output`. @internal */
export function outputConsumerName(output: string, p: number): string {
  return `out_${encodeToken(output)}_p${p}`;
}

/**
 * Creates the three streams and the input partitions' consumers if they are missing (idempotent,
 * so every worker may call it at start). The input is a work queue with `discard: new` (a full
 * stream refuses publishers); each partition has one consumer with one message in flight.
 * @internal
 */
export async function ensureStreams(jsm: JetStreamManager, config: TransportConfig): Promise<void> {
  const names = streamNames(config);
  const { prefix } = config;
  const duplicate_window = nanos(config.duplicateWindowMs);
  await ensureStream(jsm, {
    name: names.input,
    subjects: [`${prefix}.in.>`],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
    discard: DiscardPolicy.New,
    max_msgs: config.maxMessages,
    duplicate_window,
  });
  await ensureStream(jsm, { name: names.output, subjects: [`${prefix}.out.>`], retention: RetentionPolicy.Limits, storage: StorageType.File, max_age: nanos(config.outputRetentionMs), duplicate_window });
  await ensureStream(jsm, { name: names.dead, subjects: [`${prefix}.dead.>`], retention: RetentionPolicy.Limits, storage: StorageType.File, duplicate_window });
  for (let p = 0; p < config.partitions; p++) {
    // max_deliver is one more than maxDeliver: a worker that receives the extra delivery
    // dead-letters the message without running it (its earlier deliveries crashed or hung).
    await ensureConsumer(jsm, names.input, partitionConsumer(inputConsumerName(p), `${prefix}.in.${p}.>`, config, config.maxDeliver + 1));
  }
}

/** Creates the consumers one output needs (one per partition, one delivery in flight each). @internal */
export async function ensureOutputConsumers(jsm: JetStreamManager, config: TransportConfig, output: string, maxDeliver: number): Promise<void> {
  const names = streamNames(config);
  for (let p = 0; p < config.partitions; p++) {
    await ensureConsumer(jsm, names.output, partitionConsumer(outputConsumerName(output, p), `${config.prefix}.out.${p}.>`, config, maxDeliver));
  }
}

function partitionConsumer(name: string, filter_subject: string, config: TransportConfig, max_deliver: number): Partial<ConsumerConfig> & { durable_name: string } {
  return {
    durable_name: name,
    filter_subject,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    ack_wait: nanos(config.ackWaitMs),
    max_deliver,
    max_ack_pending: 1,
  };
}

async function ensureStream(jsm: JetStreamManager, stream: Partial<StreamConfig> & { name: string }): Promise<void> {
  try {
    await jsm.streams.info(stream.name);
    return;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  try {
    await jsm.streams.add(stream);
  } catch (error) {
    // Another worker created it between our look and our add.
    if (!/already in use/i.test(String(error))) throw error;
  }
}

async function ensureConsumer(jsm: JetStreamManager, stream: string, consumer: Partial<ConsumerConfig> & { durable_name: string }): Promise<void> {
  try {
    await jsm.consumers.info(stream, consumer.durable_name);
    return;
  } catch (error) {
    if (!isNotFound(error)) throw error;
  }
  try {
    await jsm.consumers.add(stream, consumer);
  } catch (error) {
    if (!/already (exists|in use)/i.test(String(error))) throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return /not found/i.test(String(error));
}
