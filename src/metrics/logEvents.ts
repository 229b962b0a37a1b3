import { isObservable, type Observable, type Unsubscribable } from 'rxjs';
import { ConfigError } from '../runtime/errors.js';
import type { AgentEvent, AgentEventType } from '../runtime/events.js';
import { eventFields, type EventFieldsOptions } from './eventFields.js';
import type { HasEvents } from './prometheusMetrics.js';
import { redactor, type RedactOptions } from './redact.js';

/** A level of a pino-style logger, or `silent` to leave an event type out. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** A pino-style logger: `logger.info({ …fields }, 'message')`. pino, bunyan-compatible and most structured loggers fit. */
export type EventLogger = Record<Exclude<LogLevel, 'silent' | 'trace'>, (fields: object, message: string) => void> & {
  trace?(fields: object, message: string): void;
};

/** Options of {@link logEvents}. */
export interface LogEventsOptions extends EventFieldsOptions, RedactOptions {
  /** The level of each event type; `silent` leaves it out. Defaults: failures `error`, retries and refusals `warn`, replies `info`, the rest `debug`. */
  readonly levels?: Partial<Record<AgentEventType, LogLevel>>;
}

const DEFAULT_LEVELS: Readonly<Record<AgentEventType, LogLevel>> = {
  received: 'debug',
  started: 'debug',
  retrying: 'warn',
  replied: 'info',
  noReply: 'debug',
  failed: 'error',
  rejected: 'warn',
  charged: 'debug',
  chargeFailed: 'error',
  delivered: 'debug',
  deliveryRetrying: 'warn',
  deliveryFailed: 'error',
  inputFailed: 'error',
};

const MESSAGES: Readonly<Record<AgentEventType, string>> = {
  received: 'message received',
  started: 'agent run started',
  retrying: 'agent attempt failed; retrying',
  replied: 'agent replied',
  noReply: 'agent chose not to reply',
  failed: 'agent run failed',
  rejected: 'message refused',
  charged: 'run charged',
  chargeFailed: 'run cost could not be recorded',
  delivered: 'reply delivered',
  deliveryRetrying: 'delivery failed; retrying',
  deliveryFailed: 'delivery failed',
  inputFailed: 'input failed and was disconnected',
};

/**
 * Logs every event of a runtime to a pino-style logger, as structured fields (`event`,
 * `conversationId`, `messageId`, `source`, `output`, `reason`, `error`, `durationMs`, `cost`, …)
 * with secrets redacted: values under secret-looking keys, the `secrets` you pass, bearer headers
 * and bot tokens never reach the log. Returns the subscription; unsubscribe to stop.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 * import { logEvents } from 'rxagent/metrics';
 * const logging = logEvents(runtime, pino(), { secrets: [process.env.DISCORD_TOKEN ?? ''], levels: { received: 'silent' } });
 * await runtime.run();
 * logging.unsubscribe();
 * ```
 */
export function logEvents(source: Observable<AgentEvent> | HasEvents, logger: EventLogger, options: LogEventsOptions = {}): Unsubscribable {
  const events$ = isObservable(source) ? source : (source as Partial<HasEvents> | null)?.events$;
  if (!isObservable(events$)) throw new ConfigError('source', 'pass an AgentRuntime or its events$, e.g. logEvents(runtime, logger)');
  for (const level of ['debug', 'info', 'warn', 'error'] as const) {
    if (typeof (logger as Partial<EventLogger> | null)?.[level] !== 'function') {
      throw new ConfigError('logger', `must be a pino-style logger with debug, info, warn and error methods (missing ${level}); e.g. logEvents(runtime, pino())`);
    }
  }
  const levels = { ...DEFAULT_LEVELS, ...options.levels };
  for (const [type, level] of Object.entries(levels)) {
    if (!['trace', 'debug', 'info', 'warn', 'error', 'silent'].includes(level)) {
      throw new ConfigError(`levels.${type}`, `must be one of trace, debug, info, warn, error, silent (got ${String(level)})`);
    }
  }
  const redact = redactor(options);
  return events$.subscribe((event: AgentEvent) => {
    const level = levels[event.type];
    if (level === 'silent') return;
    const log = level === 'trace' ? (logger.trace ?? logger.debug) : logger[level];
    log.call(logger, eventFields(event, redact, options), MESSAGES[event.type]);
  });
}
