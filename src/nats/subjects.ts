/**
 * FNV-1a, 32 bits, over the UTF-8 bytes of `text`: a stable hash, the same in every process and
 * every version, so a conversation always lands in the same partition.
 *
 * @example
 * ```ts
 * import { fnv1a32 } from 'rxagent/nats';
 * fnv1a32('a'); // 0xe40c292c
 * ```
 */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * The partition of a conversation: `fnv1a32(conversationId) % partitions`.
 *
 * @example
 * ```ts
 * import { partitionOf } from 'rxagent/nats';
 * const p = partitionOf('discord:1234', 32); // 0 … 31, always the same for this conversation
 * ```
 */
export function partitionOf(conversationId: string, partitions: number): number {
  return fnv1a32(conversationId) % partitions;
}

const SAFE = /[A-Za-z0-9_-]/;

/**
 * A key as one NATS subject token (and a valid JetStream consumer name): letters, digits, `_` and
 * `-` stay as they are; every other UTF-8 byte becomes `~XX` (hex), so dots, wildcards and spaces
 * can never split or widen a subject, and different keys stay different.
 *
 * @example
 * ```ts
 * import { encodeToken } from 'rxagent/nats';
 * encodeToken('discord:chan.42'); // 'discord~3Achan~2E42'
 * ```
 */
export function encodeToken(key: string): string {
  let token = '';
  for (const char of key) {
    if (SAFE.test(char)) {
      token += char;
      continue;
    }
    for (const byte of new TextEncoder().encode(char)) token += `~${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return token === '' ? '~' : token;
}

/** The inverse of {@link encodeToken}. @internal */
export function decodeToken(token: string): string {
  if (token === '~') return '';
  const bytes: number[] = [];
  for (let i = 0; i < token.length; i++) {
    if (token[i] === '~') {
      bytes.push(parseInt(token.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(token.charCodeAt(i));
    }
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}
