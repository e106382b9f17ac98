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
  /** Share of the query's weight made of terms the candidate's questions contain. */
  coverage: number;
}

/** Logistic coefficients (bias, raw, gap, coverage); regenerate with fit-calibration.ts. */
export const CALIBRATION = { bias: -3.318, raw: 3.365, gap: 4.323, coverage: 1.534 } as const;

export function featureVector(f: ScoreFeatures): number[] {
  return [1, f.raw, f.gap, f.coverage];
}

/** CALIBRATION in featureVector order. */
export const CALIBRATION_WEIGHTS: readonly number[] = [CALIBRATION.bias, CALIBRATION.raw, CALIBRATION.gap, CALIBRATION.coverage];

export function calibrate(f: ScoreFeatures, w: readonly number[] = CALIBRATION_WEIGHTS): number {
  const x = featureVector(f);
  let z = 0;
  for (let i = 0; i < x.length; i++) z += w[i] * x[i];
  return 1 / (1 + Math.exp(-z));
}
