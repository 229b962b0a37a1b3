import type { ParsedFields } from 'node-cron';

interface Parts {
  readonly second: number;
  readonly minute: number;
  readonly hour: number;
  readonly day: number;
  readonly month: number;
  readonly weekday: number;
}

const WEEKDAYS: Readonly<Record<string, number>> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();
const FIVE_YEARS_MS = 5 * 366 * 86_400_000;

/**
 * The first whole second strictly after `afterMs` at which the schedule fires, or `undefined` if it
 * never fires within five years. The parsed fields skip ahead by whole hours, minutes and seconds;
 * node-cron's own matcher (`matches`) has the final word, so its semantics (`L`, `#`) hold exactly.
 * @internal
 */
export function nextFireTime(fields: ParsedFields, matches: (date: Date) => boolean, afterMs: number, timezone?: string): number | undefined {
  const seconds = sorted(fields.second);
  const minutes = sorted(fields.minute);
  const hours = new Set(fields.hour);
  const months = new Set(fields.month);
  const numericDays = fields.dayOfMonth.every(isNumber) && fields.dayOfWeek.every(isNumber);
  const days = new Set(fields.dayOfMonth);
  const weekdays = new Set(fields.dayOfWeek.map((d) => (d === 7 ? 0 : d)));
  const limit = afterMs + FIVE_YEARS_MS;
  let t = Math.floor(afterMs / 1000) * 1000 + 1000;
  while (t <= limit) {
    const c = partsOf(t, timezone);
    const toNextHour = (3600 - c.minute * 60 - c.second) * 1000;
    if (!months.has(c.month) || !hours.has(c.hour) || (numericDays && !(days.has(c.day) && weekdays.has(c.weekday)))) {
      t += toNextHour;
    } else if (!minutes.includes(c.minute)) {
      const next = minutes.find((m) => m > c.minute);
      t += next === undefined ? toNextHour : ((next - c.minute) * 60 - c.second) * 1000;
    } else if (!seconds.includes(c.second)) {
      const next = seconds.find((s) => s > c.second);
      t += next === undefined ? (60 - c.second) * 1000 : (next - c.second) * 1000;
    } else if (matches(new Date(t))) {
      return t;
    } else {
      // Every numeric field matched, so node-cron refused the day (`L`, `#`): try the next hour.
      t += toNextHour;
    }
  }
  return undefined;
}

function partsOf(t: number, timezone: string | undefined): Parts {
  if (timezone === undefined) {
    const d = new Date(t);
    return { second: d.getSeconds(), minute: d.getMinutes(), hour: d.getHours(), day: d.getDate(), month: d.getMonth() + 1, weekday: d.getDay() };
  }
  const values: Record<string, string> = {};
  for (const part of formatterFor(timezone).formatToParts(t)) values[part.type] = part.value;
  return {
    second: Number(values.second),
    minute: Number(values.minute),
    hour: Number(values.hour),
    day: Number(values.day),
    month: Number(values.month),
    weekday: WEEKDAYS[values.weekday ?? 'Sun'] ?? 0,
  };
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function sorted(values: readonly (number | string)[]): number[] {
  return values.filter(isNumber).sort((a, b) => a - b);
}

function isNumber(value: number | string): value is number {
  return typeof value === 'number';
}
