import { describe, expect, it } from 'vitest';
import type { EvalEntry, EvalQuery } from './eval-data.ts';
import { formatReport } from './eval-format.ts';
import { evaluate, reliability, type QueryOutcome, type SearchFn } from './evaluate.ts';
import { sweepThresholds } from './threshold-sweep.ts';
import type { Candidate, MatchResult } from './types.ts';

const entries: EvalEntry[] = [
  { id: 'a', kind: 'faq', question: 'a', similar: [] },
  { id: 'b', kind: 'faq', question: 'b', similar: ['bb'] },
  { id: 'hi', kind: 'chitchat', question: 'hi', similar: [] },
];

// A scripted search: each query text names the ranked ids and scores it should return.
const scripted: Record<string, Candidate[]> = {
  qa: [c('a', 0.9), c('b', 0.2)],
  qb: [c('a', 0.5), c('b', 0.45)],
  qhi: [c('hi', 0.8, 'chitchat'), c('a', 0.1)],
  oos: [c('b', 0.3)],
};
function c(id: string, score: number, library: Candidate['library'] = 'faq'): Candidate {
  return { id, library, score, raw: score, matchedText: id };
}
const search: SearchFn = (text) => {
  const list = scripted[text] ?? [];
  const result: MatchResult = {
    faq: list.filter((x) => x.library === 'faq'),
    chitchat: list.filter((x) => x.library === 'chitchat'),
    margin: 0,
    toAgentScore: 0,
  };
  return result;
};
const queries: EvalQuery[] = [
  { text: 'qa', expect: 'a', tag: 'p' },
  { text: 'qb', expect: 'b', tag: 'p' },
  { text: 'qhi', expect: 'hi', tag: 'chitchat' },
  { text: 'oos', expect: null, tag: 'oos' },
];

describe('evaluate', () => {
  it('computes ranking and strategy metrics with an injected search', async () => {
    const { report, outcomes } = await evaluate({
      entries,
      queries,
      buildSearch: () => search,
      thresholds: { direct: 0.6, chitchat: 0.6, clarify: 0.4 },
    });
    expect(report.entries).toBe(3);
    expect(report.texts).toBe(4);
    expect(report.queries).toEqual({ inScope: 3, outOfScope: 1 });
    expect(report.ranking.top1).toBeCloseTo(2 / 3);
    expect(report.ranking.recall3).toBe(1);
    expect(report.ranking.mrr).toBeCloseTo((1 + 0.5 + 1) / 3);
    expect(report.ranking.perTag.p.top1).toBe(0.5);
    expect(report.strategy.inScopeCorrect).toBeCloseTo(2 / 3);
    expect(report.strategy.inScopeResolvedOrClarified).toBe(1);
    expect(report.strategy.inScopeHandled).toBe(1);
    expect(report.strategy.oosNoDirect).toBe(1);
    expect(report.strategy.oosFallback).toBe(1);
    expect(report.strategy.strategyCorrect).toBe(0.75);
    expect(outcomes).toHaveLength(4);
    expect(formatReport('t', report)).toContain('top1');
    expect(JSON.parse(JSON.stringify(report)).latencyMs.p99).toBeGreaterThanOrEqual(0);
  });

  it('reports the clarify curve: in-scope handled and out-of-scope fallback per clarify threshold', async () => {
    const { report } = await evaluate({ entries, queries, buildSearch: () => search, thresholds: { direct: 0.6, chitchat: 0.6, clarify: 0.4 } });
    const at = (clarify: number) => report.clarifyCurve.find((p) => p.clarify === clarify);
    // The out-of-scope query's best score is 0.3: listed below that threshold, fallback from it on.
    expect(at(0.25)).toMatchObject({ inScopeHandled: 1, oosFallback: 0 });
    expect(at(0.3)).toMatchObject({ inScopeHandled: 1, oosFallback: 1, meanListLength: 2 });
    expect(at(0.4)).toMatchObject({ inScopeHandled: 1, oosFallback: 1 });
    // qb's best is 0.5: no list from there on, so only the two direct answers are handled.
    expect(at(0.5)!.inScopeHandled).toBeCloseTo(2 / 3);
    expect(report.clarifyCurve.every((p) => p.clarify <= 0.6)).toBe(true);
    expect(formatReport('t', report)).toContain('clarify curve');
  });

  it('sweeps thresholds to the best balanced strategy accuracy', async () => {
    const { outcomes } = await evaluate({ entries, queries, buildSearch: () => search, thresholds: { direct: 1, chitchat: 1, clarify: 1 } });
    const { thresholds } = sweepThresholds([outcomes]);
    expect(thresholds.direct).toBeGreaterThan(0.3);
    expect(thresholds.direct).toBeLessThanOrEqual(0.5);
    expect(thresholds.chitchat).toBeLessThanOrEqual(0.8);
    expect(thresholds.clarify).toBeLessThanOrEqual(thresholds.direct);
  });
});

describe('reliability', () => {
  const outcome = (score: number, id: string, expect: string | null): QueryOutcome => ({
    query: { text: '', expect },
    result: { faq: [{ id, library: 'faq', score, raw: score, matchedText: '' }], chitchat: [], margin: score, toAgentScore: 0 },
    ms: 0,
  });

  it('buckets the top-1 score and measures its gap to the share of right answers', () => {
    const outcomes = [outcome(0.85, 'a', 'a'), outcome(0.85, 'a', 'b'), outcome(0.15, 'a', null), outcome(0.15, 'a', 'a')];
    const r = reliability(outcomes);
    const high = r.buckets[8];
    expect(high).toMatchObject({ count: 2, precision: 0.5 });
    expect(high.meanScore).toBeCloseTo(0.85);
    expect(r.buckets[1]).toMatchObject({ count: 2, precision: 0.5 });
    expect(r.ece).toBeCloseTo(0.5 * 0.35 + 0.5 * 0.35);
    expect(r.brier).toBeCloseTo((0.15 ** 2 + 0.85 ** 2 + 0.15 ** 2 + 0.85 ** 2) / 4);
  });
});
