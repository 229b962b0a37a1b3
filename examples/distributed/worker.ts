// One worker process of the distributed example: pulls every partition, runs the agent, delivers
// replies to the console (once per message, whichever worker ran it), and drains on SIGTERM.
import { ShortTermMemory } from 'rxagent';
import { JetStreamWorker } from 'rxagent/nats';
import { agent, makeTransport } from './shared';

const { redis, transport } = makeTransport();
const worker = new JetStreamWorker({
  transport,
  agent,
  shortTermMemory: new ShortTermMemory({ maxTurns: 10 }),
  outputs: [{ name: 'console', send: async (result) => void console.log(`[worker ${process.pid}] ${result.message.conversationId} > ${result.reply.text}`) }],
});
process.once('SIGTERM', () => void worker.stop());
// The ingress publishes once both workers are here (a SIGTERM before this line would kill a worker unannounced).
console.log(`[worker ${process.pid}] ready`);
void worker.run().then(async (summary) => {
  console.error(`[worker ${process.pid}] stopped: ${summary.received} received, ${summary.replied} replied, ${summary.delivered} delivered`);
  await transport.close();
  await redis.quit();
});
