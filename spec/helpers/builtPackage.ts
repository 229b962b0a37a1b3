import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The project root, where `dist/` is built. */
export const root = join(__dirname, '..', '..');

/** Runs node in the project root (so `rxagent` resolves to the built package) and returns its trimmed output. */
export function node(args: string[]): string {
  return execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' }).trim();
}

/** Fails the suite early, with how to fix it, when `file` (relative to the root) was not built. */
export function requireBuilt(file: string): void {
  beforeAll(() => {
    if (!existsSync(join(root, file))) throw new Error('dist/ is missing: run `npm run build` first (npm test does it in pretest)');
  });
}
