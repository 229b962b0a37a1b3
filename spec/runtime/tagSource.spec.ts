import { tagSource } from '../../src/io/tagSource';

describe('tagSource (how an input item gets its source)', () => {
  it('copies a plain object with the input as source, never mutating the host object', () => {
    const item = { id: '1', conversationId: 'c', text: 'hi', [Symbol.for('trace')]: 7 };
    const tagged = tagSource(item, 'discord') as Record<string | symbol, unknown>;
    expect(Object.keys(tagged)).toEqual(['id', 'conversationId', 'text', 'source']);
    expect(tagged).toMatchObject({ id: '1', conversationId: 'c', text: 'hi', source: 'discord' });
    expect(tagged[Symbol.for('trace')]).toBe(7);
    expect(item).not.toHaveProperty('source');
    expect(tagSource(tagged, 'discord')).toBe(tagged);
    expect(tagSource({ ...item, source: 'spoofed' }, 'discord')).toMatchObject({ source: 'discord' });
  });

  it('keeps a `__proto__` key as data, as a spread would, instead of changing the copy’s prototype', () => {
    const parsed = JSON.parse('{"id":"1","conversationId":"c","text":"hi","__proto__":{"polluted":true}}') as object;
    const tagged = tagSource(parsed, 'x') as Record<string, unknown>;
    expect(Object.getPrototypeOf(tagged)).toBe(Object.prototype);
    expect(tagged.polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(tagged, '__proto__')).toBe(true);
    expect(tagged.source).toBe('x');
  });

  it('leaves anything but a plain object to the codec', () => {
    for (const value of ['text', 42, null, undefined, ['a']]) expect(tagSource(value, 'x')).toBe(value);
  });
});
