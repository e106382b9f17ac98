import { featureVector } from './calibration.ts';
import type { Sample } from './logistic.ts';
import type { MatchIndex, RankedEntry } from './match-index.ts';
import type { KnowledgeEntry } from './types.ts';

/**
 * Self-supervised calibration samples from a knowledge base alone:
 * - leave-one-question-out: each question, removed from its entry, is a realistic in-scope
 *   query whose right answer is known;
 * - leave-one-entry-out: each question of an entry removed entirely is a realistic
 *   out-of-scope / near-miss query: every candidate is wrong.
 * Out-of-scope queries get `oosPrior` of the total weight. Leave-entry-out queries are near
 * misses from the same domain, harder than typical out-of-scope traffic, so a prior below the
 * real out-of-scope share (~15-20%) calibrates best: 0.1 was chosen among 0.03-0.2 by the
 * reliability (ECE) on CLINC150 val and zh-faq-dev queries. Weights are per query (a query
 * contributes up to candidatesPerQuery samples); every data set gets the same total weight.
 */
export const OOS_PRIOR = 0.1;

export function selfSupervisedSamples(index: MatchIndex, entries: KnowledgeEntry[], candidatesPerQuery = 3, oosPrior = OOS_PRIOR): Sample[] {
  const inScope: Sample[] = [];
  const outOfScope: Sample[] = [];
  let queriesIn = 0;
  let queriesOut = 0;
  const collect = (ranked: RankedEntry[], rightId: string | undefined, into: Sample[]) => {
    if (rightId === undefined) queriesOut++;
    else queriesIn++;
    for (const r of ranked.slice(0, candidatesPerQuery)) into.push({ x: featureVector(r), y: r.entry.id === rightId ? 1 : 0, weight: 1 });
  };
  for (const entry of entries) {
    const texts = [entry.question, ...entry.similar];
    if (texts.length > 1) {
      texts.forEach((held, i) => {
        const rest = texts.filter((_, j) => j !== i);
        index.upsert({ ...entry, question: rest[0], similar: rest.slice(1) });
        collect(index.rank(held, candidatesPerQuery), entry.id, inScope);
      });
      index.upsert(entry);
    }
    index.remove(entry.id);
    for (const held of texts) collect(index.rank(held, candidatesPerQuery), undefined, outOfScope);
    index.upsert(entry);
  }
  // Weight per query (each contributes up to candidatesPerQuery samples).
  for (const s of inScope) s.weight = (1 - oosPrior) / Math.max(1, queriesIn);
  for (const s of outOfScope) s.weight = oosPrior / Math.max(1, queriesOut);
  return [...inScope, ...outOfScope];
}
