// What the ingress and the workers of the distributed example share: the transport's settings and the agent.
import { Redis } from 'ioredis';
import type { Agent } from 'rxagent';
import { jetStreamTransport } from 'rxagent/nats';

/** Subjects, stream and Redis keys of this example (EXAMPLE_PREFIX lets runs side by side stay apart). */
export const prefix = process.env.EXAMPLE_PREFIX ?? 'rxagent_example';

/** A transport per process: NATS JetStream on 127.0.0.1:4222, Redis on 127.0.0.1:6379. */
export function makeTransport() {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const transport = jetStreamTransport({
    servers: process.env.NATS_URL ?? '127.0.0.1:4222',
    prefix,
    partitions: 16,
    ackWaitMs: 5000,
    maxDeliver: 3,
    pullExpiresMs: 1000,
    redis,
  });
  return { redis, transport };
}

/** Remembers the conversation (in Redis, so whichever worker gets the next message knows it). */
export const agent: Agent = async (message, { memory }) => {
  await new Promise((resolve) => setTimeout(resolve, 50)); // a model call
  const earlier = memory.map((turn) => turn.message.text).join(' / ') || 'nothing yet';
  return { text: `you said "${message.text}" (earlier: ${earlier})` };
};
