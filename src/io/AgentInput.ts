import { isObservable, type Observable } from 'rxjs';
import { ConfigError } from '../runtime/errors.js';

/** An input client with a name: the name becomes each message's `source`, so replies can find their way back. */
export interface NamedInput<T = unknown> {
  readonly name: string;
  /** Subscribing connects the client; unsubscribing disconnects it. */
  readonly messages$: Observable<T>;
}

/** An input: any Observable (a Subject of the host app, an event stream, …) or a named client. */
export type AgentInput = Observable<unknown> | NamedInput;

/** Gives every input a name (`input-1`, `input-2`, … for bare Observables) and checks the names are unique. @internal */
export function normalizeInputs(inputs: readonly AgentInput[] | undefined): NamedInput[] {
  if (!Array.isArray(inputs) || inputs.length === 0) {
    throw new ConfigError('inputs', 'pass at least one input: an Observable, a Subject, or a client such as stdinInput() or cronInput({ expression })');
  }
  const named = inputs.map((input, i): NamedInput => {
    if (isObservable(input)) return { name: `input-${i + 1}`, messages$: input };
    if (input !== null && typeof input === 'object' && typeof input.name === 'string' && input.name !== '' && isObservable(input.messages$)) return input;
    throw new ConfigError(`inputs[${i}]`, 'must be an Observable or an object { name: string; messages$: Observable } (a client such as stdinInput())');
  });
  assertUniqueNames('inputs', named);
  return named;
}

/** @internal */
export function assertUniqueNames(option: string, items: readonly { readonly name: string }[]): void {
  const seen = new Set<string>();
  for (const { name } of items) {
    if (seen.has(name)) throw new ConfigError(option, `two ${option} are named "${name}"; give each a unique name (most clients take a name option)`);
    seen.add(name);
  }
}
