import { normalize } from './normalize.ts';
import { Segmenter } from './segment.ts';
import { isStopWord, stem } from './stem.ts';
import type { MatcherOptions } from './types.ts';

/**
 * Turns text into a bag of weighted terms over several views, each prefixed so they share one
 * vector space: `w:` Latin words (stemmed) and `W:` CJK words (synonyms folded in both),
 * `b:` adjacent Latin word pairs (some word order), `g:` CJK character bigrams and Latin
 * character trigrams (robust to typos and segmentation errors), `u:` CJK single characters
 * (homophone typos such as 收获/收货 still share one character).
 * Stop words stay as words (IDF across entries discounts them, and they tell "my" from
 * "your"); they only skip the trigram view, where they would add noise and long posting lists.
 */

/**
 * Relative weight of each view. Chinese leans on single characters more than on ICU words:
 * short questions, segmentation that varies with context, and homophone typos make character
 * overlap the more reliable signal (chosen on leave-one-question-out accuracy).
 */
export const VIEW_WEIGHTS = { word: 1, wordPair: 0.6, cjkWord: 0.6, gram: 0.6, char: 1.2 } as const;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CJK_ONLY = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+$/u;
// Particles that carry no meaning for matching; kept minimal because small talk relies on short words.
const CJK_STOP_WORDS = new Set(['的', '了', '请问', '一下', '呢', '吧', '啊', '呀']);

const VIEW_OF_PREFIX: Record<string, number> = {
  w: VIEW_WEIGHTS.word,
  b: VIEW_WEIGHTS.wordPair,
  W: VIEW_WEIGHTS.cjkWord,
  g: VIEW_WEIGHTS.gram,
  u: VIEW_WEIGHTS.char,
};

export type TermBag = Map<string, number>;

export class Tokenizer {
  private readonly segmenter: Segmenter;
  private readonly canonical = new Map<string, string>();

  constructor(options: MatcherOptions = {}) {
    const dictionary = (options.dictionary ?? []).map(normalize);
    for (const group of options.synonyms ?? []) {
      const members = group.map(normalize).filter(Boolean);
      for (const member of members) {
        this.canonical.set(member, members[0]);
        this.canonical.set(stem(member), members[0]);
        dictionary.push(member);
      }
    }
    this.segmenter = new Segmenter(dictionary);
  }

  /** Word tokens after normalisation, segmentation and synonym folding (no stemming). */
  words(text: string): string[] {
    return this.segmenter.segment(normalize(text)).map((w) => this.canonical.get(w) ?? this.canonical.get(stem(w)) ?? w);
  }

  /** Weighted term bag of `text`: view weight × sublinear term frequency. */
  terms(text: string): TermBag {
    const counts = new Map<string, number>();
    const add = (term: string) => counts.set(term, (counts.get(term) ?? 0) + 1);
    let cjkRun = '';
    let previous = '';
    for (const word of this.words(text)) {
      if (CJK_ONLY.test(word)) {
        cjkRun += word;
        if (!CJK_STOP_WORDS.has(word)) add('W:' + word);
        previous = '';
        continue;
      }
      addCjkGrams(cjkRun, add);
      cjkRun = '';
      if (CJK.test(word)) continue;
      const stemmed = stem(word);
      add('w:' + stemmed);
      if (previous) add(`b:${previous}_${stemmed}`);
      previous = stemmed;
      if (!isStopWord(word)) addLatinGrams(word, add);
    }
    addCjkGrams(cjkRun, add);
    return weigh(counts);
  }
}

function addCjkGrams(run: string, add: (term: string) => void): void {
  const chars = [...run];
  for (let i = 0; i < chars.length; i++) {
    add('u:' + chars[i]);
    if (i + 1 < chars.length) add('g:' + chars[i] + chars[i + 1]);
  }
}

function addLatinGrams(word: string, add: (term: string) => void): void {
  const padded = `^${word}$`;
  for (let i = 0; i + 3 <= padded.length; i++) add('g:' + padded.slice(i, i + 3));
}

function weigh(counts: Map<string, number>): TermBag {
  const bag: TermBag = new Map();
  for (const [term, n] of counts) {
    bag.set(term, VIEW_OF_PREFIX[term[0]] * (1 + Math.log(n)));
  }
  return bag;
}
