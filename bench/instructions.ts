// `npm run bench:instructions`: machine instructions per message of `npm run bench`'s own throughput
// rows (the same row script, workload and agent: trivial agent, 1,000 conversations, concurrency 16,
// a lazy generator) for the promise pool, the runtime, and the runtime with ShortTermMemory, counted
// by valgrind (cachegrind, no cache simulation). Node runs with --single-threaded, so the garbage
// collector and the JIT compiler work on the main thread and are counted too (with helper threads,
// how much of their work lands in the figure depends on thread timing: counts moved 2× between
// runs). Wall time on a shared 2-core VM moves 10–20% between runs; these counts move about 3%, so
// this is the figure to compare two versions of the hot path with. It does not see cache misses,
// which is why the wall-time ratio in `npm run bench` is lower. Needs valgrind (Debian: apt-get
// install valgrind). Usage: npm run bench:instructions [-- messages]  (default 500,000; about
// 1.5 minutes: fewer messages leave JIT compilation in the figure).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import type { Job } from './drivers.js';
import { PULL_LABELS } from './jobs.js';
import { rowScript } from './rowScript.js';

const N = Number(process.argv[2] ?? 500_000);
const ROWS = ['pool', 'runtime', 'runtimeMemory'] as const;
const script = rowScript(join(dirname(process.argv[1] ?? 'bench/instructions.ts'), 'row.ts'));

/** Instructions of a whole row process running `size` messages through `row`. */
function instructions(row: string, size: number): number {
  const job: Job = { workload: 'throughput', row, size, concurrency: 16 };
  const [flags, file] = [script.args.slice(0, -1), script.args[script.args.length - 1]!];
  const { status, stderr, error } = spawnSync('valgrind', ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null', process.execPath, '--single-threaded', ...flags, file, JSON.stringify(job)], { encoding: 'utf8' });
  if (error !== undefined) throw new Error(`valgrind could not start (${error.message}): install it, e.g. apt-get install valgrind`);
  const match = /I\s+refs:\s+([\d,]+)/.exec(stderr);
  if (status !== 0 || match === null) throw new Error(`valgrind ${row} ${size} failed:\n${stderr.slice(-2000)}`);
  return Number(match[1]!.replaceAll(',', ''));
}

// Per message: the difference between N and N/10 messages, so start-up and module loading cancel out.
const perMessage = new Map(ROWS.map((row) => [row, (instructions(row, N) - instructions(row, N / 10)) / (N - N / 10)]));
const pool = perMessage.get('pool')!;
console.log(`${N.toLocaleString('en-US')} messages, 1,000 conversations, concurrency 16, trivial agent: instructions per message (valgrind cachegrind, node --single-threaded)\n`);
console.log('| row | instructions/message | × pool |\n| --- | ---: | ---: |');
for (const [row, count] of perMessage) console.log(`| ${PULL_LABELS[row]} | ${Math.round(count).toLocaleString('en-US')} | ${(pool / count).toFixed(2)} |`);
