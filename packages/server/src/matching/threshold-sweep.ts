import { strategyMetrics, type QueryOutcome, type Thresholds } from './evaluate.ts';

/**
 * Grid search for thresholds over one or more evaluated data sets at once (objectives are
 * averaged per set, so one set of defaults serves every robot).
 * Direct/small-talk thresholds maximise balanced strategy accuracy (mean of in-scope right
 * answers and out-of-scope rejections). The clarify threshold then maximises in-scope
 * "answered or clarified" plus half the out-of-scope pure-fallback share: a suggestion list
 * shown to an out-of-scope user costs less than a right suggestion withheld from an in-scope one.
 */

export interface SweepResult {
  thresholds: Thresholds;
  /** Balanced strategy accuracy at the chosen direct/small-talk thresholds. */
  answerObjective: number;
  clarifyObjective: number;
}

const OOS_CLARIFY_COST = 0.5;
// 0.01 … 0.95: calibrated scores of uncertain matches are small, so the grid starts low.
const GRID = [0.01, 0.02, 0.03, 0.04, ...Array.from({ length: 37 }, (_, i) => Math.round((0.05 + i * 0.025) * 1000) / 1000)];

export function sweepThresholds(sets: QueryOutcome[][], clarifyNumber = 3): SweepResult {
  const mean = (f: (o: QueryOutcome[]) => number) => sets.reduce((s, o) => s + f(o), 0) / sets.length;
  let best = { direct: 0.5, chitchat: 0.5, objective: -1 };
  for (const direct of GRID) {
    for (const chitchat of GRID) {
      const objective = mean((o) => {
        const m = strategyMetrics(o, { direct, chitchat, clarify: 1 }, clarifyNumber);
        return balanced(o, m.inScopeCorrect, m.strategyCorrect);
      });
      if (objective > best.objective) best = { direct, chitchat, objective };
    }
  }
  let clarify = { value: best.direct, objective: -1 };
  for (const value of GRID.filter((v) => v <= best.direct)) {
    const objective = mean((o) => {
      const m = strategyMetrics(o, { direct: best.direct, chitchat: best.chitchat, clarify: value }, clarifyNumber);
      return (m.inScopeHandled + OOS_CLARIFY_COST * m.oosFallback) / (1 + OOS_CLARIFY_COST);
    });
    if (objective > clarify.objective) clarify = { value, objective };
  }
  return {
    thresholds: { direct: best.direct, chitchat: best.chitchat, clarify: clarify.value },
    answerObjective: best.objective,
    clarifyObjective: clarify.objective,
  };
}

/** Mean of in-scope accuracy and out-of-scope rejection, recovered from the overall share. */
function balanced(outcomes: QueryOutcome[], inScopeCorrect: number, overall: number): number {
  const oos = outcomes.filter((o) => o.query.expect === null).length;
  if (oos === 0) return inScopeCorrect;
  const inScope = outcomes.length - oos;
  const oosCorrect = (overall * outcomes.length - inScopeCorrect * inScope) / oos;
  return (inScopeCorrect + oosCorrect) / 2;
}
