import { createHash } from 'node:crypto';

/** Discord's limit on a message nonce. */
export const MAX_NONCE_LENGTH = 25;

/**
 * A stable Discord message nonce (at most 25 characters) for one part of a delivery: a hash of
 * the runtime's idempotency key and the part number, so every attempt and replay of the same part
 * carries the same nonce and Discord (with `enforce_nonce`) creates the message once.
 * @param idempotencyKey - the runtime's `DeliveryContext.idempotencyKey`
 * @param part - the 1-based part of a split reply
 */
export function discordNonce(idempotencyKey: string, part: number): string {
  return createHash('sha256').update(`${idempotencyKey}#${part}`).digest('base64url').slice(0, MAX_NONCE_LENGTH);
}
