// How a row process is started. The rows are bundled once with esbuild (already here as tsx's
// compiler) into one plain ESM file, so a row's peak RSS and speed carry no TypeScript loader;
// without esbuild, rows run through tsx instead.
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

interface Esbuild {
  buildSync(options: Record<string, unknown>): unknown;
}

/** The node arguments that run `row.ts` (the job JSON goes last). */
export function rowScript(rowTs: string): { args: string[] } {
  const out = join(process.cwd(), 'node_modules', '.cache', 'rxagent-bench', 'row.mjs');
  try {
    const esbuild = createRequire(join(process.cwd(), 'package.json'))('esbuild') as Esbuild;
    mkdirSync(join(out, '..'), { recursive: true });
    // rxjs, p-queue and io-ts stay external (one copy, resolved from node_modules); rxagent's source is bundled.
    esbuild.buildSync({ entryPoints: [rowTs], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', tsconfig: join(process.cwd(), 'tsconfig.json'), logLevel: 'error' });
    return { args: ['--expose-gc', out] };
  } catch (error) {
    process.stderr.write(`bench: esbuild unavailable (${(error as Error).message}); rows run through tsx\n`);
    return { args: ['--expose-gc', '--import', 'tsx', rowTs] };
  }
}
