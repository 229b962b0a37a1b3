// docs/conversation-control.md runs as tests: every ```ts block in it must appear, verbatim, in
// docs-examples.spec.ts (which runs them), and import only what that spec imports.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const guide = readFileSync(join(root, 'docs', 'conversation-control.md'), 'utf8');
const examples = readFileSync(join(__dirname, 'docs-examples.spec.ts'), 'utf8');
const blocks = [...guide.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);

/** `import { a, type B } from 'x'` → ['x:a', 'x:B']. */
function importsOf(code: string): string[] {
  return [...code.matchAll(/^import \{([^}]*)\} from '([^']+)';$/gm)].flatMap(([, names, from]) =>
    names!.split(',').map((name) => `${from}:${name.trim().replace(/^type /, '')}`).filter((name) => !name.endsWith(':')),
  );
}

describe('docs/conversation-control.md', () => {
  it('has examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
  });

  it.each(blocks.map((code, i) => [i + 1, code] as const))('example %i runs as a test in docs-examples.spec.ts', (_n, code) => {
    const body = code.replace(/^import .*\n/gm, '').trim();
    expect(body).toMatch(/^it\(/);
    expect(examples).toContain(body);
    const available = new Set(importsOf(examples));
    expect(importsOf(code).filter((name) => !available.has(name))).toEqual([]);
  });
});
