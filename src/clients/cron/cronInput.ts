import { createTask, validateDetailed, type ParsedFields } from 'node-cron';
import { Observable, asyncScheduler, type SchedulerLike } from 'rxjs';
import type { NamedInput } from '../../io/AgentInput.js';
import type { AgentMessage } from '../../messages/AgentMessage.js';
import { ConfigError } from '../../runtime/errors.js';
import { nextFireTime } from './nextFireTime.js';

/** Options of {@link cronInput}. */
export interface CronInputOptions {
  /** A cron expression, 5 fields (minute hour day month weekday) or 6 (with seconds first), as node-cron reads it. */
  readonly expression: string;
  /** The message text, or a function of the fire time (epoch ms). Default `cron: <expression>`. */
  readonly text?: string | ((firedAt: number) => string);
  /** The input's name, which becomes each message's `source`. Default `cron`. */
  readonly name?: string;
  /** The conversation the ticks belong to. Default `cron:<name>`. */
  readonly conversationId?: string;
  /** An IANA time zone such as `Europe/Paris`. Default: the process's local time. */
  readonly timezone?: string;
  /** Drives the schedule; a `TestScheduler` runs a day of ticks in virtual time. Default `asyncScheduler`. */
  readonly scheduler?: SchedulerLike;
}

/**
 * An input that emits a message on a cron schedule. The expression is checked at construction
 * (a mistake throws, naming the field and the reason); subscribing starts the schedule,
 * unsubscribing stops it. node-cron decides which times match; the fire times are driven by the
 * scheduler, so the same input runs in real and in virtual time.
 *
 * @example
 * ```ts
 * import { cronInput } from 'rxagent/cron';
 * const heartbeat = cronInput({ expression: '*\/10 * * * * *', text: 'heartbeat' });
 * ```
 */
export function cronInput(options: CronInputOptions): NamedInput<AgentMessage> {
  const { expression, name = 'cron', timezone, scheduler = asyncScheduler } = options ?? ({} as CronInputOptions);
  const fields = parseExpression(expression);
  if (timezone !== undefined) checkTimezone(timezone);
  const conversationId = options.conversationId ?? `cron:${name}`;
  const textOf = typeof options.text === 'function' ? options.text : () => (options.text as string | undefined) ?? `cron: ${expression}`;

  const messages$ = new Observable<AgentMessage>((subscriber) => {
    // node-cron's matcher, created stopped: it never runs a timer of its own.
    const task = createTask(expression, () => undefined, timezone === undefined ? {} : { timezone });
    const matches = (date: Date) => task.match(date);
    let timer: { unsubscribe(): void } | undefined;
    const scheduleAfter = (after: number) => {
      const at = nextFireTime(fields, matches, after, timezone);
      if (at === undefined) return subscriber.complete();
      timer = scheduler.schedule(() => {
        subscriber.next({ id: `${name}-${at}`, conversationId, text: textOf(at), source: name, timestamp: at, metadata: { cron: expression, scheduledAt: at } });
        scheduleAfter(at);
      }, Math.max(0, at - scheduler.now()));
    };
    scheduleAfter(scheduler.now());
    return () => {
      timer?.unsubscribe();
      void task.destroy();
    };
  });
  return { name, messages$ };
}

function parseExpression(expression: unknown): ParsedFields {
  if (typeof expression !== 'string' || expression.trim() === '') {
    throw new ConfigError('expression', `must be a cron expression such as "*/5 * * * *" (got ${JSON.stringify(expression)})`);
  }
  const validation = validateDetailed(expression);
  if (!validation.valid || validation.fields === undefined) {
    const reasons = validation.errors.map((e) => `${e.field}: ${e.message}`).join('; ');
    throw new ConfigError('expression', `"${expression}" is not a valid cron expression (${reasons}); use 5 fields "minute hour day month weekday" or 6 with seconds first, e.g. "*/5 * * * *"`);
  }
  return validation.fields;
}

function checkTimezone(timezone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    throw new ConfigError('timezone', `"${timezone}" is not an IANA time zone; use a name such as "UTC" or "Europe/Paris"`);
  }
}
