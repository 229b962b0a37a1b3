import { PassThrough } from 'node:stream';
import { firstValueFrom, toArray } from 'rxjs';
import { AgentRuntime, ShortTermMemory, consoleOutput, formatResult, stdinInput } from 'rxagent';

describe('stdinInput', () => {
  it('turns each non-empty line into a message and completes when the stream ends', async () => {
    const stream = new PassThrough();
    const input = stdinInput({ stream, now: () => 42 });
    const all = firstValueFrom(input.messages$.pipe(toArray()));
    stream.end('hello\n\n  \nsecond line\nlast');
    expect(await all).toEqual([
      { id: 'stdin-1', conversationId: 'stdin', text: 'hello', source: 'stdin', timestamp: 42, author: { id: 'stdin', name: 'you' } },
      { id: 'stdin-2', conversationId: 'stdin', text: 'second line', source: 'stdin', timestamp: 42, author: { id: 'stdin', name: 'you' } },
      { id: 'stdin-3', conversationId: 'stdin', text: 'last', source: 'stdin', timestamp: 42, author: { id: 'stdin', name: 'you' } },
    ]);
  });

  it('stops reading when unsubscribed', () => {
    const stream = new PassThrough();
    const seen: string[] = [];
    const subscription = stdinInput({ stream }).messages$.subscribe((m) => seen.push(m.text));
    subscription.unsubscribe();
    stream.write('ignored\n');
    expect(seen).toEqual([]);
    expect(stream.isPaused()).toBe(true);
  });
});

describe('consoleOutput', () => {
  it('writes each reply quoting the message it answers', async () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    const runtime = new AgentRuntime({
      inputs: [stdinInput({ stream })],
      outputs: [consoleOutput({ write: (text) => lines.push(text) })],
      agent: (m, { memory }) => ({ text: `(${memory.length}) ${m.text.toUpperCase()}` }),
      shortTermMemory: new ShortTermMemory({ maxTurns: 3 }),
    });
    const run = runtime.run();
    stream.end('hi\nthere\n');
    await run;
    expect(lines).toEqual(['[stdin] > hi\n(0) HI\n', '[stdin] > there\n(1) THERE\n']);
  });

  it('quotes every line of a multi-line message', () => {
    const text = formatResult({ message: { id: '1', conversationId: 'c', text: 'a\nb', source: 's' }, reply: { text: 'ok' }, attempts: 1, startedAt: 0, finishedAt: 0 });
    expect(text).toBe('[s] > a\n> b\nok\n');
  });
});
