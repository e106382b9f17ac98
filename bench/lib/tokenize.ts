/** Chinese word tokenizer shared by all peers: Intl.Segmenter('zh') word segments, lower-cased. */
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;

/** Word segments of `text`, lower-cased, dropping whitespace/punctuation/symbol-only segments. */
export function segmentZh(text: string): string[] {
  const out: string[] = [];
  for (const s of segmenter.segment(text.toLowerCase())) {
    if (HAS_WORD_CHAR.test(s.segment)) out.push(s.segment);
  }
  return out;
}
