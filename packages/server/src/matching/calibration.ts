/**
 * Maps similarity features to a probability that the candidate is the right entry, so one
 * threshold means the same on every robot, language and knowledge-base size.
 * Coefficients are fitted offline by `fit-calibration.ts` on self-supervised signal only
 * (leave-one-question-out and leave-one-entry-out over knowledge bases), never on test queries.
 */

export interface ScoreFeatures {
  /** Similarity of the candidate, in [0,1]. */
  raw: number;
  /** Candidate's similarity minus the best other entry's (negative below rank 1). */
  gap: number;
  /**
   * Share of the query's weight made of terms the candidate's questions contain. Not used by the
   * calibration any more: its coefficient came out negative, which made the calibrated order
   * disagree with the similarity order.
   */
  coverage?: number;
  /** Number of entries in the index. */
  entries?: number;
  /** Norm of the query's weighted term vector (grows with length and rare words). */
  queryWeight?: number;
  /** Whether the candidate is the best by raw similarity. */
  top?: boolean;
  /** Mean number of questions (standard + similar) per entry in the index. */
  textsPerEntry?: number;
}

/**
 * Logistic coefficients; regenerate with fit-calibration.ts. The index size matters because
 * the more entries there are, the more likely a wrong entry scores high by chance; the query
 * weight because long queries with rare words reach lower cosines even when right; `top`
 * because the best candidate is right far more often than a runner-up at the same similarity;
 * questions per entry barely matter once the others are known (fitted ≈ 0).
 * Every coefficient that varies between candidates of one query is positive, so the calibrated
 * score orders candidates exactly like the similarity does.
 */
export const CALIBRATION = { bias: -2.747, raw: 5.467, gap: 10.14, logEntries: -0.317, logQueryWeight: 0.529, top: 0.455, logTextsPerEntry: 0.047 } as const;

export const FEATURE_NAMES = ['bias', 'raw', 'gap', 'logEntries', 'logQueryWeight', 'top', 'logTextsPerEntry'] as const;

export function featureVector(f: ScoreFeatures): number[] {
  return [1, f.raw, f.gap, Math.log(Math.max(1, f.entries ?? 100)), Math.log(Math.max(1e-3, f.queryWeight ?? 1)), f.top ? 1 : 0, Math.log(Math.max(1, f.textsPerEntry ?? 5))];
}

/** CALIBRATION in featureVector order. */
export const CALIBRATION_WEIGHTS: readonly number[] = FEATURE_NAMES.map((name) => CALIBRATION[name]);

export function calibrate(f: ScoreFeatures, w: readonly number[] = CALIBRATION_WEIGHTS): number {
  const z =
    w[0] +
    w[1] * f.raw +
    w[2] * f.gap +
    w[3] * Math.log(Math.max(1, f.entries ?? 100)) +
    w[4] * Math.log(Math.max(1e-3, f.queryWeight ?? 1)) +
    (f.top ? w[5] : 0) +
    w[6] * Math.log(Math.max(1, f.textsPerEntry ?? 5));
  return 1 / (1 + Math.exp(-z));
}
