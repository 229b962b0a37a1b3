import { isObservable } from 'rxjs';
import { idempotencyKey, type AgentOutput } from '../io/AgentOutput.js';
import type { AgentMessage } from '../messages/AgentMessage.js';
import type { RepliedResult } from '../runtime/AgentResult.js';
import { RateLimitedError } from '../runtime/errors.js';
import type { Delivery } from './Delivery.js';
import { Delivery as DeliveryImpl } from './Delivery.js';
import { LuaScript } from '../redis/runScript.js';
import { pullLoop } from './pullLoop.js';
import { handBack, type SettleContext } from './settleOutcome.js';
import { outputConsumerName } from './streamSetup.js';
import { encodeToken } from './subjects.js';

// Releases a delivery key only if this sender still holds its lease.
const RELEASE = new LuaScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`);
const DONE = 'done';

/**
 * Delivers the results of the output stream to one output, idempotently: a Redis key per message
 * and output (`SET NX`, a lease while sending, `done` after) lets a result through once, however
 * often it is published or redelivered. A failed send is handed back and retried (a 429 waits as
 * asked) up to `maxDeliver`; the agent never runs again for it. One delivery in flight per
 * output partition keeps replies in order within a conversation.
 * @internal
 */
export class OutputSender<M extends AgentMessage> {
  private readonly id = `${process.pid}:${Math.random().toString(36).slice(2)}`;

  constructor(
    private readonly output: AgentOutput<M>,
    private readonly ctx: SettleContext<M>,
    private readonly stopping: () => boolean,
  ) {}

  async run(): Promise<void> {
    const { transport, scheduler } = this.ctx;
    const config = transport.config;
    await transport.setupOutput(this.output.name, config.maxDeliver);
    const { nc, js } = await transport.connection();
    await Promise.all(
      Array.from({ length: config.partitions }, (_, partition) => {
        const target = { nc, stream: transport.streams.output, consumer: outputConsumerName(this.output.name, partition) };
        return pullLoop(target, () => js.consumers.get(target.stream, target.consumer), {
          expiresMs: config.pullExpiresMs,
          stopping: this.stopping,
          handle: (msg, ackAck) => this.deliver(new DeliveryImpl(msg, partition, config.ackWaitMs, scheduler, ackAck)),
          failed: (error) => this.ctx.emit({ type: 'transportFailed', at: scheduler.now(), partition, error }),
          retryMs: 1000,
          scheduler,
        });
      }),
    );
  }

  private async deliver(delivery: Delivery): Promise<void> {
    const { emit, scheduler, summary, transport } = this.ctx;
    const { redis, keyPrefix, ackWaitMs, outputRetentionMs, maxDeliver, redeliveryDelayMs } = transport.config;
    const { name } = this.output;
    try {
      const result = delivery.msg.json<RepliedResult<M>>();
      if (this.output.accepts !== undefined && !this.output.accepts(result)) return void (await delivery.ackAck());
      const key = `${keyPrefix}delivered:${encodeToken(name)}:${result.message.id}`;
      const lease = `lease:${this.id}:${delivery.seq}`;
      if ((await redis.set(key, lease, 'PX', ackWaitMs * 2, 'NX')) !== 'OK') {
        if ((await redis.get(key)) !== DONE) return handBack(this.ctx, delivery, ackWaitMs, result.message.id);
        emit({ type: 'duplicateDelivery', at: scheduler.now(), partition: delivery.partition, seq: delivery.seq, output: name, result });
        return void (await delivery.ackAck());
      }
      try {
        await sendOnce(this.output, result, delivery.deliveries);
      } catch (error) {
        await RELEASE.run(redis, [key], [lease]);
        if (delivery.deliveries >= maxDeliver) {
          summary.deliveryFailed++;
          emit({ type: 'deliveryFailed', at: scheduler.now(), output: name, result, error, attempts: delivery.deliveries });
          return void (await delivery.ackAck());
        }
        const delayMs = error instanceof RateLimitedError ? error.retryAfterMs : redeliveryDelayMs * 2 ** (delivery.deliveries - 1);
        emit({ type: 'deliveryRetrying', at: scheduler.now(), output: name, result, attempt: delivery.deliveries, error, delayMs });
        return handBack(this.ctx, delivery, delayMs, result.message.id, error);
      }
      await redis.set(key, DONE, 'PX', outputRetentionMs);
      summary.delivered++;
      emit({ type: 'delivered', at: scheduler.now(), output: name, result, attempts: delivery.deliveries });
      await delivery.ackAck();
    } catch (error) {
      emit({ type: 'transportFailed', at: scheduler.now(), partition: delivery.partition, error });
    } finally {
      delivery.end();
    }
  }
}

function sendOnce<M extends AgentMessage>(output: AgentOutput<M>, result: RepliedResult<M>, attempt: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const sent = output.send(result, { idempotencyKey: idempotencyKey(result, output.name), attempt });
    if (isObservable(sent)) sent.subscribe({ error: reject, complete: resolve });
    else Promise.resolve(sent).then(() => resolve(), reject);
  });
}
