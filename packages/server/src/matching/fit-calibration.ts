/**
 * Offline: fits the CALIBRATION constants on self-supervised samples from knowledge files.
 *   node --import tsx packages/server/src/matching/fit-calibration.ts <dir> [<dir> ...]
 * Reads only knowledge.jsonl of each directory; queries are never used.
 */
import { CALIBRATION_WEIGHTS, FEATURE_NAMES } from './calibration.ts';
import { loadEvalSet, toKnowledgeEntry } from './eval-data.ts';
import { fitLogistic, logLoss, type Sample } from './logistic.ts';
import { MatchIndex } from './match-index.ts';
import { selfSupervisedSamples } from './self-supervision.ts';

const samples: Sample[] = [];
const dirs = process.argv.slice(2);
for (const dir of dirs) {
  const entries = loadEvalSet(dir).entries.map(toKnowledgeEntry);
  const set = selfSupervisedSamples(new MatchIndex(entries), entries);
  for (const s of set) s.weight /= dirs.length;
  samples.push(...set);
  console.log(`${dir}: ${set.length} samples`);
}
const w = fitLogistic(samples, 1e-5);
console.log(`log loss: current ${logLoss(samples, [...CALIBRATION_WEIGHTS]).toFixed(4)}  fitted ${logLoss(samples, w).toFixed(4)}`);
console.log(`export const CALIBRATION = { ${FEATURE_NAMES.map((name, i) => `${name}: ${w[i].toFixed(3)}`).join(', ')} } as const;`);
