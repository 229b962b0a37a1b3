// Failover: a worker holds messages in flight (heartbeating), is SIGKILLed, and the time until the
// other worker processes them is measured: it should be about ackWaitMs after the last heartbeat.
import { partitionOf } from 'rxagent/nats';
import { Cluster } from './cluster.js';
import { HOLD_TEXT, PARTITIONS } from './settings.js';

/** What the failover run measured (ms after the SIGKILL). */
export interface Redelivery {
  readonly ackWaitMs: number;
  readonly held: number;
  /** When the other worker started each held message again: min and max. */
  readonly restarted: readonly [number, number];
  /** When each held message's result was delivered: min and max. */
  readonly delivered: readonly [number, number];
}

/** Conversation ids of `count` different partitions. */
function conversationsInDistinctPartitions(count: number): string[] {
  const byPartition = new Map<number, string>();
  for (let i = 0; byPartition.size < count; i++) {
    const id = `held${i}`;
    const partition = partitionOf(id, PARTITIONS);
    if (!byPartition.has(partition)) byPartition.set(partition, id);
  }
  return [...byPartition.values()];
}

/** Worker A holds `held` messages (one per partition); B starts; A is SIGKILLed; B's redelivery is timed. */
export async function measureRedelivery(ackWaitMs = 2000, held = 4): Promise<Redelivery> {
  const cluster = new Cluster(ackWaitMs);
  try {
    await cluster.transport.setup();
    const holder = await cluster.startWorker(true);
    const ids = conversationsInDistinctPartitions(held).map((conversationId, i) => ({ id: `held-${i}`, conversationId, text: HOLD_TEXT }));
    for (const message of ids) await cluster.transport.publish(message);
    const startedBy = (pid: number | undefined, id: string) => cluster.lines('started').find((line) => line.pid === pid && line.id === id);
    await cluster.until(() => ids.every(({ id }) => startedBy(holder.child.pid, id) !== undefined), 'the holding worker to start every held message');
    const other = await cluster.startWorker(false);
    const killedAt = Date.now();
    holder.child.kill('SIGKILL');
    const deliveredLine = (id: string) => cluster.lines('delivered').find((line) => line.pid === other.child.pid && line.id === id);
    await cluster.until(() => ids.every(({ id }) => deliveredLine(id) !== undefined), 'the other worker to deliver every held message', 30_000);
    const range = (values: number[]): [number, number] => [Math.min(...values), Math.max(...values)];
    return {
      ackWaitMs,
      held,
      restarted: range(ids.map(({ id }) => (startedBy(other.child.pid, id)?.at ?? NaN) - killedAt)),
      delivered: range(ids.map(({ id }) => deliveredLine(id)!.at - killedAt)),
    };
  } finally {
    await cluster.close();
  }
}
