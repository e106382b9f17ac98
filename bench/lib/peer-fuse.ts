/**
 * Fuse.js adapters.
 * - classic: Bitap fuzzy match of the whole query against each text (keys: ['text'],
 *   includeScore, ignoreLocation). Threshold default 0.6, plus a sweep.
 * - token search (`useTokenSearch`, new in 7.x and headlined in its README for multi-word
 *   queries): per-word fuzzy match with IDF weighting.
 * Fuse scores are 0 = perfect, 1 = no match; the top score reported is 1 - score.
 */
import Fuse from 'fuse.js';
import { dedupeByEntry } from './eval-data.ts';
import type { IndexDoc } from './eval-data.ts';
import type { PeerVariant } from './peer.ts';
import { segmentZh } from './tokenize.ts';

export const FUSE_DEFAULT_THRESHOLD = 0.6;
export const FUSE_SWEEP = [0.4, 0.6, 0.8, 1.0];
/** default comparison: the docs default and one looser threshold */
export const FUSE_QUICK_SWEEP = [0.6, 0.8];

type Doc = { entry: string; text: string };

function ranker(fuse: Fuse<Doc>, prep: (s: string) => string) {
  return (text: string) => {
    const hits = fuse.search(prep(text));
    return { ids: dedupeByEntry(hits, (h) => h.item.entry), topScore: hits.length ? 1 - (hits[0].score ?? 1) : null };
  };
}

export function fuseClassic(lang: 'zh' | 'en', textMode: 'raw' | 'segmented', threshold: number): PeerVariant {
  const prep = textMode === 'segmented' ? (s: string) => segmentZh(s).join(' ') : (s: string) => s.toLowerCase();
  return {
    library: 'fuse.js',
    variant: `${lang === 'zh' ? `${textMode} ` : ''}threshold=${threshold}`,
    recommended: threshold === FUSE_DEFAULT_THRESHOLD,
    config: { keys: ['text'], includeScore: true, ignoreLocation: true, threshold, text: lang === 'zh' ? textMode : 'raw' },
    build(docs: IndexDoc[]) {
      const fuse = new Fuse<Doc>(
        docs.map((d) => ({ entry: d.entryId, text: prep(d.text) })),
        { keys: ['text'], includeScore: true, ignoreLocation: true, threshold },
      );
      return ranker(fuse, prep);
    },
  };
}

export function fuseToken(lang: 'zh' | 'en'): PeerVariant {
  return {
    library: 'fuse.js',
    variant: 'useTokenSearch',
    recommended: false,
    config: { keys: ['text'], includeScore: true, useTokenSearch: true, threshold: FUSE_DEFAULT_THRESHOLD, tokenize: lang === 'zh' ? 'Intl.Segmenter(zh)' : 'default' },
    build(docs: IndexDoc[]) {
      const fuse = new Fuse<Doc>(
        docs.map((d) => ({ entry: d.entryId, text: d.text.toLowerCase() })),
        {
          keys: ['text'],
          includeScore: true,
          useTokenSearch: true,
          ...(lang === 'zh' ? { tokenize: (s: string) => segmentZh(s) } : {}),
        },
      );
      return ranker(fuse, (s) => s.toLowerCase());
    },
  };
}
