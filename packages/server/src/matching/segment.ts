/**
 * Word segmentation: admin dictionary words are kept whole by forward maximum matching,
 * everything between them goes to ICU's dictionary-based segmenter (Intl.Segmenter, offline).
 */

const icu = new Intl.Segmenter('zh', { granularity: 'word' });
const LATIN_WORD_CHAR = /[\p{Script=Latin}\p{N}]/u;

export class Segmenter {
  private readonly words = new Set<string>();
  /** Longest dictionary word per first character: bounds the max-match probe. */
  private readonly maxLen = new Map<string, number>();

  /** `dictionary` must already be normalised. */
  constructor(dictionary: Iterable<string>) {
    for (const word of dictionary) {
      if (word.length < 2) continue;
      this.words.add(word);
      const first = word[0];
      this.maxLen.set(first, Math.max(this.maxLen.get(first) ?? 0, word.length));
    }
  }

  /** Splits normalised text into word tokens (no spaces or punctuation). */
  segment(text: string): string[] {
    const tokens: string[] = [];
    let gapStart = 0;
    for (let i = 0; i < text.length;) {
      const len = this.dictionaryMatch(text, i);
      if (len === 0) {
        i++;
        continue;
      }
      this.segmentGap(text.slice(gapStart, i), tokens);
      tokens.push(text.slice(i, i + len));
      i += len;
      gapStart = i;
    }
    this.segmentGap(text.slice(gapStart), tokens);
    return tokens;
  }

  /** Length of the longest dictionary word at `pos` (0 if none); Latin words must not be cut mid-word. */
  private dictionaryMatch(text: string, pos: number): number {
    const limit = this.maxLen.get(text[pos]);
    if (limit === undefined) return 0;
    for (let len = Math.min(limit, text.length - pos); len >= 2; len--) {
      if (this.words.has(text.slice(pos, pos + len)) && this.atWordBoundary(text, pos, pos + len)) return len;
    }
    return 0;
  }

  private atWordBoundary(text: string, start: number, end: number): boolean {
    const cuts = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && LATIN_WORD_CHAR.test(a) && LATIN_WORD_CHAR.test(b);
    return !cuts(text[start - 1], text[start]) && !cuts(text[end - 1], text[end]);
  }

  private segmentGap(gap: string, out: string[]): void {
    if (!gap.trim()) return;
    for (const s of icu.segment(gap)) if (s.isWordLike) out.push(s.segment);
  }
}
