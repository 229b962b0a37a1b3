import fc from 'fast-check';
import { MAX_POST_LENGTH, splitThread, truncatePost, weightedLength } from 'rxagent/twitter';

describe('weightedLength (X counts URLs as 23, emoji and CJK as 2)', () => {
  it.each([
    ['hello', 5],
    ['see https://example.com/a/very/long/path/indeed', 4 + 23],
    ['www.example.com and example.org/x.', 23 + 5 + 23 + 1],
    ['日本', 4],
    ['👍', 2],
    ['👨‍👩‍👧‍👦', 2],
    ['🇫🇷', 2],
    ['café', 4],
    ['cafe\u0301', 4],
    ['—“quoted”…', 1 + 1 + 6 + 1 + 2],
    ['', 0],
  ])('%j weighs %i', (text, weight) => {
    expect(weightedLength(text)).toBe(weight);
  });
});

describe('splitThread', () => {
  it('leaves a text that fits as one unnumbered post', () => {
    expect(splitThread('  short and sweet  ')).toEqual(['short and sweet']);
    expect(splitThread('x'.repeat(MAX_POST_LENGTH))).toHaveLength(1);
  });

  it('numbers the parts and breaks between words', () => {
    const parts = splitThread('word '.repeat(180));
    expect(parts).toHaveLength(4);
    expect(parts.map((part) => part.slice(-4))).toEqual([' 1/4', ' 2/4', ' 3/4', ' 4/4']);
    for (const part of parts) expect(part).toMatch(/^word( word)* \d\/4$/);
  });

  it('never cuts a URL, and cuts a word longer than a post between characters', () => {
    const url = `https://example.com/${'p'.repeat(400)}`;
    const parts = splitThread(`${'a'.repeat(600)} ${url}`);
    expect(parts.some((part) => part.includes(url))).toBe(true);
    expect(parts.map((part) => part.replace(/ \d+\/\d+$/, '')).join('').replace(' ', '')).toBe(`${'a'.repeat(600)}${url}`);
  });

  it('keeps every part within the limit and loses no word, for any text and limit', () => {
    const word = fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), fc.constantFrom('https://example.com/path', '日本語', '👍🏽', 'www.x.io'));
    fc.assert(
      fc.property(fc.array(word, { maxLength: 200 }), fc.integer({ min: 40, max: 300 }), (words, maxLength) => {
        const text = words.join(' ');
        const parts = splitThread(text, { maxLength });
        for (const part of parts) expect(weightedLength(part)).toBeLessThanOrEqual(maxLength);
        const numbered = parts.length > 1;
        const bodies = numbered ? parts.map((part, i) => part.slice(0, -` ${i + 1}/${parts.length}`.length)) : parts;
        expect(bodies.join('').replace(/\s+/g, '')).toBe(text.trim().replace(/\s+/g, ''));
      }),
      { numRuns: 200 },
    );
  });
});

describe('truncatePost', () => {
  it('cuts at a word and ends with "…", which X counts as 2', () => {
    const post = truncatePost('blah '.repeat(100));
    expect(post).toMatch(/^(blah )+blah…$/);
    expect(weightedLength(post)).toBeLessThanOrEqual(MAX_POST_LENGTH);
    expect(truncatePost('a'.repeat(300))).toBe(`${'a'.repeat(278)}…`);
    expect(truncatePost('fits')).toBe('fits');
  });
});
