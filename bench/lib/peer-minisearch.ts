/**
 * MiniSearch adapter: BM25 full-text search, one document per question text.
 * Recommended setup from its README: fuzzy 0.2 + prefix, OR-combined terms.
 */
import MiniSearch from 'minisearch';
import { dedupeByEntry } from './eval-data.ts';
import type { PeerVariant } from './peer.ts';
import { segmentZh } from './tokenize.ts';

export function minisearchVariants(lang: 'zh' | 'en'): PeerVariant[] {
  const searchOptions = { fuzzy: 0.2, prefix: true, combineWith: 'OR' as const };
  return [
    {
      library: 'minisearch',
      variant: 'fuzzy0.2+prefix',
      recommended: true,
      config: { ...searchOptions, bm25: 'default', tokenize: lang === 'zh' ? 'Intl.Segmenter(zh)' : 'default' },
      build(docs) {
        const ms = new MiniSearch<{ id: string; entry: string; text: string }>({
          idField: 'id',
          fields: ['text'],
          storeFields: ['entry'],
          // default processTerm lower-cases; for zh the segmenter also lower-cases
          ...(lang === 'zh' ? { tokenize: (s: string) => segmentZh(s) } : {}),
          searchOptions,
        });
        ms.addAll(docs.map((d) => ({ id: d.docId, entry: d.entryId, text: d.text.toLowerCase() })));
        return (text: string) => {
          const hits = ms.search(text.toLowerCase());
          return { ids: dedupeByEntry(hits, (h) => h.entry as string), topScore: hits[0]?.score ?? null };
        };
      },
    },
  ];
}
