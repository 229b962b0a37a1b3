import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { jetStreamTransport, type JetStreamTransport } from 'rxagent/nats';
import { serviceAvailable } from '../helpers/services';

const root = join(__dirname, '..', '..');
const workerScript = join(__dirname, 'fixtures', 'worker.ts');

/** One line a worker process printed. */
export interface WorkerLine {
  readonly pid: number;
  /** Wall-clock time it was printed (ms). */
  readonly at: number;
  readonly event: string;
  readonly id?: string;
  readonly seq?: number;
  readonly summary?: Record<string, number>;
  readonly error?: string;
}

/** One effect the fixture's output wrote (in Redis). */
export interface Effect {
  readonly id: string;
  readonly conversationId: string;
  readonly text: string;
  readonly pid: number;
}

/** A worker child process and what it printed. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly lines: WorkerLine[];
  readonly exited: Promise<number | null>;
}

export const ACK_WAIT_MS = 2000;
export const MAX_DELIVER = 3;
export const PARTITIONS = 8;

/**
 * A distributed setup for one test: a unique subject prefix, stream and Redis key prefix, a
 * transport for the test itself, worker processes on demand, and everything deleted afterwards.
 */
export function natsTest() {
  let available = false;
  let current: Setup | undefined;
  beforeAll(async () => {
    available = (await serviceAvailable('NATS', 4222)) && (await serviceAvailable('Redis', 6379));
  });
  afterEach(async () => {
    await current?.tearDown();
    current = undefined;
  });
  return {
    it(name: string, test: (setup: Setup) => Promise<void>, timeout = 40_000) {
      it(name, async () => {
        if (!available) return console.warn(`skipped (no NATS on 4222 or Redis on 6379): ${name}`);
        current = new Setup();
        await test(current);
      }, timeout);
    },
  };
}

/** @internal */
export class Setup {
  readonly id = randomUUID().replace(/-/g, '').slice(0, 12);
  readonly prefix = `rxtest_${this.id}`;
  readonly keyPrefix = `rxagent-test:${this.id}:`;
  readonly redis = new Redis({ host: '127.0.0.1', port: 6379 });
  readonly transport: JetStreamTransport = jetStreamTransport({
    servers: '127.0.0.1:4222',
    prefix: this.prefix,
    partitions: PARTITIONS,
    ackWaitMs: ACK_WAIT_MS,
    maxDeliver: MAX_DELIVER,
    redis: this.redis,
    keyPrefix: this.keyPrefix,
    redeliveryDelayMs: 100,
    pullExpiresMs: 1000,
  });
  readonly workers: WorkerProcess[] = [];
  private readonly waiters = new Set<() => void>();

  /** Starts a worker process; resolves once it is ready to pull. */
  async startWorker(role: 'both' | 'worker' | 'sender' = 'both'): Promise<WorkerProcess> {
    const child = spawn(process.execPath, ['--import', 'tsx', workerScript], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        RX_PREFIX: this.prefix,
        RX_KEY_PREFIX: this.keyPrefix,
        RX_PARTITIONS: String(PARTITIONS),
        RX_ACK_WAIT_MS: String(ACK_WAIT_MS),
        RX_MAX_DELIVER: String(MAX_DELIVER),
        RX_ROLE: role,
      },
    });
    const worker: WorkerProcess = { child, lines: [], exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
    let buffer = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        worker.lines.push(JSON.parse(buffer.slice(0, newline)) as WorkerLine);
        buffer = buffer.slice(newline + 1);
      }
      for (const wake of [...this.waiters]) wake();
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    void worker.exited.then(() => {
      if (stderr.trim() !== '') process.stderr.write(`worker ${child.pid} stderr:\n${stderr}\n`);
      for (const wake of [...this.waiters]) wake();
    });
    this.workers.push(worker);
    await this.until(() => worker.lines.some((line) => line.event === 'ready'), `worker ${child.pid} ready`);
    return worker;
  }

  /** Every line of every worker, oldest first. */
  lines(event?: string): WorkerLine[] {
    return this.workers
      .flatMap((worker) => worker.lines)
      .filter((line) => event === undefined || line.event === event)
      .sort((a, b) => a.at - b.at);
  }

  /** Resolves when `condition()` holds, checked on every line a worker prints (fails after `timeoutMs`). */
  until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}`));
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }

  /** Resolves once `n` distinct messages were delivered by the workers' senders. */
  delivered(n: number): Promise<void> {
    return this.until(() => new Set(this.lines('delivered').map((line) => line.id)).size >= n, `${n} deliveries`);
  }

  /** The effects the output wrote, in order. */
  async effects(): Promise<Effect[]> {
    return (await this.redis.lrange(`${this.keyPrefix}effects`, 0, -1)).map((entry) => JSON.parse(entry) as Effect);
  }

  /** Stops a worker with SIGTERM and resolves with its exit code. */
  async stopWorker(worker: WorkerProcess): Promise<number | null> {
    worker.child.kill('SIGTERM');
    return worker.exited;
  }

  async tearDown(): Promise<void> {
    for (const worker of this.workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
    await Promise.all(this.workers.map((worker) => worker.exited));
    await this.transport.deleteStreams();
    await this.transport.close();
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.keyPrefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await this.redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await this.redis.quit();
  }
}

/** `count` messages over `conversations` conversations, numbered in order within each. */
export function messages(count: number, conversations: number, tag = 'm', textPrefix = '') {
  return Array.from({ length: count }, (_, i) => ({ id: `${tag}${i}`, conversationId: `conv.${i % conversations}`, text: `${textPrefix}${Math.floor(i / conversations)}` }));
}

/** Per conversation, the effects must be in message order, each seeing every earlier turn once. */
export function expectInOrder(effects: readonly Effect[], expected: readonly { id: string; conversationId: string; text: string }[]): void {
  const byConversation = new Map<string, string[]>();
  for (const effect of effects) byConversation.set(effect.conversationId, [...(byConversation.get(effect.conversationId) ?? []), effect.text]);
  const wanted = new Map<string, string[]>();
  for (const message of expected) {
    const list = wanted.get(message.conversationId) ?? [];
    list.push(`${message.text}@${list.length}`);
    wanted.set(message.conversationId, list);
  }
  expect(Object.fromEntries(byConversation)).toEqual(Object.fromEntries(wanted));
}
