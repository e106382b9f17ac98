/**
 * Default thresholds on the calibrated scale (a score is the estimated probability that the
 * entry is right), chosen jointly on CLINC150 val (English) and zh-faq-dev (Chinese) with
 * clarifyNumber 5:
 * - direct 0.7: keeps ≥ 85% of out-of-scope queries from a direct answer on both sets (0.6
 *   lets ~17% of the Chinese out-of-scope queries through), and ≥ 0.7 means ~85% of the direct
 *   answers given are right;
 * - small talk 0.5: small-talk entries are short, so a wrong one costs little;
 * - clarify 0.375: a list only when the best match is plausible, listing the candidates within
 *   CLARIFY_MARGIN of it; below, out-of-scope questions get the fallback. The old 0.02 showed a
 *   list for every out-of-scope query (0% fallback on both sets). 0.375 is the middle of the
 *   flat part of the clarify curve of `parley eval` (mean of in-scope handled and half the
 *   out-of-scope fallback share, both sets) and the choice on three held-out half splits.
 */
export const RECOMMENDED_THRESHOLDS = { direct: 0.7, chitchat: 0.5, clarify: 0.375 } as const;

/** Suggestions in a clarify list: 5 recovers 3-4 points of in-scope queries over 3. */
export const RECOMMENDED_CLARIFY_NUMBER = 5;
