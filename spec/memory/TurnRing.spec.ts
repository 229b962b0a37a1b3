import { slideWindow } from 'rxagent';
import type { AgentMessage, Turn, WindowLimits } from 'rxagent';
import { TurnRing } from '../../src/memory/TurnRing';
import { msg } from '../helpers/marbles';

const turn = (id: string, text: string): Turn => ({ message: msg(id, 'c1', text) as AgentMessage, reply: { text: '' } });
const ids = (turns: readonly Turn[]) => turns.map((t) => t.message.id);
const tokensOf = (t: Turn) => t.message.text.length;

/** A small deterministic generator (no flaky seeds). */
function lengths(seed: number, count: number): number[] {
  const out: number[] = [];
  let x = seed;
  for (let i = 0; i < count; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out.push(1 + (x % 9));
  }
  return out;
}

describe('TurnRing', () => {
  const cases: [string, WindowLimits<AgentMessage>][] = [
    ['maxTurns 1', { maxTurns: 1 }],
    ['maxTurns 4', { maxTurns: 4 }],
    ['maxTurns 5 and maxTokens 12', { maxTurns: 5, maxTokens: 12, tokensOf }],
    ['maxTokens 7 with room for 100 turns', { maxTurns: 100, maxTokens: 7, tokensOf }],
  ];
  it.each(cases)('keeps and evicts the same turns as slideWindow (%s), across many wraps', (_name, limits) => {
    const ring = new TurnRing(limits);
    let window: readonly Turn[] = [];
    lengths(7, 300).forEach((length, i) => {
      const next = turn(String(i), 'x'.repeat(length));
      const slide = slideWindow(window, next, limits);
      const evicted = ring.add(next, true);
      window = slide.window;
      expect(ids(evicted)).toEqual(ids(slide.evicted));
      expect(ids(ring.toArray())).toEqual(ids(window));
      expect(ring.length).toBe(window.length);
    });
  });

  it('returns no evicted turns when not asked for them, and copies that later turns do not change', () => {
    const ring = new TurnRing<AgentMessage>({ maxTurns: 2 });
    ring.add(turn('a', 'a'), false);
    ring.add(turn('b', 'b'), false);
    const before = ring.toArray();
    expect(ring.add(turn('c', 'c'), false)).toEqual([]);
    expect(ids(before)).toEqual(['a', 'b']);
    expect(ids(ring.toArray())).toEqual(['b', 'c']);
  });
});
