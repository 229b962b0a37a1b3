// `npm run bench`: every row of every workload, each round in a fresh process (so peak RSS is the
// row's own), each figure the median of BENCH_ROUNDS rounds, every row with its ratio to the
// fastest baseline of the same workload in this run. Prints one table and writes it, with the
// targets and the CPU profiles of the missed ones, to bench/results.md. Never part of the tests.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { WARM_UP_S, type Figures, type Job } from './drivers.js';
import { BASELINES, sections, type Section } from './jobs.js';
import { topSelfTime } from './profile.js';
import { rowScript } from './rowScript.js';
import { checkTargets } from './targets.js';
import { distributedSection } from './distributed/run.js';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const QUICK = process.env['BENCH_QUICK'] === '1';
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? (QUICK ? 1 : 10 / 3));
// npm runs this from the package root; the row scripts live next to this file.
const here = (file: string) => join(dirname(process.argv[1] ?? 'bench/run.ts'), file);

export interface Measured {
  readonly job: Job;
  readonly figures: Figures;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

/**
 * Every job of a section, ROUNDS rounds each, the rows taking turns (round 1 of every row, then
 * round 2, …): a burst of noise on this shared machine then costs every row a round, not one row
 * its figure. Each figure is the median of its rounds.
 */
function measureSection(script: { args: string[] }, jobs: readonly Job[]): Figures[] {
  const rounds: Figures[][] = jobs.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    jobs.forEach((job, i) => {
      const out = execFileSync(process.execPath, [...script.args, JSON.stringify(job)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 });
      rounds[i]!.push(JSON.parse(out.trim().split('\n').pop() ?? '{}') as Figures);
    });
  }
  return rounds.map((figures) => {
    const keys = Object.keys(figures[0] ?? {});
    return Object.fromEntries(keys.map((key) => [key, median(figures.map((f) => f[key] ?? NaN))]));
  });
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '–');

function details(measured: Measured, all: readonly Measured[]): string {
  const { job, figures: f } = measured;
  switch (job.workload) {
    case 'throughput': {
      const small = all.find((m) => m.job.workload === 'throughput' && m.job.row === job.row && (m.job.size ?? 0) < (job.size ?? 0));
      return small === undefined ? '' : `time ${fmt(job.size ?? 0)} ÷ ${fmt(small.job.size ?? 0)}: ${fmt((f['seconds'] ?? NaN) / (small.figures['seconds'] ?? NaN), 1)}×`;
    }
    case 'timed':
      return `${fmt((f['ofIdeal'] ?? NaN) * 100, 1)}% of ideal (${fmt(job.concurrency * 100)} msg/s)`;
    case 'ordering':
      return `conversation run twice at once: ${fmt(f['overlaps'] ?? NaN)}; replies out of order: ${fmt(f['outOfOrder'] ?? NaN)}`;
    case 'steady':
      return `added latency after ${WARM_UP_S} s of warm-up: p50 ${fmt(f['p50'] ?? NaN, 3)} ms, p99 ${fmt(f['p99'] ?? NaN, 3)} ms, max ${fmt(f['max'] ?? NaN, 1)} ms; during warm-up, max ${fmt(f['warmUpMax'] ?? NaN, 1)} ms`;
    case 'overload':
      return `${fmt((f['ofCapacity'] ?? NaN) * 100, 1)}% of capacity delivered; at most ${fmt(f['maxWaiting'] ?? NaN)} waiting; ${fmt(f['rejected'] ?? NaN)} refused (overloaded); RSS ${(f['rssGrowthMb'] ?? 0) >= 0 ? '+' : ''}${fmt(f['rssGrowthMb'] ?? NaN, 1)} MB in the 2nd half`;
  }
}

function ratio(measured: Measured, section: readonly Measured[]): string {
  const baselines = section.filter((m) => BASELINES.has(m.job.row));
  if (measured.job.workload === 'steady') {
    const best = Math.min(...baselines.map((m) => m.figures['p99'] ?? Infinity));
    return `${fmt((measured.figures['p99'] ?? NaN) / best, 2)} (p99)`;
  }
  const best = Math.max(...baselines.map((m) => m.figures['msgPerSec'] ?? 0));
  return fmt((measured.figures['msgPerSec'] ?? NaN) / best, 2);
}

async function main(): Promise<void> {
  const started = Date.now();
  const script = rowScript(here('./row.ts'));
  const plan: Section[] = sections(QUICK ? 0.1 : 1, SECONDS);
  const results: Measured[][] = [];
  for (const section of plan) {
    const measured = measureSection(script, section.jobs).map((figures, i) => {
      const job = section.jobs[i]!;
      process.stderr.write(`bench: ${section.title} — ${job.row}: ${fmt(figures['msgPerSec'] ?? NaN)} msg/s\n`);
      return { job, figures };
    });
    results.push(measured);
  }
  const all = results.flat();
  const lines = [
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}. Each figure is the median of ${ROUNDS} rounds, the rows of a workload taking turns, each round in a fresh process (peak RSS is that process's \`maxRSS\`, i.e. the row's own, Node itself included). "× fastest baseline" compares msg/s with the fastest baseline of the same workload in this run (for the steady input: p99 added latency, lower is better). Baselines keep no per-conversation order and no memory.`,
    '',
    '| workload | row | msg/s | × fastest baseline | peak RSS (MB) | details |',
    '| --- | --- | ---: | ---: | ---: | --- |',
  ];
  plan.forEach((section, i) => {
    for (const measured of results[i] ?? []) {
      const f = measured.figures;
      lines.push(`| ${section.title} | ${section.labels[measured.job.row] ?? measured.job.row} | ${fmt(f['msgPerSec'] ?? NaN)} | ${ratio(measured, results[i] ?? [])} | ${fmt(f['rssMb'] ?? NaN)} | ${details(measured, all)} |`);
    }
  });
  lines.push('', ...(await distributedSection({ scale: QUICK ? 0.1 : 0.75 })));
  const targets = checkTargets(all);
  lines.push('', 'Targets (issues 3 and 7):', '', ...targets.map((t) => `- ${t.met ? 'met' : '**MISSED**'}: ${t.text}`));
  // One profile per workload (the first missed target of each): the run stays under five minutes.
  const profiled = new Set<string>();
  for (const target of targets.filter((t) => !t.met && t.profile !== undefined && !profiled.has(t.profile.workload) && profiled.add(t.profile.workload))) {
    const job = target.profile!;
    process.stderr.write(`bench: profiling ${job.workload} ${job.row}\n`);
    lines.push('', `Where the time goes for "${target.text.split(':')[0]}" (\`node --cpu-prof\`, one round of ${job.row} on the ${job.workload} workload, self time; idle time and module loading left out):`, '', '| self | function |', '| ---: | --- |');
    lines.push(...topSelfTime(script.args.slice(0, -1), script.args[script.args.length - 1]!, JSON.stringify(job)));
  }
  lines.push('', `Whole run: ${fmt((Date.now() - started) / 1000)} s.`);
  const table = lines.join('\n');
  process.stdout.write(`${table}\n`);
  writeFileSync(here('./results.md'), `# Benchmark results\n\nProduced by \`npm run bench\` (bench/run.ts).\n\n${table}\n`);
}

void main();
