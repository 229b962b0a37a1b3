// Where the time goes: one round of a row under `node --cpu-prof`, summarised as the functions
// with the most self time. run.ts calls it for every target that is missed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/**
 * Runs `node <nodeArgs> <script> <job>` under the CPU profiler; returns markdown rows
 * `| self % | function file |`, idle time and module loading left out. Lines of an esbuild bundle are mapped back to
 * the source file they came from (esbuild marks each module with a `// path` comment).
 */
export function topSelfTime(nodeArgs: readonly string[], script: string, job: string, top = 15): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'rxagent-prof-'));
  try {
    execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, ...nodeArgs, script, job], { stdio: ['ignore', 'ignore', 'inherit'] });
    const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
    if (file === undefined) return ['| | no profile written |'];
    return summarise(JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile, top, sourceFiles(script));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** For each line of a bundle, the source file it came from. */
function sourceFiles(script: string): (line: number) => string | undefined {
  const starts: [number, string][] = [];
  readFileSync(script, 'utf8')
    .split('\n')
    .forEach((text, line) => {
      const marker = /^\/\/ ((?:src|bench|node_modules)\/\S+)$/.exec(text);
      if (marker !== null) starts.push([line, marker[1]!]);
    });
  return (line) => {
    let file: string | undefined;
    for (const [start, name] of starts) {
      if (start > line) break;
      file = name;
    }
    return file;
  };
}

function summarise(profile: CpuProfile, top: number, fileOf: (line: number) => string | undefined): string[] {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id)?.callFrame;
    // Idle time and module loading (a row's first milliseconds) say nothing about the row.
    if (frame === undefined || frame.functionName === '(idle)' || /^node:(internal\/(modules|bootstrap)|path$)/.test(frame.url)) return;
    const bundled = frame.url.endsWith('.mjs') && frame.url.includes('rxagent-bench') ? fileOf(frame.lineNumber) : undefined;
    const where = frame.url === '' ? '' : ` ${bundled ?? `${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`}`;
    const key = `${frame.functionName || '(anonymous)'}${where}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0) || 1;
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, time]) => `| ${((time / total) * 100).toFixed(1)}% | \`${name}\` |`);
}
