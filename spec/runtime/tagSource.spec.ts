import { ConversationIds } from '../../src/io/ConversationIds';
import { tagSource } from '../../src/io/tagSource';

describe('tagSource (how an input item gets its source)', () => {
  it('copies a plain object with the input as source, never mutating the host object', () => {
    for (const item of [{ id: '1', conversationId: 'c', text: 'hi' }, { id: '1', conversationId: 'c', text: 'hi', author: { id: 'u' }, timestamp: 5 }]) {
      const tagged = tagSource(item, 'discord') as Record<string, unknown>;
      expect(Object.keys(tagged)).toEqual([...Object.keys(item), 'source']);
      expect(tagged).toStrictEqual({ ...item, source: 'discord' });
      expect(Object.getPrototypeOf(tagged)).toBe(Object.prototype);
      expect(tagged.constructor).toBe(Object);
      expect(item).not.toHaveProperty('source');
      expect(tagSource(tagged, 'discord')).toBe(tagged);
      expect(tagSource({ ...item, source: 'spoofed' }, 'discord')).toMatchObject({ source: 'discord' });
    }
  });

  it('carries string-keyed properties only, as JSON would, whatever the shape', () => {
    const trace = Symbol.for('trace');
    for (const item of [{ id: '1', conversationId: 'c', text: 'hi', [trace]: 7 }, { id: '1', conversationId: 'c', text: 'hi', replyTo: '0', [trace]: 7 }]) {
      const tagged = tagSource(item, 'x') as Record<string | symbol, unknown>;
      expect(tagged[trace]).toBeUndefined();
      expect(Object.getOwnPropertySymbols(tagged)).toEqual([]);
    }
  });

  it('copies the required fields in any order and keeps that order', () => {
    const tagged = tagSource({ text: 'hi', conversationId: 'c', id: '1' }, 'x');
    expect(Object.keys(tagged as object)).toEqual(['text', 'conversationId', 'id', 'source']);
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

describe('ConversationIds (one string per conversation id for the copies tagSource makes)', () => {
  it('keeps every copy’s conversationId, on both the literal and the key-loop path, and leaves non-strings to the codec', () => {
    const ids = new ConversationIds();
    const simple = tagSource({ id: '1', conversationId: `c${1}`, text: 'hi' }, 'x', ids) as Record<string, unknown>;
    const rich = tagSource({ id: '2', conversationId: `c${1}`, text: 'hi', replyTo: '1' }, 'x', ids) as Record<string, unknown>;
    const invalid = tagSource({ id: '3', conversationId: 7, text: 'hi' }, 'x', ids) as Record<string, unknown>;
    expect([simple.conversationId, rich.conversationId, invalid.conversationId]).toEqual(['c1', 'c1', 7]);
    expect(Object.keys(rich)).toEqual(['id', 'conversationId', 'text', 'replyTo', 'source']);
    expect(ids.size).toBe(1);
  });

  it('holds at most max ids, starting over past that', () => {
    const ids = new ConversationIds(100);
    for (let i = 0; i < 1000; i++) expect(ids.canonical(`c${i}`)).toBe(`c${i}`);
    expect(ids.size).toBeLessThanOrEqual(100);
    expect(ids.size).toBeGreaterThan(0);
  });
});
