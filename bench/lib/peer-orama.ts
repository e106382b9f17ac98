/**
 * Orama adapter: string schema, BM25 full-text `search` with typo tolerance.
 * For Chinese, a custom tokenizer component built on Intl.Segmenter.
 */
import { create, insertMultiple, search } from '@orama/orama';
import type { Tokenizer } from '@orama/orama';
import { dedupeByEntry } from './eval-data.ts';
import type { IndexDoc } from './eval-data.ts';
import type { PeerVariant } from './peer.ts';
import { segmentZh } from './tokenize.ts';

function zhTokenizer(): Tokenizer {
  return {
    language: 'chinese',
    normalizationCache: new Map(),
    tokenize: (raw: string) => [...new Set(segmentZh(raw))], // same de-dup as Orama's default tokenizer
  };
}

function variant(lang: 'zh' | 'en', tolerance: number, recommended: boolean): PeerVariant {
  return {
    library: '@orama/orama',
    variant: `tolerance=${tolerance}`,
    recommended,
    config: { tolerance, threshold: 'default (1 = any term)', tokenizer: lang === 'zh' ? 'custom Intl.Segmenter(zh)' : 'default english, no stemming' },
    async build(docs: IndexDoc[]) {
      const db = create({
        schema: { text: 'string', entry: 'string' } as const,
        ...(lang === 'zh' ? { components: { tokenizer: zhTokenizer() } } : {}),
      });
      await insertMultiple(
        db,
        docs.map((d) => ({ id: d.docId, entry: d.entryId, text: d.text.toLowerCase() })),
      );
      const limit = docs.length; // full ranking, so recall@3 / MRR are not cut at the default 10
      return async (text: string) => {
        const res = await search(db, { term: text.toLowerCase(), properties: ['text'], tolerance, limit });
        return { ids: dedupeByEntry(res.hits, (h) => h.document.entry), topScore: res.hits[0]?.score ?? null };
      };
    },
  };
}

export function oramaVariants(lang: 'zh' | 'en'): PeerVariant[] {
  // tolerance 1 is the brief's setting; for Chinese also tolerance 0, since edit distance 1 on a
  // 1-2 character word matches almost any other short word
  return lang === 'zh' ? [variant(lang, 1, true), variant(lang, 0, false)] : [variant(lang, 1, true)];
}
