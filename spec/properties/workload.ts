import fc from 'fast-check';

/** What the agent does on one attempt: answer or fail after a delay. */
export interface AttemptPlan {
  readonly delayMs: number;
  readonly fails: boolean;
}

/** One item an input emits, `gap` ms after the previous item of the same input. */
export interface ItemPlan {
  readonly gap: number;
  readonly input: number;
  readonly conversation: number;
  readonly invalid: boolean;
  /** One plan per attempt, the last one repeating. */
  readonly attempts: readonly AttemptPlan[];
  readonly noReply: boolean;
  /** Delivery attempts that fail before one succeeds, per output; `rateLimited` fails them with a 429. */
  readonly deliveryFailures: number;
  readonly rateLimited: boolean;
}

/** A random runtime configuration and the items its inputs emit. */
export interface Workload {
  readonly items: readonly ItemPlan[];
  readonly inputs: number;
  readonly concurrency: number;
  readonly retries: number;
  readonly retryDelayMs: number;
  readonly timeoutMs: number | undefined;
  readonly maxTurns: number;
  readonly outputs: number;
  readonly outputLatencyMs: number;
  readonly deliveryRetries: number;
  readonly stopAt: number | undefined;
  readonly drainTimeoutMs: number;
}

const attempt: fc.Arbitrary<AttemptPlan> = fc.record({ delayMs: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 150 })), fails: fc.integer({ min: 0, max: 3 }).map((n) => n === 0) });

const item = (inputs: number, conversations: number): fc.Arbitrary<ItemPlan> =>
  fc.record({
    gap: fc.oneof({ arbitrary: fc.constant(0), weight: 2 }, { arbitrary: fc.integer({ min: 1, max: 15 }), weight: 1 }),
    input: fc.integer({ min: 0, max: inputs - 1 }),
    conversation: fc.integer({ min: 0, max: conversations - 1 }),
    invalid: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    attempts: fc.array(attempt, { minLength: 1, maxLength: 3 }),
    noReply: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
    deliveryFailures: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3 })),
    rateLimited: fc.boolean(),
  });

/** Conversations, interleavings, agent delays and failures, invalid items, output failures, concurrency 1–32, a stop at a random moment. */
export const workload: fc.Arbitrary<Workload> = fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 40 })).chain(([inputs, conversations]) =>
  fc.record({
    items: fc.array(item(inputs, conversations), { maxLength: 60, size: 'medium' }),
    inputs: fc.constant(inputs),
    concurrency: fc.integer({ min: 1, max: 32 }),
    retries: fc.integer({ min: 0, max: 2 }),
    retryDelayMs: fc.integer({ min: 0, max: 50 }),
    timeoutMs: fc.option(fc.integer({ min: 5, max: 200 }), { nil: undefined, freq: 2 }),
    maxTurns: fc.integer({ min: 1, max: 4 }),
    outputs: fc.integer({ min: 0, max: 2 }),
    outputLatencyMs: fc.integer({ min: 0, max: 20 }),
    deliveryRetries: fc.integer({ min: 0, max: 2 }),
    stopAt: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined, freq: 2 }),
    drainTimeoutMs: fc.integer({ min: 0, max: 300 }),
  }),
);
