import type { Redis } from 'ioredis';
import { ConfigError } from '../runtime/errors.js';

/** Options of {@link jetStreamTransport}. Times are in milliseconds. */
export interface JetStreamTransportOptions {
  /** NATS server(s), e.g. `'127.0.0.1:4222'` or `['nats://a:4222', 'nats://b:4222']`. */
  readonly servers: string | readonly string[];
  /** Partitions of the input (durable consumers, each with one message in flight). Fixed for the life of the stream. Default 32. */
  readonly partitions?: number;
  /** First token(s) of every subject: inputs go to `<prefix>.in.<p>.<key>`. Default `rxagent`. */
  readonly prefix?: string;
  /** Name of the input stream; `<streamName>_OUT` and `<streamName>_DEAD` hold outputs and dead letters. Default: the prefix, dots as `_`. */
  readonly streamName?: string;
  /** How long a worker holds a message without a heartbeat before the server redelivers it (the lease). Default 30000. */
  readonly ackWaitMs?: number;
  /** Deliveries of one message before it goes to the dead-letter subject `<prefix>.dead.<p>.<key>`. Default 5. */
  readonly maxDeliver?: number;
  /** Wait before a message whose run failed is delivered again. Default 1000. */
  readonly redeliveryDelayMs?: number;
  /** The ioredis client for memory, the sequence fence, the outbox and delivery keys (you own it: `quit()` it yourself). */
  readonly redis: Redis;
  /** Prefix of every Redis key. Default `<prefix>:`; turns are `<keyPrefix>memory:turns:<conversationId>` (the layout of `RedisMemoryStore`). */
  readonly keyPrefix?: string;
  /** Messages the input stream holds before publishers are refused (back-pressure). Default 1000000. */
  readonly maxMessages?: number;
  /** How long the stream remembers a message id to drop a republished duplicate. Default 120000. */
  readonly duplicateWindowMs?: number;
  /** How long outputs stay in `<streamName>_OUT` (and delivery keys in Redis). Default 86400000 (a day). */
  readonly outputRetentionMs?: number;
  /** How long one pull waits for a message; a stopping worker waits at most this long for its pulls. Default 5000. */
  readonly pullExpiresMs?: number;
}

/** Validated transport options. @internal */
export interface TransportConfig {
  readonly servers: string[];
  readonly partitions: number;
  readonly prefix: string;
  readonly streamName: string;
  readonly ackWaitMs: number;
  readonly maxDeliver: number;
  readonly redeliveryDelayMs: number;
  readonly redis: Redis;
  readonly keyPrefix: string;
  readonly maxMessages: number;
  readonly duplicateWindowMs: number;
  readonly outputRetentionMs: number;
  readonly pullExpiresMs: number;
}

const TOKEN = /^[A-Za-z0-9_-]+$/;

/** Validates once, at construction, naming the option and the fix. @internal */
export function resolveTransportOptions(options: JetStreamTransportOptions): TransportConfig {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError('options', "pass an options object, e.g. jetStreamTransport({ servers: '127.0.0.1:4222', redis: new Redis() })");
  }
  const servers = typeof options.servers === 'string' ? [options.servers] : Array.isArray(options.servers) ? [...options.servers] : [];
  if (servers.length === 0 || servers.some((server) => typeof server !== 'string' || server === '')) {
    throw new ConfigError('servers', "must be a NATS server address or a non-empty array of them, e.g. servers: '127.0.0.1:4222'");
  }
  const prefix = options.prefix ?? 'rxagent';
  if (typeof prefix !== 'string' || !prefix.split('.').every((token) => TOKEN.test(token))) {
    throw new ConfigError('prefix', `must be subject tokens of letters, digits, _ and - joined by dots (got ${String(prefix)}); e.g. prefix: 'myapp.agent'`);
  }
  const streamName = options.streamName ?? prefix.replace(/\./g, '_');
  if (typeof streamName !== 'string' || !TOKEN.test(streamName)) {
    throw new ConfigError('streamName', `must be letters, digits, _ and - (got ${String(streamName)}); e.g. streamName: 'AGENT'`);
  }
  const redis = options.redis;
  if (typeof (redis as { evalsha?: unknown } | undefined)?.evalsha !== 'function') {
    throw new ConfigError('redis', "must be an ioredis client, e.g. jetStreamTransport({ servers, redis: new Redis('redis://127.0.0.1:6379') })");
  }
  const keyPrefix = options.keyPrefix ?? `${prefix}:`;
  if (typeof keyPrefix !== 'string' || keyPrefix === '') throw new ConfigError('keyPrefix', `must be a non-empty string (got ${String(keyPrefix)}); e.g. keyPrefix: 'myapp:'`);
  return {
    servers,
    partitions: whole('partitions', options.partitions ?? 32, 1, 4096, 'partitions: 32'),
    prefix,
    streamName,
    ackWaitMs: whole('ackWaitMs', options.ackWaitMs ?? 30_000, 100, Number.MAX_SAFE_INTEGER, 'ackWaitMs: 30000'),
    maxDeliver: whole('maxDeliver', options.maxDeliver ?? 5, 1, 1000, 'maxDeliver: 5'),
    redeliveryDelayMs: whole('redeliveryDelayMs', options.redeliveryDelayMs ?? 1000, 0, Number.MAX_SAFE_INTEGER, 'redeliveryDelayMs: 1000'),
    redis,
    keyPrefix,
    maxMessages: whole('maxMessages', options.maxMessages ?? 1_000_000, 1, Number.MAX_SAFE_INTEGER, 'maxMessages: 1000000'),
    duplicateWindowMs: whole('duplicateWindowMs', options.duplicateWindowMs ?? 120_000, 100, Number.MAX_SAFE_INTEGER, 'duplicateWindowMs: 120000'),
    outputRetentionMs: whole('outputRetentionMs', options.outputRetentionMs ?? 86_400_000, 1000, Number.MAX_SAFE_INTEGER, 'outputRetentionMs: 86400000'),
    pullExpiresMs: whole('pullExpiresMs', options.pullExpiresMs ?? 5000, 1000, 60_000, 'pullExpiresMs: 5000'),
  };
}

function whole(option: string, value: unknown, min: number, max: number, example: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(option, `must be a whole number from ${min} to ${max} (got ${String(value)}); e.g. ${example}`);
  }
  return value;
}
