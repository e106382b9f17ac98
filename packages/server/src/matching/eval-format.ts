import type { EvalReport, RankMetrics } from './evaluate.ts';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const ms = (x: number) => `${x.toFixed(3)} ms`;

function rankRow(name: string, m: RankMetrics): string {
  return `  ${name.padEnd(14)} ${String(m.count).padStart(5)}  top1 ${pct(m.top1).padStart(6)}  r@3 ${pct(m.recall3).padStart(6)}  r@5 ${pct(m.recall5 ?? 0).padStart(6)}  mrr ${m.mrr.toFixed(3)}`;
}

/** Human-readable table of an evaluation report. */
export function formatReport(title: string, r: EvalReport): string {
  const s = r.strategy;
  const t = r.thresholds;
  return [
    `== ${title}: ${r.entries} entries, ${r.texts} texts, ${r.queries.inScope} in-scope + ${r.queries.outOfScope} out-of-scope queries`,
    `build ${ms(r.buildMs)}   latency p50 ${ms(r.latencyMs.p50)}  p99 ${ms(r.latencyMs.p99)}  max ${ms(r.latencyMs.max)}`,
    'ranking (in-scope):',
    rankRow('all', r.ranking),
    ...Object.entries(r.ranking.perTag).map(([tag, m]) => rankRow(tag, m)),
    `strategy @ direct ${t.direct} / chitchat ${t.chitchat} / clarify ${t.clarify}:`,
    `  strategy correct ${pct(s.strategyCorrect)}   in-scope right answer ${pct(s.inScopeCorrect)}   in-scope handled (right answer or right entry listed) ${pct(s.inScopeHandled)}`,
    `  out-of-scope no direct ${pct(s.oosNoDirect)}   out-of-scope fallback (no answer, no list) ${pct(s.oosFallback)}`,
    `  strategy correct per tag: ${Object.entries(s.perTag)
      .map(([tag, v]) => `${tag} ${pct(v)}`)
      .join(', ')}`,
    ...(r.reliability
      ? [
          `reliability of the top-1 score (all queries): ECE ${r.reliability.ece.toFixed(3)}  Brier ${r.reliability.brier.toFixed(3)}`,
          '  ' +
            r.reliability.buckets
              .filter((b) => b.count > 0)
              .map((b) => `[${b.lo.toFixed(1)},${b.hi.toFixed(1)}) n=${b.count} score ${b.meanScore.toFixed(2)} right ${b.precision.toFixed(2)}`)
              .join('\n  '),
        ]
      : []),
    ...(r.clarifyCurve?.length
      ? [
          `clarify curve (direct ${t.direct} / chitchat ${t.chitchat}; * = current):`,
          '  clarify  in-scope handled  out-of-scope fallback  mean list',
          ...r.clarifyCurve.map(
            (p) =>
              `  ${(p.clarify === t.clarify ? '*' : ' ') + p.clarify.toFixed(3)}  ${pct(p.inScopeHandled).padStart(16)}  ${pct(p.oosFallback).padStart(21)}  ${p.meanListLength.toFixed(2).padStart(9)}`,
          ),
        ]
      : []),
  ].join('\n');
}
