// The distributed example (`npm run example:distributed`, or `npx tsx examples/distributed/main.ts`):
// an ingress publishes a few conversations to NATS JetStream, and two worker processes share the
// work: each message runs once, in order within its conversation, with its memory in Redis.
// Needs NATS with JetStream on 127.0.0.1:4222 and Redis on 127.0.0.1:6379.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { from } from 'rxjs';
import { JetStreamIngress } from 'rxagent/nats';
import { makeTransport } from './shared';

const lines = [
  ['ada', 'hello'], ['bob', 'hi there'], ['ada', 'my name is Ada'], ['cy', 'good morning'],
  ['bob', 'I like tea'], ['ada', 'what is my name?'], ['cy', 'and good night'], ['bob', 'what do I like?'],
] as const;

async function main() {
  const { redis, transport } = makeTransport();
  await transport.setup();
  let replies = 0;
  let allReplied!: () => void;
  const replied = new Promise<void>((resolve) => (allReplied = resolve));
  const ready: Promise<void>[] = [];
  const workers = [1, 2].map(() => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'worker.ts')], { stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    // Until its "ready" line (a line may come in pieces), the worker's output so far.
    let early: string | undefined = '';
    let isReady!: () => void;
    ready.push(new Promise<void>((resolve) => (isReady = resolve)));
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      const text = chunk.toString();
      if (early !== undefined && (early += text).includes('] ready')) {
        early = undefined;
        isReady();
      }
      replies += text.split('\n').filter((line) => line.includes(' > ')).length;
      if (replies >= lines.length) allReplied();
    });
    return child;
  });
  await Promise.all(ready);

  const ingress = new JetStreamIngress({
    transport,
    inputs: [from(lines.map(([who, text], i) => ({ id: `example-${Date.now()}-${i}`, conversationId: who, text, author: { id: who } })))],
  });
  const published = await ingress.run();
  console.error(`ingress: ${published.published} published, ${published.duplicates} duplicates, ${published.rejected} rejected`);

  await replied;
  await Promise.all(workers.map((child) => new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.kill('SIGTERM')))));
  await transport.deleteStreams();
  for (const key of await redis.keys(`${transport.config.keyPrefix}*`)) await redis.del(key);
  await transport.close();
  await redis.quit();
}

void main();
