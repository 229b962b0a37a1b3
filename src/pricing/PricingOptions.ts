import { asyncScheduler, type SchedulerLike } from 'rxjs';
import type { AgentMessage } from '../messages/AgentMessage.js';
import type { AgentReply } from '../runtime/Agent.js';
import { ConfigError } from '../runtime/errors.js';
import { InMemoryLedger } from './InMemoryLedger.js';
import type { LedgerStore } from './LedgerStore.js';
import { defaultEstimate, type Prices } from './priceOf.js';

/** A budget period: milliseconds, or a calendar unit (UTC, aligned to the epoch). */
export type BudgetPeriod = number | 'minute' | 'hour' | 'day' | 'week';

/** Spending limits. Each counts the cost of runs; with `period` they start again at 0 every period. */
export interface BudgetOptions {
  /** Across all messages. */
  readonly total?: number;
  /** Per `conversationId`. */
  readonly perConversation?: number;
  /** Per `author.id` (messages without an author are not counted against it). */
  readonly perAuthor?: number;
  /** When the budgets start again at 0, e.g. `'day'`. Default: never. */
  readonly period?: BudgetPeriod;
}

/** Admission limits on how often, independent of cost. */
export interface RateLimitOptions {
  /** At most `messages` admitted per author in any sliding window of `windowMs`. */
  readonly perAuthor: { readonly messages: number; readonly windowMs: number };
}

/** Options of `Pricing`. */
export interface PricingOptions<M extends AgentMessage = AgentMessage> extends Prices {
  readonly budget?: BudgetOptions;
  readonly rateLimit?: RateLimitOptions;
  /** Where the running totals live. Default: a new `InMemoryLedger`; share a `RedisLedger` between processes. */
  readonly ledger?: LedgerStore;
  /** The clock of periods and rate windows. Default `asyncScheduler`; pass the runtime's scheduler for virtual time. */
  readonly scheduler?: SchedulerLike;
  /** The cost reserved at admission (settled with the actual cost after the run). Default: see `defaultEstimate`. */
  readonly estimate?: number | ((message: M) => number);
  /** What to answer a refused message, instead of silence: a text, or a function of the message and the refusal's detail (`null`: stay silent). */
  readonly budgetExceededReply?: string | ((message: M, detail: string) => AgentReply | null);
}

/** @internal */
export interface ResolvedPricing<M extends AgentMessage> {
  readonly prices: Prices;
  readonly budget: { readonly total: number; readonly perConversation: number; readonly perAuthor: number; readonly periodMs: number | undefined };
  readonly rate: { readonly messages: number; readonly windowMs: number } | undefined;
  readonly ledger: LedgerStore;
  readonly scheduler: SchedulerLike;
  readonly estimate: (message: M) => number;
  readonly reply: ((message: M, detail: string) => AgentReply | null) | undefined;
}

const UNITS: Readonly<Record<string, number>> = { minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 };

/** Validates `Pricing` options once, with messages that say how to fix them. @internal */
export function resolvePricing<M extends AgentMessage>(options: PricingOptions<M>): ResolvedPricing<M> {
  if (options === null || typeof options !== 'object') throw new ConfigError('pricing', 'pass an options object, e.g. new Pricing({ perMessage: 1, budget: { total: 100 } })');
  const prices = { perMessage: amount('perMessage', options.perMessage), perInputToken: amount('perInputToken', options.perInputToken), perOutputToken: amount('perOutputToken', options.perOutputToken) };
  const budget = options.budget ?? {};
  const periodMs = period(budget.period);
  const rate = options.rateLimit === undefined ? undefined : rateLimit(options.rateLimit);
  const ledger = options.ledger ?? new InMemoryLedger();
  if (typeof ledger?.reserve !== 'function' || typeof ledger.adjust !== 'function') {
    throw new ConfigError('ledger', 'must be a LedgerStore (reserve and adjust methods), e.g. ledger: new InMemoryLedger() or new RedisLedger({ redis })');
  }
  const scheduler = options.scheduler ?? asyncScheduler;
  if (typeof scheduler?.now !== 'function') throw new ConfigError('scheduler', 'must be an RxJS SchedulerLike, e.g. asyncScheduler or a TestScheduler');
  const { estimate = (message: M) => defaultEstimate(prices, message) } = options;
  if (typeof estimate !== 'function') amount('estimate', estimate);
  const reply = options.budgetExceededReply;
  if (reply !== undefined && typeof reply !== 'string' && typeof reply !== 'function') {
    throw new ConfigError('budgetExceededReply', 'must be a text or a function (message, detail) => reply, e.g. budgetExceededReply: "Sorry, I am out of budget for today."');
  }
  return {
    prices,
    budget: { total: limit('budget.total', budget.total), perConversation: limit('budget.perConversation', budget.perConversation), perAuthor: limit('budget.perAuthor', budget.perAuthor), periodMs },
    rate,
    ledger,
    scheduler,
    estimate: typeof estimate === 'function' ? estimate : () => estimate,
    reply: typeof reply === 'string' ? () => ({ text: reply }) : reply,
  };
}

function amount(option: string, value: unknown): number {
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new ConfigError(option, `must be a finite amount, 0 or more (got ${String(value)}); e.g. { ${option}: 0.002 }`);
  }
  return value;
}

function limit(option: string, value: unknown): number {
  if (value === undefined) return Infinity;
  if (typeof value !== 'number' || Number.isNaN(value) || value < 0) {
    throw new ConfigError(option, `must be an amount, 0 or more (got ${String(value)}); e.g. budget: { total: 100 }`);
  }
  return value;
}

function period(value: BudgetPeriod | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = typeof value === 'string' ? UNITS[value] : value;
  if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 1) {
    throw new ConfigError('budget.period', `must be a whole number of milliseconds or one of ${Object.keys(UNITS).join(', ')} (got ${String(value)}); e.g. budget: { perAuthor: 5, period: 'day' }`);
  }
  return ms;
}

function rateLimit(value: RateLimitOptions): { messages: number; windowMs: number } {
  const { messages, windowMs } = value?.perAuthor ?? ({} as Partial<RateLimitOptions['perAuthor']>);
  if (!Number.isInteger(messages) || messages! < 1 || !Number.isInteger(windowMs) || windowMs! < 1) {
    throw new ConfigError('rateLimit.perAuthor', `must be { messages, windowMs }, whole numbers 1 or more (got ${JSON.stringify(value?.perAuthor)}); e.g. rateLimit: { perAuthor: { messages: 5, windowMs: 60000 } }`);
  }
  return { messages: messages!, windowMs: windowMs! };
}
