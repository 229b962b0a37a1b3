/**
 * A worker finished a message that another worker had already applied (it was frozen or slow past
 * `ackWaitMs`, and the server redelivered the message): the sequence fence refused its writes. The
 * worker acknowledges the message and sends nothing, except what the outbox still holds for it.
 *
 * @example
 * ```ts
 * import { StaleDeliveryError } from 'rxagent/nats';
 * worker.events$.subscribe((event) => {
 *   if (event.type === 'failed' && event.error instanceof StaleDeliveryError) console.log('fenced', event.error.seq);
 * });
 * ```
 */
export class StaleDeliveryError extends Error {
  override readonly name = 'StaleDeliveryError';
  constructor(
    /** The stream sequence of the refused message. */
    readonly seq: number,
    /** The newest sequence already applied to the conversation. */
    readonly appliedSeq: number,
    /** The result the outbox still holds for this message (JSON), not yet confirmed as published. @internal */
    readonly outbox: string | undefined,
  ) {
    super(`message at stream sequence ${seq} was already applied (conversation is at ${appliedSeq}); its stale writes were refused`);
  }
}
