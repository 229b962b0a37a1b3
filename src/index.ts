// The core public API of rxagent. Nothing here imports a client library (discord.js,
// twitter-api-v2, node-cron, ioredis, nats): those load only from their subpath entry points.
export { AgentMessage, AgentAuthor, NonEmptyString, type MessageCodec } from './messages/AgentMessage.js';
export { decodeMessage, formatValidationErrors, type Decoded } from './messages/decode.js';
export type { Agent, AgentContext, AgentReply, AgentReturn, TokenUsage, Turn } from './runtime/Agent.js';
export type { AgentOutcome, AgentResult, Failure, Rejection, RejectionReason, RepliedResult } from './runtime/AgentResult.js';
export type * from './runtime/events.js';
export { AgentTimeoutError, ConfigError, InvalidReplyError, RateLimitedError, StoppedError } from './runtime/errors.js';
export type { RetryOptions } from './runtime/retry.js';
export type { AgentOptions, RunAgentOptions } from './runtime/options.js';
export { runAgent } from './runtime/runAgent.js';
export { AgentRuntime, type AgentRuntimeOptions, type DeliveryOptions } from './runtime/AgentRuntime.js';
export type { RunSummary } from './runtime/RunSummary.js';
export { mergeMapInLanes, type LaneOptions } from './operators/mergeMapInLanes.js';
export type { AgentInput, NamedInput } from './io/AgentInput.js';
export type { AgentOutput } from './io/AgentOutput.js';
export { appendTurn } from './memory/appendTurn.js';
export { ShortTermMemory, type ShortTermMemoryOptions } from './memory/ShortTermMemory.js';
export type { ConversationMemory, MemoryStore } from './memory/ConversationMemory.js';
export type { Admission, Charge, PricingPolicy, Settlement } from './pricing/PricingPolicy.js';
export * from './clients/stdio/index.js';
export { InMemoryCursorStore, type CursorStore } from './stores/CursorStore.js';
export { Pricing } from './pricing/Pricing.js';
export type { PricingOptions, BudgetOptions, BudgetPeriod, RateLimitOptions } from './pricing/PricingOptions.js';
export { InMemoryLedger } from './pricing/InMemoryLedger.js';
export type { LedgerStore, LedgerCounter, LedgerRate, ReserveRequest, ReserveResult } from './pricing/LedgerStore.js';
export { priceOf, defaultEstimate, type Prices } from './pricing/priceOf.js';
export { slideWindow, fitWindow, type WindowLimits, type Slide } from './memory/slideWindow.js';
export { summaryOf, type Summarizer } from './memory/summaryOf.js';
