import { asyncScheduler, type Observable, type SchedulerLike } from 'rxjs';
import type { ConversationMemory } from '../memory/ConversationMemory.js';
import { AgentMessage, type MessageCodec } from '../messages/AgentMessage.js';
import type { PricingPolicy } from '../pricing/PricingPolicy.js';
import type { Agent } from './Agent.js';
import { ConfigError } from './errors.js';
import type { EventSink } from './events.js';
import { checkOverlap, type Overlap } from '../control/Overlap.js';
import { resolveGuards, type Guards, type ResolvedGuards } from '../control/Guards.js';
import { resolveRetry, type ResolvedRetry, type RetryOptions } from './retry.js';

/** How the agent runs: shared by {@link runAgent} and `AgentRuntime`. */
export interface AgentOptions<M extends AgentMessage = AgentMessage> {
  /** The agent to run for every valid message. */
  readonly agent: Agent<M>;
  /** The io-ts codec every item must pass. Default: {@link AgentMessage}. */
  readonly codec?: MessageCodec<M>;
  /** Agent calls at once, across conversations (one at a time within a conversation). Default 16. */
  readonly concurrency?: number;
  /** Time limit of one agent attempt, in ms; the agent's `signal` aborts when it passes. Default: none. */
  readonly timeoutMs?: number;
  /** Retries of a failed or timed-out attempt: a count, or count and back-off. Default: no retry. */
  readonly retry?: RetryOptions | number;
  /** Per-conversation memory the agent sees in `context.memory`, e.g. `new ShortTermMemory({ maxTurns: 20 })`. */
  readonly shortTermMemory?: ConversationMemory<M>;
  /** Admission before and charging after each run, e.g. `new Pricing({ … })`. */
  readonly pricing?: PricingPolicy<M>;
  /** Scheduler for every timer (timeouts, retries, deadlines). Default `asyncScheduler` (virtual under `TestScheduler.run`). */
  readonly scheduler?: SchedulerLike;
  /** Messages that may wait per conversation; beyond it a message is rejected as `overloaded`. Default 10000. */
  readonly maxQueuedPerConversation?: number;
  /** After a stop, how long runs already started may take before they are aborted, in ms. Default 30000. */
  readonly drainTimeoutMs?: number;
  /**
   * What a message does when its conversation is busy: `'queue'` (default), `'drop'`, `'coalesce'`,
   * `'interrupt'` or `{ debounceMs }` (see {@link Overlap}); or a function choosing per message.
   * An input may override it (`{ name, messages$, overlap }`).
   */
  readonly overlap?: Overlap | ((message: M) => Overlap);
  /**
   * The priority of a message: when a slot frees, the ready conversation whose next message has the
   * highest priority starts first (default: all equal, conversations take turns). An input may set
   * one for all its messages (`{ name, messages$, priority }`).
   */
  readonly priority?: (message: M) => number;
  /** With priorities: a waiting conversation gains one priority level per `priorityAgingMs` waited, so low priority never starves. Default 10000. */
  readonly priorityAgingMs?: number;
  /** Loop guards and dedup before the agent (see {@link Guards}). Default: none. */
  readonly guards?: Guards;
}

/** Options of {@link runAgent}: the agent's options plus how it is stopped and observed. */
export interface RunAgentOptions<M extends AgentMessage = AgentMessage> extends AgentOptions<M> {
  /** When this emits: stop taking items, reject waiting ones as `stopped`, let started runs finish (see `drainTimeoutMs`). */
  readonly stop$?: Observable<unknown>;
  /** Receives every lifecycle event (what `AgentRuntime.events$` publishes). */
  readonly onEvent?: EventSink<M>;
}

/** @internal */
export interface ResolvedAgentOptions<M extends AgentMessage> {
  readonly agent: Agent<M>;
  readonly codec: MessageCodec<M>;
  readonly concurrency: number;
  readonly timeoutMs: number | undefined;
  readonly retry: ResolvedRetry;
  readonly memory: ConversationMemory<M> | undefined;
  readonly pricing: PricingPolicy<M> | undefined;
  readonly scheduler: SchedulerLike;
  readonly maxQueuedPerConversation: number;
  readonly drainTimeoutMs: number;
  readonly overlapOf: ((message: M) => Overlap) | undefined;
  readonly priorityOf: ((message: M) => number) | undefined;
  readonly priorityAgingMs: number;
  readonly guards: ResolvedGuards | undefined;
}

