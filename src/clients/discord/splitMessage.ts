/** Discord's limit on one message's content, in characters (UTF-16 code units, as Discord counts). */
export const MAX_MESSAGE_LENGTH = 2000;

/**
 * Splits a reply into messages of at most `maxLength` characters, in order: at the last line break
 * in the second half of the window, else the last space, else any earlier break, else (one long
 * word) at the limit, never inside a surrogate pair. The break itself is dropped; no part is blank.
 *
 * @example
 * ```ts
 * import { splitMessage } from 'rxagent/discord';
 * splitMessage('a'.repeat(1500) + '\n' + 'b'.repeat(1500)); // ['aaa…', 'bbb…']: two messages
 * ```
 */
export function splitMessage(text: string, maxLength: number = MAX_MESSAGE_LENGTH): string[] {
  if (!Number.isInteger(maxLength) || maxLength < 2) throw new RangeError(`maxLength must be a whole number of at least 2 (got ${maxLength})`);
  const parts: string[] = [];
  let rest = text;
  while (rest.length > maxLength) {
    const cut = breakAt(rest, maxLength);
    push(parts, rest.slice(0, cut.at));
    rest = rest.slice(cut.at + cut.skip).replace(/^\n+/, '');
  }
  push(parts, rest);
  return parts;
}

function breakAt(text: string, maxLength: number): { at: number; skip: number } {
  // The window includes the character just past the limit: a break there still leaves a full part.
  const window = text.slice(0, maxLength + 1);
  const line = window.lastIndexOf('\n');
  const space = Math.max(window.lastIndexOf(' '), window.lastIndexOf('\t'));
  const half = maxLength / 2;
  if (line >= half) return { at: line, skip: 1 };
  if (space >= half) return { at: space, skip: 1 };
  const earlier = Math.max(line, space);
  if (earlier > 0) return { at: earlier, skip: 1 };
  const code = text.charCodeAt(maxLength - 1);
  const highSurrogate = code >= 0xd800 && code <= 0xdbff;
  return { at: highSurrogate ? maxLength - 1 : maxLength, skip: 0 };
}

function push(parts: string[], part: string): void {
  const trimmed = part.trimEnd();
  if (trimmed.trim() !== '') parts.push(trimmed);
}
