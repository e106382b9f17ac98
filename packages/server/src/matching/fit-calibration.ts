/**
 * Offline: fits the CALIBRATION constants on self-supervised samples from knowledge files.
 *   node --import tsx packages/server/src/matching/fit-calibration.ts <dir> [<dir> ...]
 * Reads only knowledge.jsonl of each directory; queries are never used. The shipped constants
 * come from CLINC150 knowledge with 2, 5 and 10 questions per intent (convert-clinc150.mjs
 * --shots 2|5|10, training split only) and zh-faq-dev's knowledge:
 *   fit-calibration.ts clinc150/k2 clinc150/k5 clinc150/k10 zh-faq-dev
 * Each knowledge base is also split into interleaved halves and quarters, so that the index
 * size varies within one domain: otherwise the size coefficient would only tell the data sets
 * apart instead of measuring how confusable a larger index is.
 */
import { CALIBRATION_WEIGHTS, FEATURE_NAMES } from './calibration.ts';
import { loadEvalSet, toKnowledgeEntry } from './eval-data.ts';
import { fitLogistic, logLoss, type Sample } from './logistic.ts';
import { MatchIndex } from './match-index.ts';
import { selfSupervisedSamples } from './self-supervision.ts';
import type { KnowledgeEntry } from './types.ts';

const SPLITS = [1, 2, 4];

const bases: { name: string; entries: KnowledgeEntry[] }[] = [];
for (const dir of process.argv.slice(2)) {
  const all = loadEvalSet(dir).entries.map(toKnowledgeEntry);
  for (const parts of SPLITS) {
    for (let p = 0; p < parts; p++) bases.push({ name: `${dir} ${p + 1}/${parts}`, entries: all.filter((_, i) => i % parts === p) });
  }
}
const samples: Sample[] = [];
for (const { name, entries } of bases) {
  const set = selfSupervisedSamples(new MatchIndex(entries), entries);
  for (const s of set) s.weight /= bases.length;
  samples.push(...set);
  console.log(`${name}: ${entries.length} entries, ${set.length} samples`);
}
const w = fitLogistic(samples, 1e-5);
console.log(`log loss: current ${logLoss(samples, [...CALIBRATION_WEIGHTS]).toFixed(4)}  fitted ${logLoss(samples, w).toFixed(4)}`);
console.log(`export const CALIBRATION = { ${FEATURE_NAMES.map((name, i) => `${name}: ${w[i].toFixed(3)}`).join(', ')} } as const;`);
