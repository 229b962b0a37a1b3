import * as t from 'io-ts';
import type { AgentMessage, MessageCodec } from '../messages/AgentMessage.js';

/**
 * The user's codec, unchanged in what it accepts, that also reports which decoded message came
 * from which raw item: the worker finds a message's JetStream delivery again from the outcome and
 * from the memory's `record`, whatever the codec does to the object.
 * @internal
 */
export function trackingCodec<M extends AgentMessage>(codec: MessageCodec<M>, decoded: (raw: unknown, message: M) => void): MessageCodec<M> {
  const validate: t.Validate<unknown, M> = (u, context) => {
    const result = codec.validate(u, context);
    if (result._tag === 'Right') decoded(u, result.right);
    return result;
  };
  return { name: codec.name, validate, decode: (u) => validate(u, [{ key: '', type: codec as unknown as t.Decoder<unknown, unknown>, actual: u }]) };
}