const NO_RETRY: ResolvedRetry = { count: 0, delayMs: 1000, backoff: 'exponential', maxDelayMs: 60_000 };

/** Validates the agent options once, at construction, with messages that say how to fix them. @internal */
export function resolveAgentOptions<M extends AgentMessage>(options: AgentOptions<M>): ResolvedAgentOptions<M> {
  if (options === null || typeof options !== 'object') {
    throw new ConfigError('options', 'pass an options object, e.g. { agent: (message) => ({ text: message.text }) }');
  }
  const { agent, codec = AgentMessage as unknown as MessageCodec<M>, concurrency = 16, timeoutMs, scheduler = asyncScheduler } = options;
  if (typeof agent !== 'function') {
    throw new ConfigError('agent', `must be a function (message, context) => reply (got ${typeof agent}); e.g. agent: (message) => ({ text: message.text })`);
  }
  if (concurrency !== Infinity && (!Number.isInteger(concurrency) || concurrency < 1)) {
    throw new ConfigError('concurrency', `must be a whole number of agent calls at once, 1 or more (got ${String(concurrency)}); e.g. { concurrency: 4 }`);
  }
  if (timeoutMs !== undefined) positiveMs('timeoutMs', timeoutMs, '{ timeoutMs: 30000 }');
  const drainTimeoutMs = options.drainTimeoutMs ?? 30_000;
  if (!(drainTimeoutMs >= 0)) positiveMs('drainTimeoutMs', drainTimeoutMs, '{ drainTimeoutMs: 10000 }');
  const maxQueuedPerConversation = options.maxQueuedPerConversation ?? 10_000;
  if (maxQueuedPerConversation !== Infinity && (!Number.isInteger(maxQueuedPerConversation) || maxQueuedPerConversation < 0)) {
    throw new ConfigError('maxQueuedPerConversation', `must be a whole number, 0 or more, or Infinity (got ${String(maxQueuedPerConversation)})`);
  }
  if (typeof (codec as { decode?: unknown })?.decode !== 'function') {
    throw new ConfigError('codec', 'must be an io-ts codec (something with decode), e.g. codec: AgentMessage');
  }
  if (typeof (scheduler as { schedule?: unknown })?.schedule !== 'function' || typeof scheduler.now !== 'function') {
    throw new ConfigError('scheduler', 'must be an RxJS SchedulerLike, e.g. asyncScheduler or a TestScheduler');
  }
  const overlap = options.overlap;
  const overlapOf = typeof overlap === 'function' ? overlap : overlap === undefined || checkOverlap('overlap', overlap) === 'queue' ? undefined : () => overlap;
  if (options.priority !== undefined && typeof options.priority !== 'function') {
    throw new ConfigError('priority', `must be a function of the message, e.g. priority: (message) => (message.source === 'dm' ? 2 : 0) (got ${typeof options.priority}); to rank a whole input, give it a priority: { name, messages$, priority: 2 }`);
  }
  const priorityAgingMs = options.priorityAgingMs ?? 10_000;
  if (priorityAgingMs !== Infinity) positiveMs('priorityAgingMs', priorityAgingMs, '{ priorityAgingMs: 5000 }');
  requireMethods('shortTermMemory', options.shortTermMemory, ['recall', 'record'], 'new ShortTermMemory({ maxTurns: 20 })');
  requireMethods('pricing', options.pricing, ['admit', 'settle'], 'new Pricing({ perMessage: 1 })');
  return {
    agent,
    codec,
    concurrency,
    timeoutMs,
    retry: resolveRetry('retry', options.retry, NO_RETRY),
    memory: options.shortTermMemory,
    pricing: options.pricing,
    scheduler,
    maxQueuedPerConversation,
    drainTimeoutMs,
    overlapOf,
    priorityOf: options.priority,
    priorityAgingMs,
    guards: resolveGuards(options.guards),
  };
}

function positiveMs(option: string, value: unknown, example: string): void {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new ConfigError(option, `must be a positive, finite number of milliseconds (got ${String(value)}); e.g. ${example}`);
  }
}

function requireMethods(option: string, value: unknown, methods: readonly string[], example: string): void {
  if (value === undefined) return;
  const missing = methods.filter((name) => typeof (value as Record<string, unknown> | null)?.[name] !== 'function');
  if (missing.length > 0) {
    throw new ConfigError(option, `must have ${methods.join(' and ')} methods (missing ${missing.join(', ')}); e.g. ${option}: ${example}`);
  }
}
