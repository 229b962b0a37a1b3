import type { Observable } from 'rxjs';
import type { AgentMessage } from '../messages/AgentMessage.js';
import type { RepliedResult } from '../runtime/AgentResult.js';
import { ConfigError } from '../runtime/errors.js';
import { assertUniqueNames } from './AgentInput.js';

/**
 * An output client: it is sent every result with a reply that it `accepts` (default: all). A client
 * that is also an input can reply where a message came from: `result.message.source` is the name
 * of the input it arrived on. A rejected Promise or erroring Observable is retried with back-off
 * (a `RateLimitedError` is waited out) and then reported as `deliveryFailed`.
 */
export interface AgentOutput<M extends AgentMessage = AgentMessage> {
  readonly name: string;
  send(result: RepliedResult<M>): PromiseLike<unknown> | Observable<unknown>;
  accepts?(result: RepliedResult<M>): boolean;
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
