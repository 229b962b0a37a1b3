import { MAX_POST_LENGTH, weightedLength } from './weightedLength.js';

/** Options of {@link splitThread} and {@link truncatePost}. */
export interface SplitOptions {
  /** The weighted length each post may have. Default 280. */
  readonly maxLength?: number;
}

/**
 * Splits a text too long for one post into a numbered thread (`… 1/3`, `… 2/3`, …), breaking
 * between words (whitespace inside a part is kept as written), so that every part's {@link weightedLength} fits `maxLength`. A text that fits is
 * returned as a single part without a number. A word longer than a whole part is cut between
 * characters; URLs are never cut (they count 23 wherever they are).
 *
 * @example
 * ```ts
 * import { splitThread } from 'rxagent/twitter';
 * const parts = splitThread('word '.repeat(180)); // 3 parts, each ending " 1/3", " 2/3", " 3/3"
 * ```
 */
export function splitThread(text: string, options: SplitOptions = {}): string[] {
  const maxLength = options.maxLength ?? MAX_POST_LENGTH;
  const trimmed = text.trim();
  if (weightedLength(trimmed) <= maxLength) return [trimmed];
  // The numbering's width depends on the count of parts: guess, split, and redo while it grows.
  let count = 2;
  for (;;) {
    const budget = maxLength - weightedLength(` ${count}/${count}`);
    if (budget < 1) throw new RangeError(`splitThread: maxLength ${maxLength} leaves no room for text next to the numbering`);
    const parts = fill(words(trimmed), budget);
    if (parts.length <= count) return parts.map((part, i) => `${part} ${i + 1}/${parts.length}`);
    count = parts.length;
  }
}

/**
 * Cuts a text to `maxLength` (weighted, as X counts), between words when it can, ending with `…`
 * when it was cut.
 *
 * @example
 * ```ts
 * import { truncatePost } from 'rxagent/twitter';
 * truncatePost('a'.repeat(300)); // 278 × "a" + "…" (which X counts as 2)
 * ```
 */
export function truncatePost(text: string, options: SplitOptions = {}): string {
  const maxLength = options.maxLength ?? MAX_POST_LENGTH;
  const trimmed = text.trim();
  if (weightedLength(trimmed) <= maxLength) return trimmed;
  // X counts "…" (U+2026) as 2: it is outside twitter-text's ranges of weight 1.
  let head = cut(trimmed, maxLength - weightedLength(ELLIPSIS));
  // End on a whole word when the cut fell inside one (and the text has more than one word there).
  const inWord = /\S$/.test(head) && /^\S/.test(trimmed.slice(head.length));
  if (inWord && /\s\S*$/.test(head)) head = head.replace(/\s+\S*$/, '');
  return `${head.trimEnd()}${ELLIPSIS}`;
}

/** Greedily packs words into parts of at most `budget`. */
function fill(tokens: readonly Token[], budget: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const { space, word: token } of tokens) {
    const candidate = current === '' ? token : `${current}${space}${token}`;
    if (weightedLength(candidate) <= budget) {
      current = candidate;
      continue;
    }
    if (current !== '') parts.push(current);
    current = token;
    // A single word longer than a whole part (no URL: those weigh 23) is cut between characters.
    while (weightedLength(current) > budget) {
      const head = cut(current, budget);
      if (head === '') throw new RangeError(`splitThread: maxLength is too small for the character "${[...current][0] ?? ''}"`);
      parts.push(head);
      current = current.slice(head.length);
    }
  }
  if (current !== '') parts.push(current);
  return parts;
}

const ELLIPSIS = '…';
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** The longest prefix of whole graphemes (emoji sequences stay whole) that weighs at most `budget`. */
function cut(text: string, budget: number): string {
  let prefix = '';
  for (const { segment } of segmenter.segment(text)) {
    if (weightedLength(prefix + segment) > budget) break;
    prefix += segment;
  }
  return prefix;
}

/** A word and the whitespace before it, kept so line breaks survive inside a part. */
interface Token {
  readonly space: string;
  readonly word: string;
}

function words(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(/(\s*)(\S+)/g)) tokens.push({ space: match[1] ?? '', word: match[2] ?? '' });
  return tokens;
}
