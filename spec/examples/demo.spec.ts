import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

function startDemo() {
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/demo.ts'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, exited, output: () => stdout, errors: () => stderr };
}

describe('the default demo (npm start)', () => {
  it('answers piped lines from memory, quoting each, and exits 0 when the input ends', async () => {
    const demo = startDemo();
    demo.child.stdin.end('hello there\nmy name is Ada\nwhat is my name?\nhello there\n');
    const [code] = await demo.exited;
    expect(code).toBe(0);
    expect(demo.output()).toBe(
      [
        '[stdin] > hello there',
        'Heard you (2 words). Tell me your name, or ask "what did I say?"',
        '[stdin] > my name is Ada',
        'Nice to meet you, Ada. I will remember that.',
        '[stdin] > what is my name?',
        'Your name is Ada.',
        '[stdin] > hello there',
        'You already said that 3 turns ago.',
        '',
      ].join('\n'),
    );
    expect(demo.errors()).toContain('stopped: 4 received, 4 replied, 0 rejected, 0 failed');
  });

  it('stops cleanly with exit code 0 on SIGTERM while its input is still open', async () => {
    const demo = startDemo();
    demo.child.stdin.write('ping\n');
    while (!demo.output().includes('Heard you')) await once(demo.child.stdout, 'data');
    demo.child.kill('SIGTERM');
    const [code, signal] = await demo.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });
    expect(demo.errors()).toContain('stopped: 1 received, 1 replied');
  });
});
