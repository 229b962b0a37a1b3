// Kept for `npm run bench` scripts that still call `node bench/run.mjs`: runs bench/run.ts with tsx.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const run = fileURLToPath(new URL('./run.ts', import.meta.url));
const { status } = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', run], { stdio: 'inherit' });
process.exit(status ?? 1);
