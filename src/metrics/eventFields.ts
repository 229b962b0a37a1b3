import type { AgentMessage } from '../messages/AgentMessage.js';
import type { AgentEvent } from '../runtime/events.js';
import type { Redactor } from './redact.js';

/** One event as flat, JSON-safe, redacted fields: what logs and the inspector show. */
export interface EventFields {
  readonly event: AgentEvent['type'];
  readonly at: number;
  readonly source?: string;
  readonly conversationId?: string;
  readonly messageId?: string;
  readonly text?: string;
  readonly reply?: string;
  readonly attempt?: number;
  readonly output?: string;
  readonly input?: string;
  readonly reason?: string;
  readonly detail?: string;
  readonly error?: unknown;
  readonly delayMs?: number;
  readonly durationMs?: number;
  readonly cost?: number;
  readonly totals?: Readonly<Record<string, number>>;
  /** A delivery the journal shows was made before: nothing was sent again. */
  readonly duplicate?: true;
  /** Until when (scheduler time) new runs are held while an output waits out a rate limit. */
  readonly intakeHeldUntil?: number;
  /** For a message merged into a later run (reason `coalesced`), that run's message id. */
  readonly coalescedInto?: string;
}

/** How {@link eventFields} shortens texts. */
export interface EventFieldsOptions {
  /** Include message and reply texts (truncated to `maxText`). Default true. */
  readonly includeText?: boolean;
  /** Longest text kept, in characters. Default 200. */
  readonly maxText?: number;
}

/**
 * The fields of an event worth logging or showing: ids, source, output, reason, error name and
 * message, durations and costs — never the raw input value, and every string passed through `redact`.
 *
 * @example
 * ```ts
 * import { eventFields, redactor } from 'rxagent/metrics';
 * runtime.events$.subscribe((event) => console.log(JSON.stringify(eventFields(event, redactor()))));
 * ```
 */
export function eventFields(event: AgentEvent, redact: Redactor, options: EventFieldsOptions = {}): EventFields {
  const includeText = options.includeText ?? true;
  const maxText = options.maxText ?? 200;
  const str = (value: string | undefined) => (value === undefined ? undefined : (redact(value.length > maxText ? `${value.slice(0, maxText)}…` : value) as string));
  const of = (message: AgentMessage | undefined) =>
    message === undefined
      ? {}
      : { conversationId: str(message.conversationId), messageId: str(message.id), ...(message.source === undefined ? {} : { source: message.source }), ...(includeText ? { text: str(message.text) } : {}) };
  const base = { event: event.type, at: event.at };
  switch (event.type) {
    case 'received': {
      const value = event.value as Partial<AgentMessage> | null;
      const message = value !== null && typeof value === 'object' && typeof value.id === 'string' && typeof value.conversationId === 'string' && typeof value.text === 'string' ? (value as AgentMessage) : undefined;
      return clean({ ...base, ...of(message), ...(event.source === undefined ? {} : { source: event.source }) });
    }
    case 'rejected':
      return clean({ ...base, ...of(event.message), ...(event.source === undefined ? {} : { source: event.source }), reason: event.reason, detail: str(event.detail), coalescedInto: event.coalescedInto });
    case 'started':
      return clean({ ...base, ...of(event.message), attempt: event.attempt });
    case 'retrying':
      return clean({ ...base, ...of(event.message), attempt: event.attempt, delayMs: event.delayMs, error: redact(errorOf(event.error)) });
    case 'replied':
    case 'noReply': {
      const { result } = event;
      return clean({
        ...base,
        ...of(result.message),
        attempt: result.attempts,
        durationMs: result.finishedAt - result.startedAt,
        ...(includeText && result.reply !== null ? { reply: str(result.reply.text) } : {}),
        ...(result.cost === undefined ? {} : { cost: result.cost }),
      });
    }
    case 'failed':
      return clean({ ...base, ...of(event.message), attempt: event.attempts, error: redact(errorOf(event.error)) });
    case 'charged':
      return clean({ ...base, ...of(event.message), cost: event.amount, totals: event.totals });
    case 'chargeFailed':
      return clean({ ...base, ...of(event.message), error: redact(errorOf(event.error)) });
    case 'delivered':
      return clean({ ...base, ...of(event.result.message), output: event.output, attempt: event.attempts, duplicate: event.duplicate });
    case 'deliveryRetrying':
      return clean({ ...base, ...of(event.result.message), output: event.output, attempt: event.attempt, delayMs: event.delayMs, error: redact(errorOf(event.error)), intakeHeldUntil: event.intakeHeldUntil });
    case 'deliveryFailed':
      return clean({ ...base, ...of(event.result.message), output: event.output, attempt: event.attempts, error: redact(errorOf(event.error)) });
    case 'inputFailed':
      return clean({ ...base, input: event.input, error: redact(errorOf(event.error)) });
  }
}

/** An error as `{ name, message }` (no stack: stacks leak paths and are long). */
function errorOf(error: unknown): unknown {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: typeof error === 'string' ? error : JSON.stringify(error) ?? String(error) };
}

function clean<T extends object>(fields: T): T {
  for (const key of Object.keys(fields) as (keyof T)[]) if (fields[key] === undefined) delete fields[key];
  return fields;
}
