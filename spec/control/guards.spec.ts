import { NEVER, Subject } from 'rxjs';
import { AgentRuntime, ConfigError, runAgent, type AgentMessage, type AgentOutcome } from 'rxagent';
import { describeEvents, marbleTest, scriptedAgent } from 'rxagent/testing';
import { testScheduler } from '../helpers/marbles';

const agent = () => ({ text: 'ok' });

/** Feeds messages at the given virtual times through runAgent with `guards`; returns each outcome as `id reason|replied`. */
function outcomesOf(guards: ConstructorParameters<typeof AgentRuntime>[0]['guards'], timeline: readonly [number, AgentMessage][]): string[] {
  const outcomes: string[] = [];
  const scheduler = testScheduler();
  scheduler.run(() => {
    const subject = new Subject<AgentMessage>();
    subject.pipe(runAgent({ agent, guards })).subscribe((outcome: AgentOutcome) => outcomes.push(outcome.type === 'rejected' ? `${outcome.message?.id} ${outcome.reason}` : `${outcome.message.id} replied`));
    for (const [at, message] of timeline) scheduler.schedule(() => subject.next(message), at);
  });
  return outcomes;
}

const bot = (id: string, author: string, conversationId = 'room'): AgentMessage => ({ id, conversationId, text: 'hi', author: { id: author, isBot: true } });
const human = (id: string, conversationId = 'room'): AgentMessage => ({ id, conversationId, text: 'hi', author: { id: 'human' } });

describe('guards', () => {
  it('forgets a message id once the dedup window has passed', () => {
    const message = { id: 'm1', conversationId: 'c', text: 'hi', source: 'webhook' };
    expect(outcomesOf({ dedupWindowMs: 100 }, [[0, message], [99, message], [100, message]])).toEqual(['m1 replied', 'm1 duplicate', 'm1 replied']);
  });

  it('tells the same id from different inputs apart', () => {
    expect(outcomesOf({ dedupWindowMs: 100 }, [[0, { id: 'm1', conversationId: 'c', text: 'a', source: 'x' }], [1, { id: 'm1', conversationId: 'c', text: 'a', source: 'discord' }]])).toEqual(['m1 replied', 'm1 replied']);
  });

  it('lets a bot exchange go on for maxBotTurns, resets on a human message or a quiet gap', () => {
    const outcomes = outcomesOf({ pingPong: { maxBotTurns: 2, windowMs: 1000 } }, [
      [0, bot('b1', 'other')],
      [10, bot('b2', 'other')],
      [20, bot('b3', 'other')],
      [30, human('h1')],
      [40, bot('b4', 'other')],
      [2000, bot('b5', 'other')],
      [2010, bot('b6', 'other', 'elsewhere')],
    ]);
    expect(outcomes).toEqual(['b1 replied', 'b2 replied', 'b3 loop', 'h1 replied', 'b4 replied', 'b5 replied', 'b6 replied']);
  });

  it('caps runs per conversation in a window, and opens again after it', () => {
    const m = (id: string, conversationId = 'c') => ({ id, conversationId, text: 'hi' });
    expect(outcomesOf({ replyCap: { max: 2, windowMs: 100 } }, [[0, m('1')], [1, m('2')], [2, m('3')], [3, m('4', 'other')], [100, m('5')]])).toEqual(['1 replied', '2 replied', '3 capped', '4 replied', '5 replied']);
  });

  it('says why in the rejection detail', async () => {
    await marbleTest(({ m, start, expectObservable }) => {
      const runtime = new AgentRuntime({ inputs: [m('a|', { a: { author: { id: 'me' } } })], agent: scriptedAgent({}), guards: { selfAuthorIds: ['me'] } });
      const details: string[] = [];
      runtime.events$.subscribe((event) => event.type === 'rejected' && details.push(event.detail));
      expectObservable(runtime.events$.pipe(describeEvents('rejected'))).toBe('x', { x: 'rejected c-1 (self)' });
      return start(runtime).then((summary) => {
        expect(details).toEqual(['the author me is this runtime itself (guards.selfAuthorIds)']);
        return summary;
      });
    });
  });

  it('keeps its memory bounded by maxEntries', () => {
    const timeline = Array.from({ length: 5 }, (_, n): [number, AgentMessage] => [n, { id: `m${n}`, conversationId: 'c', text: 'hi' }]);
    // With room for 2 ids, m0 is forgotten by the time it comes again.
    expect(outcomesOf({ dedupWindowMs: 10_000, maxEntries: 2 }, [...timeline, [10, { id: 'm0', conversationId: 'c', text: 'hi' }], [11, { id: 'm4', conversationId: 'c', text: 'hi' }]]).slice(-2)).toEqual(['m0 replied', 'm4 duplicate']);
  });

  it('rejects misconfiguration at construction, naming the fix', () => {
    const build = (guards: unknown) => () => new AgentRuntime({ inputs: [NEVER], agent, guards: guards as never });
    expect(build({ dedupWindowMs: 0 })).toThrow(ConfigError);
    expect(build({ dedupWindowMs: 0 })).toThrow('guards.dedupWindowMs: must be a positive, finite number of milliseconds (got 0)');
    expect(build({ selfAuthorIds: 'me' })).toThrow('guards.selfAuthorIds: must be an array of author ids');
    expect(build({ replyCap: { max: 0, windowMs: 10 } })).toThrow('guards.replyCap.max: must be a whole number, 1 or more (got 0)');
    expect(build({ pingPong: { maxBotTurns: 3 } })).toThrow('guards.pingPong.windowMs');
    expect(build('strict')).toThrow('guards: must be an object');
  });
});
