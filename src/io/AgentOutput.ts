import type { Observable } from 'rxjs';
import type { AgentMessage } from '../messages/AgentMessage.js';
import type { RepliedResult } from '../runtime/AgentResult.js';
import { ConfigError } from '../runtime/errors.js';
import { assertUniqueNames } from './AgentInput.js';

/**
 * An output client: it is sent every result with a reply that it `accepts` (default: all). A client
 * that is also an input can reply where a message came from: `result.message.source` is the name
 * of the input it arrived on. A rejected Promise or erroring Observable is retried with back-off
 * (a `RateLimitedError` is waited out) and then reported as `deliveryFailed`; an error with
 * `retryable: false` (a refusal such as an HTTP 4xx, which would fail again) is reported at once.
 */
export interface AgentOutput<M extends AgentMessage = AgentMessage> {
  readonly name: string;
  /** Publishes a reply; `delivery` (always given by the runtime) carries the idempotency key to pass on to platforms that take one. */
  send(result: RepliedResult<M>, delivery?: DeliveryContext): PromiseLike<unknown> | Observable<unknown>;
  accepts?(result: RepliedResult<M>): boolean;
}

/** What the runtime tells an output with each send. */
export interface DeliveryContext {
  /**
   * `<source>:<message id>:<output name>`: the same for every attempt and every replay of this
   * reply to this output. Give it to platforms that deduplicate (an idempotency header, a nonce),
   * or check it before posting; the runtime's delivery journal (`delivery.journal`) uses it too.
   */
  readonly idempotencyKey: string;
  /** 1 for the first attempt, 2 for the first retry, … */
  readonly attempt: number;
}

/** The idempotency key of a delivery of `result` to `output`. @internal */
export function idempotencyKey(result: { readonly message: AgentMessage }, output: string): string {
  return `${result.message.source ?? ''}:${result.message.id}:${output}`;
}

/** @internal */
export function validateOutputs<M extends AgentMessage>(outputs: readonly AgentOutput<M>[] | undefined): readonly AgentOutput<M>[] {
  if (outputs === undefined) return [];
  if (!Array.isArray(outputs)) throw new ConfigError('outputs', 'must be an array of outputs, e.g. outputs: [consoleOutput()]');
  outputs.forEach((output, i) => {
    if (output === null || typeof output !== 'object' || typeof output.name !== 'string' || output.name === '' || typeof output.send !== 'function') {
      throw new ConfigError(`outputs[${i}]`, 'must be an object { name: string; send(result): Promise | Observable; accepts?(result): boolean }');
    }
  });
  assertUniqueNames('outputs', outputs);
  return outputs;
}
