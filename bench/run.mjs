// `npm run bench`: the runtime against a hand-written promise pool, 100k and 1M messages over 1,000
// conversations with a trivial agent. Each figure is the median of ROUNDS runs, each run in a fresh
// process. Prints a table and writes it to bench/results.md. Not part of the tests: speed is measured here, never asserted.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { topSelfTime } from './profile.mjs';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SIZES = [100_000, 1_000_000];
const KINDS = [
  ['pool', 'hand-written promise pool (agent + output, no order, no memory)'],
  ['runAgent', 'runAgent over from(generator) (order; a push source, so all messages wait in lanes)'],
  ['runtime', 'AgentRuntime (order, ShortTermMemory, one output; pulled input)'],
  ['runtimePriced', 'AgentRuntime as above, with Pricing (budget per conversation)'],
];
const row = fileURLToPath(new URL('./row.mjs', import.meta.url));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const results = {};
for (const size of SIZES) {
  for (const [kind] of KINDS) {
    const runs = [];
    for (let round = 0; round < ROUNDS; round++) {
      const line = execFileSync(process.execPath, [row, kind, String(size)], { encoding: 'utf8' });
      const run = JSON.parse(line);
      if (run.done !== size) throw new Error(`${kind} at ${size}: only ${run.done} of ${size} messages finished`);
      runs.push(run);
    }
    results[`${kind}@${size}`] = { seconds: median(runs.map((r) => r.seconds)), rssMb: median(runs.map((r) => r.rssMb)) };
    process.stderr.write(`bench: ${kind} ${size} done\n`);
  }
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
const lines = [
  `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}. Median of ${ROUNDS} runs, each in a fresh process; messages come from a lazy generator; 1,000 conversations; concurrency 16; trivial async agent.`,
  '',
  '| row | messages | msg/s | × pool | peak RSS (MB) | time 1M ÷ 100k |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
];
for (const [kind, label] of KINDS) {
  for (const size of SIZES) {
    const r = results[`${kind}@${size}`];
    const pool = results[`pool@${size}`];
    const growth = size === SIZES[1] ? (r.seconds / results[`${kind}@${SIZES[0]}`].seconds).toFixed(1) : '';
    lines.push(`| ${label} | ${fmt(size)} | ${fmt(size / r.seconds)} | ${(pool.seconds / r.seconds).toFixed(2)} | ${fmt(r.rssMb)} | ${growth} |`);
  }
}
const runtime1M = results[`runtime@${SIZES[1]}`];
const ratio = results[`pool@${SIZES[1]}`].seconds / runtime1M.seconds;
const growth = runtime1M.seconds / results[`runtime@${SIZES[0]}`].seconds;
lines.push(
  '',
  'Targets (issue 3), for the full runtime with ordering and memory:',
  `- at least 0.3 × the pool's throughput: ${ratio.toFixed(2)} — ${ratio >= 0.3 ? 'met' : 'MISSED'}`,
  `- 1M messages cost at most 11 × 100k: ${growth.toFixed(1)} — ${growth <= 11 ? 'met' : 'MISSED'}`,
  `- peak RSS under 200 MB for 1M messages from a lazy generator: ${fmt(runtime1M.rssMb)} MB — ${runtime1M.rssMb < 200 ? 'met' : 'MISSED'}`,
);
if (ratio < 0.3) {
  lines.push(
    '',
    `Where the time goes in the runtime row (self time, \`node --cpu-prof\`, ${fmt(SIZES[0])} messages):`,
    '',
    '| self | function |',
    '| ---: | --- |',
    ...topSelfTime('runtime', SIZES[0]),
  );
}
const table = lines.join('\n');
process.stdout.write(`${table}\n`);
writeFileSync(new URL('./results.md', import.meta.url), `# Benchmark results\n\nProduced by \`npm run bench\`.\n\n${table}\n`);
