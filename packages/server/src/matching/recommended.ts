/**
 * Default thresholds on the calibrated scale, from a joint sweep over CLINC150 val (English)
 * and zh-faq-dev (Chinese): direct/small talk keep ≥ 90% of out-of-scope queries from a direct
 * answer on both; clarify is low because a suggestion list is the cheap way to recover the
 * in-scope queries that lexical matching ranks 2nd or 3rd.
 */
export const RECOMMENDED_THRESHOLDS = { direct: 0.25, chitchat: 0.25, clarify: 0.05 } as const;
