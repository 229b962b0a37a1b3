/**
 * X's count of a post's length (twitter-text v3): every URL counts 23, an emoji counts 2, most
 * Latin, Cyrillic, Greek and general punctuation characters count 1, and everything else (CJK,
 * most symbols) counts 2. The text is NFC-normalized first, as X does.
 *
 * URLs are found with a simplified matcher: anything starting with `http://`, `https://` or
 * `www.`, and bare domains with a common top-level domain (`example.com/path`). X's own matcher
 * knows every TLD; a rare TLD written without a scheme is counted character by character here.
 *
 * @example
 * ```ts
 * import { weightedLength } from 'rxagent/twitter';
 * weightedLength('hello'); // 5
 * weightedLength('see https://example.com/a/very/long/path/indeed'); // 4 + 23 = 27
 * weightedLength('日本'); // 4
 * ```
 */
export function weightedLength(text: string): number {
  let total = 0;
  let last = 0;
  const normalized = text.normalize('NFC');
  for (const match of normalized.matchAll(URL_PATTERN)) {
    total += charactersWeight(normalized.slice(last, match.index)) + URL_WEIGHT;
    last = match.index + match[0].length;
  }
  return total + charactersWeight(normalized.slice(last));
}

/** The most a post may weigh on X without a paid subscription. */
export const MAX_POST_LENGTH = 280;

const URL_WEIGHT = 23;
const TLDS = 'com|org|net|io|dev|ai|app|co|me|ly|gl|gg|tv|xyz|info|biz|edu|gov|news|blog|tech|site|online|uk|us|ca|de|fr|es|it|nl|eu|jp|cn|in|br|au|ru|ch|se';
/** A URL as X links it: with a scheme or `www.`, or a bare domain with a known TLD; trailing punctuation is not part of it. */
const URL_PATTERN = new RegExp(
  `(?:https?:\\/\\/|www\\.)[^\\s]+?(?=[.,:;!?)\\]'"]*(?:\\s|$))|(?<![\\w@.\\/-])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:${TLDS})(?![\\w-])(?:\\/[^\\s]*?)?(?=[.,:;!?)\\]'"]*(?:\\s|$))`,
  'giu',
);
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20e3/u;
const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

function charactersWeight(text: string): number {
  if (text === '') return 0;
  let total = 0;
  for (const { segment } of segmenter.segment(text)) {
    if (EMOJI.test(segment)) {
      total += 2; // a whole emoji sequence (ZWJ family, flag, keycap, skin tone) counts once, as 2
      continue;
    }
    for (const char of segment) total += codePointWeight(char.codePointAt(0) ?? 0);
  }
  return total;
}

/** twitter-text v3's ranges that count 1; everything else counts 2. */
function codePointWeight(code: number): number {
  if (code <= 4351) return 1;
  if (code >= 8192 && code <= 8205) return 1;
  if (code >= 8208 && code <= 8223) return 1;
  if (code >= 8242 && code <= 8247) return 1;
  return 2;
}
