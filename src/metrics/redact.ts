/** What {@link redactor} hides, besides the built-in rules. */
export interface RedactOptions {
  /** Exact secret values (tokens, keys) to replace wherever they appear in a string. */
  readonly secrets?: readonly string[];
  /** More key names whose values are always hidden (case-insensitive substrings), added to the defaults. */
  readonly keys?: readonly string[];
}

/** Replaces secrets in a value; returns a JSON-safe copy. */
export type Redactor = (value: unknown) => unknown;

/** What replaces a hidden value. */
export const REDACTED = '[REDACTED]';

const DEFAULT_KEYS = ['token', 'secret', 'password', 'passwd', 'authorization', 'apikey', 'api_key', 'api-key', 'cookie', 'credential', 'privatekey', 'private_key'];
// Credentials that announce themselves: bearer headers, key=value pairs, Discord bot tokens, sk-… API keys.
const PATTERNS: readonly [RegExp, string][] = [
  [/\b(Bearer|Basic|Bot)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${REDACTED}`],
  [/\b(token|secret|password|api[_-]?key|access[_-]?key)=([^\s&"']+)/gi, `$1=${REDACTED}`],
  [/\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}\b/g, REDACTED],
  [/\bsk-[A-Za-z0-9_-]{16,}\b/g, REDACTED],
];

/**
 * Builds a function that copies a value with its secrets hidden: values under secret-looking keys
 * (`token`, `password`, `authorization`, …), the exact `secrets` you pass, and credentials that
 * announce themselves (`Bearer …`, `token=…`, Discord bot tokens). Used by `logEvents` and the
 * inspector, so secrets never reach logs or the browser.
 *
 * @example
 * ```ts
 * import { redactor } from 'rxagent/metrics';
 * const redact = redactor({ secrets: [process.env.DISCORD_TOKEN ?? ''] });
 * redact({ headers: { authorization: 'Bot abc' }, note: 'ok' }); // { headers: { authorization: '[REDACTED]' }, note: 'ok' }
 * ```
 */
export function redactor(options: RedactOptions = {}): Redactor {
  const secrets = (options.secrets ?? []).filter((secret) => typeof secret === 'string' && secret.length >= 4);
  const keys = [...DEFAULT_KEYS, ...(options.keys ?? []).map((key) => key.toLowerCase())];
  const hiddenKey = (key: string) => {
    const lower = key.toLowerCase();
    return keys.some((name) => lower.includes(name));
  };
  const text = (value: string): string => {
    let out = value;
    for (const secret of secrets) out = out.split(secret).join(REDACTED);
    for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
    return out;
  };
  const copy = (value: unknown, depth: number, seen: Set<object>): unknown => {
    if (typeof value === 'string') return text(value);
    if (value === null || typeof value !== 'object') return typeof value === 'bigint' || typeof value === 'function' || typeof value === 'symbol' ? String(value) : value;
    if (seen.has(value) || depth > 6) return '[…]';
    seen.add(value);
    try {
      if (value instanceof Error) return { name: value.name, message: text(value.message) };
      if (Array.isArray(value)) return value.slice(0, 50).map((item) => copy(item, depth + 1, seen));
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) out[key] = hiddenKey(key) ? REDACTED : copy(item, depth + 1, seen);
      return out;
    } finally {
      seen.delete(value);
    }
  };
  return (value) => copy(value, 0, new Set());
}
