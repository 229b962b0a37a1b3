// The README's marble test, verbatim: if this fails, the README is wrong.
import { map, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { runAgent, type Agent } from 'rxagent';

it('answers in order within a conversation and times out a slow call', () => {
  new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ cold, expectObservable }) => {
    const agent: Agent = (m, { scheduler }) => timer(Number(m.text), scheduler).pipe(map(() => ({ text: `done ${m.id}` })));
    const messages = cold('a-b', { a: { id: '1', conversationId: 'c', text: '10' }, b: { id: '2', conversationId: 'c', text: '500' } });
    const outcomes = messages.pipe(runAgent({ agent, timeoutMs: 100 }), map((o) => (o.type === 'result' ? o.reply?.text : o.type)));
    expectObservable(outcomes).toBe('10ms a 99ms b', { a: 'done 1', b: 'failed' });
  });
});
