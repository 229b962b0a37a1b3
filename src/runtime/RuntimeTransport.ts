import type { Observable } from 'rxjs';
import type { AgentMessage } from '../messages/AgentMessage.js';
import type { RepliedResult } from './AgentResult.js';
import type { AgentRuntimeOptions } from './AgentRuntime.js';
import type { AgentEvent } from './events.js';
import type { RunSummary } from './RunSummary.js';

/**
 * Where an {@link AgentRuntime} does its work instead of its in-process lanes: set it as the
 * runtime's `transport` option (e.g. `jetStreamTransport(…)` from `rxagent/nats`) and the same
 * inputs, agent, memory and outputs run on a distributed engine. The runtime calls `bind` once,
 * when it is constructed, so a transport checks the options there and starts nothing.
 */
export interface RuntimeTransport {
  /** Checks the runtime's options (throwing a `ConfigError` on a mistake) and returns what runs them. Starts nothing. */
  bind<M extends AgentMessage>(options: AgentRuntimeOptions<M>): BoundTransport<M>;
}

/** A runtime's options bound to a transport: `run` is called by each `runtime.run()`. */
export interface BoundTransport<M extends AgentMessage = AgentMessage> {
  /**
   * Runs until `control.stop$` emits, then drains; resolves with what this process did.
   * Never rejects for a failing message, input or output: those are events.
   */
  run(control: TransportControl<M>): Promise<RunSummary>;
}

/** What a transport is handed for one run: the stop signal and the runtime's streams. */
export interface TransportControl<M extends AgentMessage = AgentMessage> {
  /** Emits once, when `runtime.stop()` is called. */
  readonly stop$: Observable<void>;
  /** Publishes an event on the runtime's `events$`. */
  readonly emit: (event: AgentEvent<M>) => void;
  /** Publishes a reply on the runtime's `results$`. */
  readonly result: (result: RepliedResult<M>) => void;
}
