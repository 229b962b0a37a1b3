import { inspect } from 'node:util';

interface Frame {
  readonly frame: number;
  readonly notification: { readonly kind: string; readonly value?: unknown; readonly error?: unknown };
}

/**
 * A marble timeline (what `expectObservable` compares) as one readable line per notification,
 * `10ms  replied c-1: hello`; `undefined` for anything else (subscription logs).
 * @internal
 */
export function timelineOf(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || !value.every(isFrame)) return undefined;
  return (value as Frame[]).map(({ frame, notification: { kind, value: v, error } }) => {
    const what = kind === 'N' ? show(v) : kind === 'E' ? `error ${show(error)}` : 'complete';
    return `${`${frame}ms`.padStart(8)}  ${what}`;
  });
}

/** Both timelines side by side, the first difference marked with `>`. @internal */
export function timelineDiff(actual: string[], expected: string[]): string {
  let first = 0;
  while (first < actual.length && first < expected.length && actual[first] === expected[first]) first++;
  const block = (lines: string[]) => (lines.length === 0 ? ['           (nothing)'] : lines.map((line, i) => `${i === first ? '>' : ' '} ${line}`));
  return ['marble timelines differ', '', 'expected:', ...block(expected), '', 'actual:', ...block(actual)].join('\n');
}

function isFrame(value: unknown): value is Frame {
  return typeof (value as Frame | null)?.frame === 'number' && typeof (value as Frame).notification?.kind === 'string';
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : inspect(value, { depth: 4, breakLength: Infinity });
}
