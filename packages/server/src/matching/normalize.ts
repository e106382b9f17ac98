import * as OpenCC from 'opencc-js/t2cn';

// 't' covers both Taiwan and Hong Kong variants; matching only needs one canonical script.
const toSimplified = OpenCC.Converter({ from: 't', to: 'cn' });

// Anything that is neither a letter, a number nor a combining mark separates words.
// '$' '%' '+' '#' '@' carry meaning in questions ("$20", "c++", "50%") so they are kept.
const SEPARATORS = /[^\p{L}\p{N}\p{M}$%+#@.]+/gu;
// A dot only matters inside numbers/versions ("1.5", "v2.0"); elsewhere it is punctuation.
const STRAY_DOTS = /(?<!\p{N})\.|\.(?!\p{N})/gu;
// Apostrophes inside words are dropped ("don't" → "dont") so contractions stay one token.
const INNER_APOSTROPHE = /(?<=\p{L})['’](?=\p{L})/gu;

/**
 * Canonical form used for both indexing and querying:
 * NFKC (full-width → half-width, compatibility forms), traditional → simplified Chinese,
 * lower case, punctuation/emoji folded into single spaces.
 */
export function normalize(text: string): string {
  return toSimplified(text.normalize('NFKC')).toLowerCase().replace(INNER_APOSTROPHE, '').replace(SEPARATORS, ' ').replace(STRAY_DOTS, ' ').replace(/\s+/g, ' ').trim();
}
