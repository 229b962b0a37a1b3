import { Subject, connectable, map, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { AgentMessage } from '../messages/AgentMessage.js';

/** What a marble letter stands for: the message's text, or some of its fields (`text` defaults to the letter). */
export type MessageValue = string | Partial<AgentMessage>;

/** Options of {@link MessageMarbles}. */
export interface MessageMarbleOptions {
  /** The conversation every message belongs to. Default `c`. */
  readonly conversationId?: string;
  /** The error a `#` in the marbles stands for. Default the string `error`, as in rxjs. */
  readonly error?: unknown;
}

/**
 * Builds valid `AgentMessage`s from marbles: `m('a-b|', { a: 'hi', b: 'yo' }, { conversationId: 'x' })`
 * is a cold Observable of two messages; `m.hot(…)` a hot one. A message's `id` is
 * `<conversationId>-<n>` (`x-1`, `x-2`, …) unless its value gives one: numbered per conversation
 * in the order the messages appear in the marbles, and across calls in the order `m` was called.
 */
export interface MessageMarbles {
  (marbles: string, values?: Readonly<Record<string, MessageValue>>, options?: MessageMarbleOptions): Observable<AgentMessage>;
  /** The same messages from a hot Observable (`^` marks where the test subscribes). */
  hot(marbles: string, values?: Readonly<Record<string, MessageValue>>, options?: MessageMarbleOptions): Observable<AgentMessage>;
}

/**
 * The `m` helper of {@link marbleTest}, for a scheduler of your own (call it inside `scheduler.run`).
 *
 * @example
 * ```ts
 * import { createTestScheduler, messageMarbles } from 'rxagent/testing';
 * const scheduler = createTestScheduler();
 * scheduler.run(({ expectObservable }) => {
 *   const m = messageMarbles(scheduler);
 *   expectObservable(m('a|', { a: 'hi' })).toBe('a|', { a: { id: 'c-1', conversationId: 'c', text: 'hi' } });
 * });
 * ```
 */
export function messageMarbles(scheduler: TestScheduler): MessageMarbles {
  const reserved = new Map<string, number>();
  // Ids are reserved when m() is called, from the marbles themselves, so every subscriber (and a
  // second subscription of a cold one) sees the same ids, and two m() calls never share one.
  const messagesOf = (letters$: Observable<string>, marbles: string, values: Readonly<Record<string, MessageValue>>, conversationId: string) => {
    const first = reserved.get(conversationId) ?? 0;
    const emissions = TestScheduler.parseMarbles(marbles, undefined, undefined, false, true).filter((message) => message.notification.kind === 'N').length;
    reserved.set(conversationId, first + emissions);
    return letters$.pipe(
      map((letter, i): AgentMessage => {
        const value = values[letter];
        const fields = typeof value === 'string' ? { text: value } : (value ?? {});
        return { id: `${conversationId}-${first + i + 1}`, conversationId, text: letter, ...fields };
      }),
    );
  };

  const m = ((marbles, values = {}, options = {}) => {
    const { conversationId = 'c', error = 'error' } = options;
    return messagesOf(scheduler.createColdObservable(marbles, undefined, error), marbles, values, conversationId);
  }) as MessageMarbles;
  m.hot = (marbles, values = {}, options = {}) => {
    const { conversationId = 'c', error = 'error' } = options;
    // Connected at once, so messages are numbered as the hot source emits them, whoever listens.
    const hot$ = connectable(messagesOf(scheduler.createHotObservable(marbles, undefined, error), marbles, values, conversationId), { connector: () => new Subject<AgentMessage>(), resetOnDisconnect: false });
    hot$.connect();
    return hot$;
  };
  return m;
}
