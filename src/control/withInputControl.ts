import type { NamedInput, PulledInput } from '../io/AgentInput.js';
import type { AgentMessage } from '../messages/AgentMessage.js';
import { ConfigError } from '../runtime/errors.js';
import type { ResolvedAgentOptions } from '../runtime/options.js';
import { checkOverlap, type Overlap } from './Overlap.js';

/** The runtime's options with each input's own `overlap` and `priority` on top (validated here, at construction). @internal */
export function withInputControl<M extends AgentMessage>(config: ResolvedAgentOptions<M>, inputs: readonly (NamedInput | PulledInput)[]): ResolvedAgentOptions<M> {
  const overlaps = new Map<string, Overlap>();
  const priorities = new Map<string, number>();
  inputs.forEach((input, i) => {
    if (!('messages$' in input)) return;
    const overlap = checkOverlap(`inputs[${i}].overlap`, input.overlap);
    if (overlap !== undefined) overlaps.set(input.name, overlap);
    if (input.priority === undefined) return;
    if (typeof input.priority !== 'number' || !Number.isFinite(input.priority)) {
      throw new ConfigError(`inputs[${i}].priority`, `must be a finite number, higher starts first (got ${String(input.priority)}); e.g. { name: 'dm', messages$, priority: 2 }`);
    }
    priorities.set(input.name, input.priority);
  });
  if (overlaps.size === 0 && priorities.size === 0) return config;
  const { overlapOf, priorityOf } = config;
  const queue = (): Overlap => 'queue';
  const base = overlapOf ?? queue;
  const rank = priorityOf ?? (() => 0);
  return {
    ...config,
    overlapOf: overlaps.size === 0 ? overlapOf : (message) => overlaps.get(message.source as string) ?? base(message),
    priorityOf: priorities.size === 0 ? priorityOf : (message) => priorities.get(message.source as string) ?? rank(message),
  };
}
