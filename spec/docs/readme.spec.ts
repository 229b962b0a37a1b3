// The README's marble test, verbatim: the check below fails if the README's block and this one drift apart.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AgentRuntime } from 'rxagent';
import { describeEvents, marbleTest, recordingOutput, scriptedAgent } from 'rxagent/testing';

it('replies in order within a conversation, and times out a slow call', async () => {
  const summary = await marbleTest(({ m, start, expectObservable }) => {
    const agent = scriptedAgent({ hi: { reply: 'hello', delayMs: 10 }, essay: { reply: 'done', delayMs: 500 } });
    const output = recordingOutput();
    const runtime = new AgentRuntime({ inputs: [m('a-b-a|', { a: 'hi', b: 'essay' })], outputs: [output], agent, timeoutMs: 100 });

    expectObservable(output.replies$).toBe('10ms a 109ms b', { a: 'hello', b: 'hello' });
    expectObservable(runtime.events$.pipe(describeEvents('failed'))).toBe('110ms x', { x: 'failed c-2: agent timed out after 100 ms' });
    return start(runtime);
  });
  expect(summary).toMatchObject({ received: 3, replied: 2, failed: 1, delivered: 2 });
});

it('is the marble test the README shows', () => {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Marble-testing an agent'));
  const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  const spec = readFileSync(__filename, 'utf8');
  expect(block).toBeDefined();
  for (const line of block!.split('\n').filter((l) => l.trim() !== '')) expect(spec).toContain(line);
});
