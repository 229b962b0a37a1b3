import { fitWindow, slideWindow } from 'rxagent';
import type { AgentMessage, Turn } from 'rxagent';
import { msg } from '../helpers/marbles';

const turn = (id: string, text = id, reply: string | null = id): Turn => ({ message: msg(id, 'c1', text) as AgentMessage, reply: reply === null ? null : { text: reply } });
const ids = (turns: readonly Turn[]) => turns.map((t) => t.message.id);
const tokensOf = (t: Turn) => t.message.text.length + (t.reply?.text.length ?? 0);

describe('slideWindow', () => {
  it('keeps the last maxTurns turns and returns the ones that left, oldest first', () => {
    let window: readonly Turn[] = [];
    const evicted: string[] = [];
    for (const id of ['1', '2', '3', '4', '5']) {
      const slide = slideWindow(window, turn(id), { maxTurns: 3 });
      window = slide.window;
      evicted.push(...ids(slide.evicted));
    }
    expect(ids(window)).toEqual(['3', '4', '5']);
    expect(evicted).toEqual(['1', '2']);
  });

  it('never mutates the window it is given', () => {
    const before = Object.freeze([turn('1'), turn('2')]);
    const { window } = slideWindow(before, turn('3'), { maxTurns: 2 });
    expect(ids(before)).toEqual(['1', '2']);
    expect(ids(window)).toEqual(['2', '3']);
  });

  it('drops the oldest turns until the rest fit the token budget', () => {
    const window = [turn('a', 'xxxx', 'yy'), turn('b', 'xx', 'y'), turn('c', 'x', 'y')]; // 6, 3, 2 tokens
    const slide = slideWindow(window, turn('d', 'xxx', 'y'), { maxTurns: 10, maxTokens: 9, tokensOf }); // 4 more
    expect(ids(slide.window)).toEqual(['b', 'c', 'd']);
    expect(ids(slide.evicted)).toEqual(['a']);
  });

  it('keeps the newest turn even when it alone is over the token budget', () => {
    const slide = slideWindow([turn('a')], turn('huge', 'x'.repeat(100)), { maxTurns: 10, maxTokens: 5, tokensOf });
    expect(ids(slide.window)).toEqual(['huge']);
    expect(ids(slide.evicted)).toEqual(['a']);
  });

  it('applies both windows at once', () => {
    const window = [turn('1'), turn('2'), turn('3')];
    expect(ids(slideWindow(window, turn('4'), { maxTurns: 2, maxTokens: 100, tokensOf }).window)).toEqual(['3', '4']);
    expect(ids(slideWindow(window, turn('4'), { maxTurns: 10, maxTokens: 4, tokensOf }).window)).toEqual(['3', '4']);
  });

  it('fits loaded turns to the same window an in-process memory would hold', () => {
    const all = ['1', '22', '333', '4444', '1'].map((text, i) => turn(String(i), text, ''));
    let window: readonly Turn[] = [];
    for (const t of all) window = slideWindow(window, t, { maxTurns: 4, maxTokens: 8, tokensOf }).window;
    expect(ids(fitWindow(all, { maxTurns: 4, maxTokens: 8, tokensOf }).window)).toEqual(ids(window));
    expect(fitWindow([], { maxTurns: 4 }).window).toEqual([]);
  });
});
