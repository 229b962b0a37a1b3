/**
 * A configuration mistake, thrown at construction. The message names the option and how to fix it.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(
    /** The option at fault, e.g. `concurrency`. */
    readonly option: string,
    message: string,
  ) {
    super(`${option}: ${message}`);
  }
}

/** An agent attempt ran past `timeoutMs`. The agent's `signal` is aborted with this error. */
export class AgentTimeoutError extends Error {
  override readonly name = 'AgentTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`agent timed out after ${timeoutMs} ms`);
  }
}

/** The runtime stopped and its drain deadline passed before this work finished. */
export class StoppedError extends Error {
  override readonly name = 'StoppedError';
  constructor(what: string) {
    super(`${what} was cancelled: the runtime stopped and the drain deadline passed`);
  }
}

/**
 * A newer message of the same conversation interrupted this run (overlap policy `interrupt`):
 * the agent's `signal` aborts with it, and whatever the run still produces is never delivered.
 */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
  constructor(
    /** The id of the message that interrupted the run. */
    readonly by: string,
  ) {
    super(`interrupted by a newer message (${by}) of the same conversation`);
  }
}

/** The agent returned something that is neither a reply (`{ text: string }`), `null`, a Promise nor an Observable. */
export class InvalidReplyError extends Error {
  override readonly name = 'InvalidReplyError';
  constructor(readonly value: unknown) {
    super(`agent returned ${describeValue(value)}; return { text: string }, null (no reply), a Promise or an Observable of a reply`);
  }
}

/**
 * Thrown by an output (or its client) when the platform answered HTTP 429. The runtime waits
 * `retryAfterMs` on its scheduler before the next attempt instead of its usual back-off.
 */
export class RateLimitedError extends Error {
  override readonly name = 'RateLimitedError';
  constructor(
    readonly retryAfterMs: number,
    message = `rate limited; retry after ${retryAfterMs} ms`,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return 'a string';
  if (Array.isArray(value)) return 'an array';
  if (value !== null && typeof value === 'object') return `an object without a string "text"`;
  return typeof value;
}
