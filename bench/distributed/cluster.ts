// The parent's side of a distributed run: a unique prefix, stream and Redis key prefix, worker
// processes on demand (their lines stamped with the parent's clock), and everything removed after.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { jetStreamTransport, type JetStreamTransport } from 'rxagent/nats';
import { PARTITIONS, workerEnv, type WorkerLine } from './settings.js';

const root = join(__dirname, '..', '..');
const workerScript = join(__dirname, 'worker.ts');

/** Whether something answers on 127.0.0.1:port. */
export function answers(port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A line a worker printed, with the parent's receipt time (ms) and the worker's pid. */
export type Stamped = WorkerLine & { readonly at: number; readonly pid: number };

/** A worker child process and what it printed. */
export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly lines: Stamped[];
  readonly exited: Promise<void>;
}

/** One distributed run: its own streams and keys, its workers, torn down by {@link Cluster.close}. */
export class Cluster {
  readonly id = randomUUID().replace(/-/g, '').slice(0, 12);
  readonly prefix = `rxbench_${this.id}`;
  readonly keyPrefix = `rxagent-bench:${this.id}:`;
  readonly redis = new Redis({ host: '127.0.0.1', port: 6379 });
  readonly transport: JetStreamTransport;
  readonly workers: WorkerProcess[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(readonly ackWaitMs: number) {
    this.transport = jetStreamTransport({ servers: '127.0.0.1:4222', prefix: this.prefix, keyPrefix: this.keyPrefix, partitions: PARTITIONS, ackWaitMs, redis: this.redis });
  }

  /** Starts a worker process and resolves once it is ready to pull. */
  async startWorker(hold = false): Promise<WorkerProcess> {
    // BENCH_WORKER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the workers.
    const nodeArgs = (process.env['BENCH_WORKER_NODE_ARGS'] ?? '').split(' ').filter((arg) => arg !== '');
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', workerScript], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...workerEnv({ prefix: this.prefix, keyPrefix: this.keyPrefix, ackWaitMs: this.ackWaitMs, hold }) },
    });
    const worker: WorkerProcess = { child, lines: [], exited: new Promise((resolve) => child.once('exit', () => resolve())) };
    let buffer = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      const at = Date.now();
      buffer += chunk.toString();
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        worker.lines.push({ ...(JSON.parse(buffer.slice(0, newline)) as WorkerLine), at, pid: child.pid ?? 0 });
        buffer = buffer.slice(newline + 1);
      }
      this.wake();
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    void worker.exited.then(() => {
      if (stderr.trim() !== '') process.stderr.write(`bench worker ${child.pid} stderr:\n${stderr}\n`);
      this.wake();
    });
    this.workers.push(worker);
    let exited = false;
    void worker.exited.then(() => (exited = true));
    await this.until(() => exited || worker.lines.some((line) => line.event === 'ready'), `worker ${child.pid} ready`);
    if (exited) throw new Error(`bench worker ${child.pid} exited before it was ready${stderr === '' ? '' : `: ${stderr.trim().split('\n')[0]}`}`);
    return worker;
  }

  /** Every line of every worker with this event, oldest first. */
  lines<E extends WorkerLine['event']>(event: E): (Extract<WorkerLine, { event: E }> & { at: number; pid: number })[] {
    return this.workers
      .flatMap((worker) => worker.lines)
      .filter((line): line is Extract<WorkerLine, { event: E }> & { at: number; pid: number } => line.event === event)
      .sort((a, b) => a.at - b.at);
  }

  /** Resolves when `condition()` holds, checked on every line a worker prints; rejects after `timeoutMs`. */
  until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
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

  /** CPU time (ms) every running worker has used so far (asks each with SIGUSR2 and waits for the answers). */
  async workersCpuMs(): Promise<number> {
    const running = this.workers.filter((worker) => worker.child.exitCode === null && worker.child.signalCode === null);
    const before = running.map((worker) => worker.lines.filter((line) => line.event === 'cpu').length);
    for (const worker of running) worker.child.kill('SIGUSR2');
    await this.until(() => running.every((worker, i) => worker.lines.filter((line) => line.event === 'cpu').length > before[i]!), 'the workers to report their CPU time', 10_000);
    return running.reduce((sum, worker) => sum + (worker.lines.filter((line) => line.event === 'cpu').pop() as { cpuMs: number }).cpuMs, 0);
  }

  /** Stops the workers (SIGTERM, they drain), deletes the streams and every Redis key of the run. */
  async close(): Promise<void> {
    // SIGTERM lets a worker drain (its pulls wait up to pullExpiresMs); the streams go anyway, so do not wait long.
    await Promise.all(
      this.workers.map(async (worker) => {
        if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
        worker.child.kill('SIGTERM');
        const timer = setTimeout(() => worker.child.kill('SIGKILL'), 2000);
        await worker.exited;
        clearTimeout(timer);
      }),
    );
    await this.transport.deleteStreams().catch(() => undefined);
    await this.transport.close();
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(cursor, 'MATCH', `${this.keyPrefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await this.redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await this.redis.quit();
  }

  private wake(): void {
    for (const wake of [...this.waiters]) wake();
  }
}
