// The README's marble test runs as the first example of docs/testing.md (spec/testing/docs-examples.spec.ts):
// this fails if the README's block drifts from the code that runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

it('shows a marble test that runs in CI, verbatim', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Marble-testing an agent'));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  const examples = readFileSync(join(root, 'spec', 'testing', 'docs-examples.spec.ts'), 'utf8');
  expect(block).toBeDefined();
  const body = block!.replace(/^import .*\n/gm, '').trim();
  expect(body).toMatch(/^it\(/);
  expect(examples).toContain(body);
  // Every name the block imports is imported from the same module there.
  for (const [, names, from] of block!.matchAll(/^import \{([^}]*)\} from '([^']+)';$/gm)) {
    const there = new RegExp(`^import \\{([^}]*)\\} from '${from}';$`, 'm').exec(examples)?.[1] ?? '';
    for (const name of names!.split(',').map((n) => n.trim())) expect(there.split(',').map((n) => n.trim())).toContain(name);
  }
});
