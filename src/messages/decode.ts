import type * as t from 'io-ts';
import type { AgentMessage, MessageCodec } from './AgentMessage.js';

/** The result of {@link decodeMessage}: a message, or the readable lines saying what was wrong. */
export type Decoded<M> = { readonly ok: true; readonly message: M } | { readonly ok: false; readonly detail: string };

/**
 * Decodes one input item. On failure, `detail` holds one line per problem, each naming the path of
 * the offending field, what was expected and what was given, e.g.
 * `conversationId: expected NonEmptyString, got undefined`.
 */
export function decodeMessage<M extends AgentMessage>(codec: MessageCodec<M>, value: unknown): Decoded<M> {
  const result = codec.decode(value);
  if (result._tag === 'Right') return { ok: true, message: result.right };
  return { ok: false, detail: formatValidationErrors(result.left).join('\n') };
}

/**
 * Turns io-ts errors into readable lines: the dotted path without io-ts' intersection and union
 * indexes, the expected type, and a short rendering of the actual value.
 */
export function formatValidationErrors(errors: t.Errors): string[] {
  const lines = new Set<string>();
  for (const error of errors) {
    const context = error.context;
    const path = context
      .slice(1)
      .filter((entry, i) => !isCombinatorIndex(context[i].type, entry.key))
      .map((entry) => entry.key)
      .join('.');
    // At the root, name the codec itself rather than one member of its intersection.
    const expected = path === '' ? context[0]?.type.name ?? 'message' : context[context.length - 1].type.name;
    const where = path === '' ? 'message' : path;
    lines.add(error.message ?? `${where}: expected ${expected}, got ${describe(error.value)}`);
  }
  return [...lines];
}

function isCombinatorIndex(parent: t.Decoder<unknown, unknown>, key: string): boolean {
  const tag = (parent as { _tag?: string })._tag;
  return (tag === 'IntersectionType' || tag === 'UnionType') && /^\d+$/.test(key);
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}
