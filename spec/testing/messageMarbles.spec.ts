import { merge, toArray } from 'rxjs';
import { AgentMessage, AgentRuntime } from 'rxagent';
import { createTestScheduler, describeEvents, marbleTest, messageMarbles, scriptedAgent } from 'rxagent/testing';

describe('m (messages from marbles)', () => {
  it('builds valid AgentMessages, numbered per conversation in marble order, and across calls in call order', () => {
    marbleTest(({ m, expectObservable }) => {
      const messages = merge(m('a-b|', { a: 'hi', b: 'yo' }, { conversationId: 'x' }), m('-a|', { a: 'hey' }));
      expectObservable(messages).toBe('abc|', {
        a: { id: 'x-1', conversationId: 'x', text: 'hi' },
        b: { id: 'c-1', conversationId: 'c', text: 'hey' },
        c: { id: 'x-2', conversationId: 'x', text: 'yo' },
      });
      expectObservable(m('a|', { a: 'again' }, { conversationId: 'x' })).toBe('a|', { a: { id: 'x-3', conversationId: 'x', text: 'again' } });
    });
  });

  it('makes every message pass the AgentMessage codec', () => {
    marbleTest(({ m, expectObservable }) => {
      const messages = m('abc|', { a: 'text', b: { text: 'with author', author: { id: 'u1', name: 'Ada' } } });
      expectObservable(messages.pipe(toArray())).toBe('---(a|)', {
        a: [
          { id: 'c-1', conversationId: 'c', text: 'text' },
          { id: 'c-2', conversationId: 'c', text: 'with author', author: { id: 'u1', name: 'Ada' } },
          { id: 'c-3', conversationId: 'c', text: 'c' },
        ],
      });
      // A second subscriber of the cold messages sees the same ids.
      messages.pipe(toArray()).subscribe((all) => expect(all.map((message) => [message.id, AgentMessage.is(message)])).toEqual([['c-1', true], ['c-2', true], ['c-3', true]]));
    });
  });

  it('lets a value choose its own id and fields', () => {
    marbleTest(({ m, expectObservable }) => {
      expectObservable(m('a|', { a: { id: 'tweet-42', text: 'hi', source: 'x', timestamp: 5 } })).toBe('a|', {
        a: { id: 'tweet-42', conversationId: 'c', text: 'hi', source: 'x', timestamp: 5 },
      });
    });
  });

  it('builds hot messages: a late subscriber sees only what comes after it subscribed, with the same ids', () => {
    // Numbered in marble order: 'early' (before the subscription point ^) is c-1 though nobody saw it.
    marbleTest(({ m, expectObservable }) => {
      const messages = m.hot('a-^-b-c|', { a: 'early', b: 'on time', c: 'late' });
      expectObservable(messages).toBe('--b-c|', { b: { id: 'c-2', conversationId: 'c', text: 'on time' }, c: { id: 'c-3', conversationId: 'c', text: 'late' } });
      expectObservable(messages, '----^').toBe('----c|', { c: { id: 'c-3', conversationId: 'c', text: 'late' } });
    });
  });

  it('errors where the marbles say #, which a runtime reports as inputFailed and keeps running', async () => {
    const summary = await marbleTest(({ m, start, expectObservable }) => {
      const runtime = new AgentRuntime({ inputs: [{ name: 'chat', messages$: m('a-#', { a: 'hi' }, { error: new Error('socket closed') }) }, m('----b|', { b: 'hi' })], agent: scriptedAgent({ hi: 'hello' }) });
      expectObservable(runtime.events$.pipe(describeEvents('replied', 'inputFailed'))).toBe('a-b-c', { a: 'replied c-1: hello', b: 'inputFailed chat: socket closed', c: 'replied c-2: hello' });
      return start(runtime);
    });
    expect(summary).toMatchObject({ received: 2, replied: 2, inputsFailed: 1 });
  });

  it('works with a scheduler of your own inside its run()', () => {
    const scheduler = createTestScheduler();
    scheduler.run(({ expectObservable }) => {
      const m = messageMarbles(scheduler);
      expectObservable(m('a|', { a: 'hi' })).toBe('a|', { a: { id: 'c-1', conversationId: 'c', text: 'hi' } });
    });
  });
});
