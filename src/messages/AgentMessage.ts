import * as t from 'io-ts';

/** A string with at least one character: ids and conversation ids must say something. */
export const NonEmptyString = new t.Type<string, string, unknown>(
  'NonEmptyString',
  (u): u is string => typeof u === 'string' && u.length > 0,
  (u, c) => (typeof u === 'string' && u.length > 0 ? t.success(u) : t.failure(u, c)),
  t.identity,
);

/** Who wrote a message. `isBot` lets loop guards and clients ignore other bots. */
export const AgentAuthor = t.intersection(
  [t.type({ id: NonEmptyString }), t.partial({ name: t.string, isBot: t.boolean })],
  'AgentAuthor',
);
/** Who wrote a message. */
export type AgentAuthor = t.TypeOf<typeof AgentAuthor>;

/**
 * The message every input produces and every agent receives: the io-ts codec and the type share
 * one name. Required: `id`, `conversationId`, `text`. Optional: `source` (set by the runtime to the
 * input's name), `author`, `timestamp` (epoch ms), `replyTo`, `metadata`.
 *
 * @example
 * ```ts
 * import { AgentMessage } from 'rxagent';
 * import { isRight } from 'fp-ts/Either';
 * const decoded = AgentMessage.decode({ id: '1', conversationId: 'c', text: 'hi' });
 * isRight(decoded); // true
 * ```
 */
export const AgentMessage = t.intersection(
  [
    t.type({ id: NonEmptyString, conversationId: NonEmptyString, text: t.string }),
    t.partial({
      source: t.string,
      author: AgentAuthor,
      timestamp: t.number,
      replyTo: t.string,
      metadata: t.UnknownRecord,
    }),
  ],
  'AgentMessage',
);
/** The message every input produces and every agent receives. */
export type AgentMessage = t.TypeOf<typeof AgentMessage>;

/** Any io-ts decoder whose output is at least an {@link AgentMessage}: the `codec` option. */
export type MessageCodec<M extends AgentMessage = AgentMessage> = t.Decoder<unknown, M>;
