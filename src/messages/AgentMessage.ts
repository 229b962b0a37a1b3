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

const AgentMessageCodec = t.intersection(
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
type AgentMessageShape = t.TypeOf<typeof AgentMessageCodec>;

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
export const AgentMessage: t.Type<AgentMessageShape, AgentMessageShape, unknown> = new t.Type(
  'AgentMessage',
  AgentMessageCodec.is,
  // Valid messages (nearly all of them) take a direct check; the full io-ts decoder runs only to
  // report what is wrong. spec/messages proves both agree on arbitrary input.
  (u, c) => (isAgentMessage(u) ? t.success(u) : AgentMessageCodec.validate(u, [...c.slice(0, -1), { ...c[c.length - 1], type: AgentMessageCodec }])),
  t.identity,
);
/** The message every input produces and every agent receives. */
export type AgentMessage = AgentMessageShape;

/** Exactly `AgentMessage.is`, written out for speed. @internal */
export function isAgentMessage(u: unknown): u is AgentMessageShape {
  if (u === null || typeof u !== 'object') return false;
  const m = u as Record<string, unknown>;
  // The required fields are read before the record check: their loads check the object's shape,
  // which lets V8 answer the prototype check from that shape instead of a runtime call.
  const { id, conversationId, text } = m;
  if (!isRecord(u) || !isNonEmpty(id) || !isNonEmpty(conversationId) || typeof text !== 'string') return false;
  if (m.source !== undefined && typeof m.source !== 'string') return false;
  if (m.timestamp !== undefined && typeof m.timestamp !== 'number') return false;
  if (m.replyTo !== undefined && typeof m.replyTo !== 'string') return false;
  if (m.metadata !== undefined && !isRecord(m.metadata)) return false;
  const author = m.author;
  if (author === undefined) return true;
  if (!isRecord(author)) return false;
  const a = author as Record<string, unknown>;
  return isNonEmpty(a.id) && (a.name === undefined || typeof a.name === 'string') && (a.isBot === undefined || typeof a.isBot === 'boolean');
}

function isRecord(u: unknown): boolean {
  if (u === null || typeof u !== 'object') return false;
  // A plain object without a toStringTag is '[object Object]' for sure; anything else asks toString, as io-ts does.
  if (Object.getPrototypeOf(u) === Object.prototype && !(Symbol.toStringTag in u)) return true;
  return Object.prototype.toString.call(u) === '[object Object]';
}

function isNonEmpty(u: unknown): boolean {
  return typeof u === 'string' && u.length > 0;
}

/** Any io-ts decoder whose output is at least an {@link AgentMessage}: the `codec` option. */
export type MessageCodec<M extends AgentMessage = AgentMessage> = t.Decoder<unknown, M>;
