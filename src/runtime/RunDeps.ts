import type { AgentMessage } from '../messages/AgentMessage.js';
import type { AgentOutcome } from './AgentResult.js';
import type { AgentRun } from './AgentRun.js';
import type { EventSwitch } from './events.js';
import type { ResolvedAgentOptions } from './options.js';

/** What every run of one `runAgent` shares. @internal */
export interface RunDeps<M extends AgentMessage> extends Pick<ResolvedAgentOptions<M>, 'agent' | 'scheduler' | 'timeoutMs' | 'retry' | 'memory' | 'pricing'> {
  /** Where events go (its `emit` is undefined while nobody listens). */
  readonly events: EventSwitch<M>;
}

/** Where a run's one outcome goes. @internal */
export interface RunSink<M extends AgentMessage> {
  ended(run: AgentRun<M>, outcome: AgentOutcome<M>): void;
}
