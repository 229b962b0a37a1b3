import fc from 'fast-check';
import { AgentRuntime } from 'rxagent';
import { MAX_MESSAGE_LENGTH, splitMessage } from 'rxagent/discord';
import { discordTest, drainTimeoutMs, nextEvents } from './discordTest';

const discord = discordTest();

describe('splitMessage', () => {
  it('keeps a short text whole and drops a blank one', () => {
    expect(splitMessage('hello')).toEqual(['hello']);
    expect(splitMessage('x'.repeat(MAX_MESSAGE_LENGTH))).toHaveLength(1);
    expect(splitMessage('  \n ')).toEqual([]);
  });

  it('breaks at the last line break in the window, then at a space', () => {
    const lines = ['a'.repeat(12), 'b'.repeat(5), 'c'.repeat(8)].join('\n');
    expect(splitMessage(lines, 20)).toEqual(['a'.repeat(12) + '\n' + 'b'.repeat(5), 'c'.repeat(8)]);
    expect(splitMessage('one two three four five six', 10)).toEqual(['one two', 'three four', 'five six']);
  });

  it('cuts a word longer than the limit without splitting a surrogate pair', () => {
    expect(splitMessage('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    const emoji = 'a'.repeat(9) + '😀' + 'b';
    expect(splitMessage(emoji, 10)).toEqual(['a'.repeat(9), '😀b']);
  });

  it('never exceeds the limit and loses no word, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,30}$/), { maxLength: 200 }), fc.constantFrom(' ', '\n'), fc.integer({ min: 30, max: 120 }), (words, separator, max) => {
        const parts = splitMessage(words.join(separator), max);
        expect(parts.every((part) => part.length <= max && part.trim() !== '')).toBe(true);
        expect(parts.join(' ').split(/\s+/).filter((w) => w !== '')).toEqual(words);
      }),
    );
  });
});

describe('DiscordClient long replies', () => {
  it('delivers a 4,500-character reply as three ordered messages, the first one threaded', async () => {
    const fake = await discord.start();
    const client = discord.client();
    const paragraphs = Array.from({ length: 9 }, (_, i) => `${i}`.repeat(499)); // 9 × 499 + 8 line breaks = 4,499
    const text = paragraphs.join('\n');
    const runtime = new AgentRuntime({ inputs: [client], outputs: [client], agent: () => ({ text }), drainTimeoutMs });
    await discord.run(runtime, client);
    const delivered = nextEvents(runtime.events$, 'delivered');

    const id = fake.sendMessage({ channelId: '200', content: 'tell me everything', mentionBot: true });
    await delivered;

    const posts = fake.postsIn('200');
    expect(posts).toHaveLength(3);
    expect(posts.map((post) => post.content.length)).toEqual([1999, 1999, 499]);
    expect(posts.map((post) => post.content).join('\n')).toBe(text);
    expect(posts.map((post) => post.replyTo)).toEqual([id, undefined, undefined]);
  });
});
