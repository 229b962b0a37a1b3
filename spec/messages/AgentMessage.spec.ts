import fc from 'fast-check';
import { AgentMessage, decodeMessage } from 'rxagent';
import { isAgentMessage } from '../../src/messages/AgentMessage';

describe('AgentMessage', () => {
  it('decodes a message with the required fields and keeps the optional ones', () => {
    const value = { id: '1', conversationId: 'c', text: 'hi', author: { id: 'u', name: 'Ann', isBot: false }, timestamp: 5, metadata: { a: 1 } };
    expect(decodeMessage(AgentMessage, value)).toEqual({ ok: true, message: value });
  });

  it('reports each problem on its own line with the path of the field', () => {
    const result = decodeMessage(AgentMessage, { id: '', text: 3, author: { name: 'x' }, timestamp: 'now' });
    expect(result.ok).toBe(false);
    expect((result as { detail: string }).detail.split('\n')).toEqual([
      'id: expected NonEmptyString, got ""',
      'conversationId: expected NonEmptyString, got undefined',
      'text: expected string, got 3',
      'author.id: expected NonEmptyString, got undefined',
      'timestamp: expected number, got "now"',
    ]);
  });

  it('names the codec when the item is not an object at all', () => {
    expect(decodeMessage(AgentMessage, 'hello')).toEqual({ ok: false, detail: 'message: expected AgentMessage, got "hello"' });
    expect(decodeMessage(AgentMessage, null)).toEqual({ ok: false, detail: 'message: expected AgentMessage, got null' });
  });

  it('reports nested paths inside a richer codec built on AgentMessage', async () => {
    const t = await import('io-ts');
    const Rich = t.intersection([AgentMessage, t.type({ channel: t.type({ id: t.string }) })]);
    const result = decodeMessage(Rich, { id: '1', conversationId: 'c', text: 'x', channel: {} });
    expect(result).toEqual({ ok: false, detail: 'channel.id: expected string, got undefined' });
  });

  it('takes the fast path exactly when the full io-ts codec accepts', () => {
    const field = fc.oneof(fc.string(), fc.constant(''), fc.integer(), fc.boolean(), fc.constant(undefined), fc.constant(null), fc.object(), fc.array(fc.string()));
    const candidate = fc.record(
      {
        id: field,
        conversationId: field,
        text: field,
        source: field,
        timestamp: field,
        replyTo: field,
        metadata: field,
        author: fc.oneof(field, fc.record({ id: field, name: field, isBot: field }, { requiredKeys: [] })),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(candidate, field), (value) => {
        expect(isAgentMessage(value)).toBe(AgentMessage.is(value));
        expect(AgentMessage.decode(value)._tag === 'Right').toBe(AgentMessage.is(value));
      }),
      { numRuns: 2000 },
    );
  });
});
