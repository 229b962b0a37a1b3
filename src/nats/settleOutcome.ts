import type { SchedulerLike } from 'rxjs';
import type { AgentMessage } from '../messages/AgentMessage.js';
import type { AgentOutcome, RepliedResult } from '../runtime/AgentResult.js';
import type { Delivery } from './Delivery.js';
import { conversationKeys } from './FencedMemory.js';
import type { JetStreamTransport } from './JetStreamTransport.js';
import { StaleDeliveryError } from './StaleDeliveryError.js';
import type { JetStreamWorkerEvent } from './workerEvents.js';

/** What a worker counts. */
export interface WorkerSummary {
  /** Deliveries taken from the partitions (a redelivered message counts again). */
  received: number;
  replied: number;
  noReply: number;
  rejected: number;
  /** Runs that failed and were handed back for another delivery. */
  retried: number;
  deadLettered: number;
  /** Messages the sequence fence refused (another worker had applied them). */
  stale: number;
  /** Successful deliveries by this worker's output senders. */
  delivered: number;
  deliveryFailed: number;
}

/** A summary with every count at zero. @internal */
export function emptyWorkerSummary(): WorkerSummary {
  return { received: 0, replied: 0, noReply: 0, rejected: 0, retried: 0, deadLettered: 0, stale: 0, delivered: 0, deliveryFailed: 0 };
}

/** What settling needs from its worker. @internal */
export interface SettleContext<M extends AgentMessage> {
  readonly transport: JetStreamTransport;
  readonly scheduler: SchedulerLike;
  readonly summary: WorkerSummary;
  readonly emit: (event: JetStreamWorkerEvent<M>) => void;
  /** The fence scope of the input stream (see `conversationKeys`). */
  readonly scope: string;
}

/**
 * Ends a delivery after its pipeline outcome: outputs are published (ids derived from the message
 * id, so a republish is dropped) and the outbox entry cleared, then the message is acked with a
 * confirmed ack; a failed run is handed back until `maxDeliver`, then dead-lettered; a message
 * the fence refused is acked, its outbox entry published first if it is still there.
 * @internal
 */
export async function settleOutcome<M extends AgentMessage>(ctx: SettleContext<M>, delivery: Delivery, outcome: AgentOutcome<M>): Promise<void> {
  const { transport, summary } = ctx;
  const { maxDeliver, redeliveryDelayMs, redis, keyPrefix } = transport.config;
  if (outcome.type === 'result') {
    if (outcome.reply === null) summary.noReply++;
    else {
      summary.replied++;
      const { type: _type, ...result } = outcome;
      await publishResult(transport, result as RepliedResult<M>);
      await redis.del(conversationKeys(keyPrefix, ctx.scope, outcome.message.conversationId).outbox(delivery.seq));
    }
    return ack(ctx, delivery, outcome.message.id);
  }
  if (outcome.type === 'failed') {
    const error = outcome.error;
    if (error instanceof StaleDeliveryError) {
      summary.stale++;
      if (error.outbox !== undefined) {
        const { message, reply } = JSON.parse(error.outbox) as Pick<RepliedResult<M>, 'message' | 'reply'>;
        const now = ctx.scheduler.now();
        await publishResult(transport, { message, reply, attempts: outcome.attempts, startedAt: now, finishedAt: now });
        await redis.del(conversationKeys(keyPrefix, ctx.scope, message.conversationId).outbox(delivery.seq));
      }
      ctx.emit({ type: 'stale', at: ctx.scheduler.now(), partition: delivery.partition, seq: delivery.seq, messageId: outcome.message.id, republished: error.outbox !== undefined });
      return ack(ctx, delivery, outcome.message.id);
    }
    if (delivery.deliveries >= maxDeliver) return deadLetter(ctx, delivery, `the agent failed on each of ${delivery.deliveries} deliveries: ${describe(error)}`);
    return handBack(ctx, delivery, redeliveryDelayMs * 2 ** (delivery.deliveries - 1), outcome.message.id, error);
  }
  // Rejected before the agent ran.
  if (outcome.reason === 'invalid') return deadLetter(ctx, delivery, `invalid message: ${outcome.detail}`);
  if (outcome.reason === 'overloaded' || outcome.reason === 'stopped') return handBack(ctx, delivery, 0, outcome.message?.id);
  summary.rejected++;
  if (outcome.reply !== undefined && outcome.message !== undefined) {
    const now = ctx.scheduler.now();
    await publishResult(transport, { message: outcome.message, reply: outcome.reply, attempts: 0, startedAt: now, finishedAt: now });
  }
  return ack(ctx, delivery, outcome.message?.id);
}

/** Publishes a result to its conversation's output subject, confirmed; a republish of the same message id is dropped. @internal */
export async function publishResult<M extends AgentMessage>(transport: JetStreamTransport, result: RepliedResult<M>): Promise<void> {
  await transport.publishJson(transport.subjectOf('out', result.message.conversationId), JSON.stringify(result), `out:${result.message.id}`);
}

/** Sends a message to `<prefix>.dead.<p>.<key>` (the dead-letter stream) and acks it, so its partition moves on. @internal */
export async function deadLetter<M extends AgentMessage>(ctx: SettleContext<M>, delivery: Delivery, reason: string): Promise<void> {
  const { transport } = ctx;
  const { msg } = delivery;
  const inPrefix = `${transport.config.prefix}.in.`;
  const subject = `${transport.config.prefix}.dead.${msg.subject.startsWith(inPrefix) ? msg.subject.slice(inPrefix.length) : delivery.partition}`;
  await transport.publishJson(subject, new TextDecoder().decode(msg.data), `dead:${transport.streams.input}:${delivery.seq}`, {
    'Rxagent-Reason': reason.slice(0, 2000),
    'Rxagent-Deliveries': String(delivery.deliveries),
    'Rxagent-Stream-Seq': String(delivery.seq),
    'Rxagent-Subject': msg.subject,
  });
  ctx.summary.deadLettered++;
  ctx.emit({ type: 'deadLettered', at: ctx.scheduler.now(), partition: delivery.partition, seq: delivery.seq, subject, deliveries: delivery.deliveries, reason });
  await delivery.ackAck();
}

/** Hands a message back to the server, to be delivered again (to any worker) after `delayMs`. @internal */
export function handBack<M extends AgentMessage>(ctx: SettleContext<M>, delivery: Delivery, delayMs: number, messageId?: string, error?: unknown): void {
  ctx.summary.retried++;
  delivery.msg.nak(delayMs);
  ctx.emit({
    type: 'redelivering',
    at: ctx.scheduler.now(),
    partition: delivery.partition,
    seq: delivery.seq,
    deliveries: delivery.deliveries,
    delayMs,
    ...(messageId === undefined ? {} : { messageId }),
    ...(error === undefined ? {} : { error }),
  });
}

async function ack<M extends AgentMessage>(ctx: SettleContext<M>, delivery: Delivery, messageId?: string): Promise<void> {
  await delivery.ackAck();
  ctx.emit({ type: 'acked', at: ctx.scheduler.now(), partition: delivery.partition, seq: delivery.seq, ...(messageId === undefined ? {} : { messageId }) });
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
