import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

describe('examples/inspect.ts', () => {
  it('serves the inspector, logs JSON lines without the secret, and stops cleanly', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'examples/inspect.ts'], { cwd: root, env: { ...process.env, INSPECT_PORT: '0', EXAMPLE_SECONDS: '1.5', MODEL_API_KEY: 'sk-test-secret-key-abcdef123456' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(stdout).toMatch(/^inspector: http:\/\/127\.0\.0\.1:\d+\/$/m);
    expect(stdout).toMatch(/^stopped: \d+ received/m);
    const lines = stderr.trim().split('\n').map((line) => JSON.parse(line) as { event: string });
    expect(lines.some((line) => line.event === 'replied')).toBe(true);
    expect(stderr).not.toContain('sk-test-secret-key-abcdef123456');
  });
});
