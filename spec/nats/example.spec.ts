import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { serviceAvailable } from '../helpers/services';

const root = join(__dirname, '..', '..');

describe('the distributed example (npm run example:distributed)', () => {
  it('runs an ingress and two workers: every line answered once, with its conversation’s memory, and exits 0', async () => {
    if (!((await serviceAvailable('NATS', 4222)) && (await serviceAvailable('Redis', 6379)))) return console.warn('skipped (no NATS or Redis)');
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/distributed/main.ts'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, EXAMPLE_PREFIX: `rxexample_${randomUUID().slice(0, 8)}` },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
    const replies = stdout.split('\n').filter((line) => line.includes(' > '));
    expect(replies).toHaveLength(8);
    expect(replies.filter((line) => line.includes('ada > ')).map((line) => line.replace(/^\[worker \d+\] /, ''))).toEqual([
      'ada > you said "hello" (earlier: nothing yet)',
      'ada > you said "my name is Ada" (earlier: hello)',
      'ada > you said "what is my name?" (earlier: hello / my name is Ada)',
    ]);
    expect(stderr).toContain('ingress: 8 published, 0 duplicates, 0 rejected');
    expect(stderr.match(/stopped: \d+ received/g)).toHaveLength(2);
  }, 30_000);
});
