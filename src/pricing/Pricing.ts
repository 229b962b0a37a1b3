import type { AgentMessage } from '../messages/AgentMessage.js';
import type { LedgerCounter, LedgerRate, ReserveResult } from './LedgerStore.js';
import { priceOf } from './priceOf.js';
import type { Admission, Charge, PricingPolicy, Settlement } from './PricingPolicy.js';
import { resolvePricing, type PricingOptions, type ResolvedPricing } from './PricingOptions.js';

/** What admission reserved, handed back at settlement. */
interface Reservation {
  readonly counters: readonly LedgerCounter[];
  readonly reserved: number;
}

/**
 * Prices and budgets of agent runs, the runtime's `pricing`. Before a run, the estimate
 * (`perMessage` plus the message's input tokens, or your `estimate`) is reserved in the ledger
 * against every budget, atomically; a message that would exceed one, or an author over the rate
 * limit, is rejected with reason `"budget"` and a detail naming the budget. After the run the
 * reservation is settled with the actual cost (from `reply.usage`), or released if the run failed.
 * With a `period`, budgets start again at 0 every period, on the scheduler's clock.
 *
 * @example
 * ```ts
 * import { AgentRuntime, Pricing } from 'rxagent';
 * const pricing = new Pricing({
 *   perMessage: 0.001, perInputToken: 0.000003, perOutputToken: 0.000015,
 *   budget: { total: 10, perAuthor: 0.5, period: 'day' },
 *   rateLimit: { perAuthor: { messages: 10, windowMs: 60_000 } },
 *   budgetExceededReply: 'Sorry, that is all I can do for you today.',
 * });
 * const runtime = new AgentRuntime({ inputs, outputs, agent, pricing });
 * ```
 */
export class Pricing<M extends AgentMessage = AgentMessage> implements PricingPolicy<M> {
  private readonly config: ResolvedPricing<M>;
  private readonly instance = Math.random().toString(36).slice(2, 10);
  private sequence = 0;

  constructor(options: PricingOptions<M>) {
    this.config = resolvePricing(options);
  }

  /** Reserves the message's estimated cost against every budget, or refuses it saying which budget (or the rate limit) is in the way. */
  admit(message: M): Admission | PromiseLike<Admission> {
    const { ledger, scheduler, rate } = this.config;
    const now = scheduler.now();
    const amount = this.config.estimate(message);
    if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) {
      throw new Error(`Pricing: estimate returned ${String(amount)} for message ${message.id}; it must return a finite amount, 0 or more`);
    }
    const counters = this.countersOf(message, now);
    const author = message.author?.id;
    const rateOf: LedgerRate | undefined =
      rate === undefined || author === undefined ? undefined : { key: `rate:author:${author}`, max: rate.messages, windowMs: rate.windowMs, member: `${this.instance}:${++this.sequence}` };
    return then(ledger.reserve({ amount, counters, rate: rateOf, now }), (result) => {
      if (result.ok) return { granted: true, ticket: { counters, reserved: amount } satisfies Reservation };
      const detail = this.describe(message, result, amount, now);
      const reply = this.config.reply?.(message, detail) ?? undefined;
      return { granted: false, detail, ...(reply === undefined ? {} : { reply }) };
    });
  }

  /** Settles a reservation with the run's actual cost (from `reply.usage`), or releases it when the run failed. */
  settle(settlement: Settlement<M>): Charge | PromiseLike<Charge> {
    const ticket = settlement.ticket as Reservation | undefined;
    if (ticket === undefined || !Array.isArray(ticket.counters)) throw new Error('Pricing.settle: the ticket is not one this Pricing issued at admission');
    const amount = settlement.failed ? 0 : priceOf(this.config.prices, settlement.reply?.usage);
    return then(this.config.ledger.adjust(ticket.counters, amount - ticket.reserved), (totals) => ({ amount: round(amount), totals: roundAll(totals) }));
  }

  private countersOf(message: M, now: number): LedgerCounter[] {
    const { total, perConversation, perAuthor, periodMs } = this.config.budget;
    const period = periodMs === undefined ? 'all' : String(Math.floor(now / periodMs));
    const ttl = periodMs === undefined ? {} : { ttlMs: periodMs - (now % periodMs) + periodMs };
    const counters: LedgerCounter[] = [{ name: 'total', key: `p${period}:total`, limit: total, ...ttl }];
    if (perConversation !== Infinity) counters.push({ name: 'perConversation', key: `p${period}:conversation:${message.conversationId}`, limit: perConversation, ...ttl });
    const author = message.author?.id;
    if (perAuthor !== Infinity && author !== undefined) counters.push({ name: 'perAuthor', key: `p${period}:author:${author}`, limit: perAuthor, ...ttl });
    return counters;
  }

  private describe(message: M, result: Exclude<ReserveResult, { ok: true }>, amount: number, now: number): string {
    if (result.refusedBy === 'rate') {
      const { messages, windowMs } = this.config.rate!;
      return `rate limit perAuthor: author "${message.author?.id}" sent ${result.count} messages in the last ${windowMs} ms (at most ${messages}); try again in ${result.retryAfterMs} ms`;
    }
    const whose = result.counter === 'perAuthor' ? ` of author "${message.author?.id}"` : result.counter === 'perConversation' ? ` of conversation "${message.conversationId}"` : '';
    const { periodMs } = this.config.budget;
    const resets = periodMs === undefined ? '' : `; it starts again in ${periodMs - (now % periodMs)} ms`;
    return `budget ${result.counter}${whose} exceeded: ${round(result.used)} of ${round(result.limit)} spent, this message needs ${round(amount)}${resets}`;
  }
}

/** Hides binary-fraction noise (0.1 + 0.2) in what people read: 12 significant digits. */
function round(value: number): number {
  return Number(value.toPrecision(12));
}

function roundAll(totals: Readonly<Record<string, number>>): Record<string, number> {
  const rounded: Record<string, number> = {};
  for (const name in totals) rounded[name] = round(totals[name]!);
  return rounded;
}

function then<T, R>(value: T | PromiseLike<T>, next: (value: T) => R): R | PromiseLike<R> {
  return typeof (value as PromiseLike<T> | null)?.then === 'function' ? (value as PromiseLike<T>).then(next) : next(value as T);
}
