// A guide whose examples run as tests: every ```ts block in `docs/<guide>` must appear, verbatim, in
// the spec that runs them, and import only what that spec imports.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** The ```ts blocks of a markdown text, in order. */
export function tsBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

/** `import { a, type B } from 'x'` → ['x:a', 'x:B']. */
export function importsOf(code: string): string[] {
  return [...code.matchAll(/^import \{([^}]*)\} from '([^']+)';$/gm)].flatMap(([, names, from]) =>
    names!.split(',').map((name) => `${from}:${name.trim().replace(/^type /, '')}`).filter((name) => !name.endsWith(':')),
  );
}

/** Checks that each example of `docs/<guide>` (at least `minimum`) runs in the spec file `examplesSpec`. */
export function describeGuideExamples(guide: string, examplesSpec: string, minimum: number): void {
  const blocks = tsBlocks(readFileSync(join(root, 'docs', guide), 'utf8'));
  const examples = readFileSync(examplesSpec, 'utf8');
  describe(`docs/${guide}`, () => {
    it('has examples', () => {
      expect(blocks.length).toBeGreaterThanOrEqual(minimum);
    });

    it.each(blocks.map((code, i) => [i + 1, code] as const))('example %i runs as a test', (_n, code) => {
      const body = code.replace(/^import .*\n/gm, '').trim();
      expect(body).toMatch(/^it\(/);
      expect(examples).toContain(body);
      const available = new Set(importsOf(examples));
      expect(importsOf(code).filter((name) => !available.has(name))).toEqual([]);
    });
  });
}
