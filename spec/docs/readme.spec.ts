// The README's marble test runs as the first example of docs/testing.md (spec/testing/docs-examples.spec.ts):
// this fails if the README's block drifts from the code that runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importsOf, tsBlocks } from '../helpers/docExamples';

const root = join(__dirname, '..', '..');

it('shows a marble test that runs in CI, verbatim', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const [block] = tsBlocks(readme.slice(readme.indexOf('## Marble-testing an agent')));
  const examples = readFileSync(join(root, 'spec', 'testing', 'docs-examples.spec.ts'), 'utf8');
  expect(block).toBeDefined();
  const body = block!.replace(/^import .*\n/gm, '').trim();
  expect(body).toMatch(/^it\(/);
  expect(examples).toContain(body);
  const available = new Set(importsOf(examples));
  expect(importsOf(block!).filter((name) => !available.has(name))).toEqual([]);
});
