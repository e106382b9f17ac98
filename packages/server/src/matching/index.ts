// The FAQ matcher (pure: no I/O): the index, the answer strategy, and the evaluation tools of `parley eval`.
export { CLARIFY_MARGIN, decideAnswer, type AnswerBranch, type StrategyConfig } from './answer-strategy.ts';
export { MatchIndex } from './match-index.ts';
export type { Candidate, KnowledgeEntry, MatchResult } from './types.ts';
export { parseJsonl, type EvalEntry, type EvalQuery } from './eval-data.ts';
export { formatReport } from './eval-format.ts';
export { evaluate, strategyMetrics, type Thresholds } from './evaluate.ts';
export { sweepThresholds } from './threshold-sweep.ts';
