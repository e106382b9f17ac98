import { performance } from 'node:perf_hooks';
import { percentile } from '../platform/percentile.ts';
import { decideAnswer, type StrategyConfig } from './answer-strategy.ts';
import type { EvalEntry, EvalQuery } from './eval-data.ts';
import type { Candidate, MatchResult } from './types.ts';

/**
 * Evaluation core, independent of where the index lives: the caller injects how the knowledge
 * is loaded and how a query is searched (directly, or through the production service).
 */

export type SearchFn = (text: string) => MatchResult | Promise<MatchResult>;

export interface Thresholds {
  direct: number;
  chitchat: number;
  clarify: number;
}

export interface QueryOutcome {
  query: EvalQuery;
  result: MatchResult;
  ms: number;
}

export interface RankMetrics {
  count: number;
  top1: number;
  recall3: number;
  recall5: number;
  mrr: number;
}

export interface StrategyMetrics {
  /** In-scope: right direct (or small-talk) answer; out-of-scope: no direct/small-talk answer. */
  strategyCorrect: number;
  inScopeCorrect: number;
  /** In-scope handled: the right direct (or small-talk) answer, or the right entry in the clarify list. */
  inScopeHandled: number;
  /** Same as inScopeHandled (older name, kept for scripts reading the JSON). */
  inScopeResolvedOrClarified: number;
  /** Out-of-scope queries that got no direct FAQ answer. */
  oosNoDirect: number;
  /** Out-of-scope fallback: neither a direct (or small-talk) answer nor a clarify list. */
  oosFallback: number;
}

/** One point of the clarify trade-off curve: the strategy at one clarify threshold. */
export interface ClarifyCurvePoint {
  clarify: number;
  inScopeHandled: number;
  oosFallback: number;
  /** Mean number of suggestions in the clarify lists shown (0 when none is shown). */
  meanListLength: number;
}

export interface EvalReport {
  entries: number;
  texts: number;
  queries: { inScope: number; outOfScope: number };
  buildMs: number;
  latencyMs: { p50: number; p99: number; max: number };
  ranking: RankMetrics & { perTag: Record<string, RankMetrics> };
  thresholds: Thresholds;
  strategy: StrategyMetrics & { perTag: Record<string, number> };
  /** Is the top-1 score an honest probability of being right (over all queries, out-of-scope included)? */
  reliability: Reliability;
  /** In-scope handled vs out-of-scope fallback over CLARIFY_CURVE_GRID (direct and small talk as in thresholds). */
  clarifyCurve: ClarifyCurvePoint[];
}

export interface ReliabilityBucket {
  /** Score range [lo, hi). */
  lo: number;
  hi: number;
  count: number;
  meanScore: number;
  /** Share of the bucket's queries whose top-1 candidate is the expected entry. */
  precision: number;
}

export interface Reliability {
  buckets: ReliabilityBucket[];
  /** Expected calibration error: count-weighted mean |mean score − precision| over the buckets. */
  ece: number;
  /** Mean squared error of the top-1 score as a probability of being right. */
  brier: number;
}

export interface EvaluateInput {
  entries: EvalEntry[];
  queries: EvalQuery[];
  /** Builds whatever serves queries for these entries and returns its search function. */
  buildSearch: (entries: EvalEntry[]) => SearchFn | Promise<SearchFn>;
  thresholds: Thresholds;
  clarifyNumber?: number;
}

export async function evaluate(input: EvaluateInput): Promise<{ report: EvalReport; outcomes: QueryOutcome[] }> {
  const t0 = performance.now();
  const search = await input.buildSearch(input.entries);
  const buildMs = performance.now() - t0;
  const outcomes: QueryOutcome[] = [];
  for (const query of input.queries) {
    const start = performance.now();
    const result = await search(query.text);
    outcomes.push({ query, result, ms: performance.now() - start });
  }
  const clarifyNumber = input.clarifyNumber ?? 3;
  const report: EvalReport = {
    entries: input.entries.length,
    texts: input.entries.reduce((n, e) => n + 1 + (e.similar?.length ?? 0), 0),
    queries: {
      inScope: outcomes.filter((o) => o.query.expect !== null).length,
      outOfScope: outcomes.filter((o) => o.query.expect === null).length,
    },
    buildMs,
    latencyMs: latency(outcomes.map((o) => o.ms)),
    ranking: rankingMetrics(outcomes),
    thresholds: input.thresholds,
    strategy: strategyMetrics(outcomes, input.thresholds, clarifyNumber),
    reliability: reliability(outcomes),
    clarifyCurve: clarifyCurve(outcomes, input.thresholds, clarifyNumber),
  };
  return { report, outcomes };
}

/** All candidates of both libraries, best first. */
export function ranked(result: MatchResult): Candidate[] {
  return [...result.faq, ...result.chitchat].sort((a, b) => b.score - a.score);
}

function rankMetrics(outcomes: QueryOutcome[]): RankMetrics {
  let top1 = 0;
  let recall3 = 0;
  let recall5 = 0;
  let mrr = 0;
  for (const o of outcomes) {
    const rank = ranked(o.result).findIndex((c) => c.id === o.query.expect);
    if (rank === 0) top1++;
    if (rank >= 0 && rank < 3) recall3++;
    if (rank >= 0 && rank < 5) recall5++;
    if (rank >= 0) mrr += 1 / (rank + 1);
  }
  const n = outcomes.length || 1;
  return { count: outcomes.length, top1: top1 / n, recall3: recall3 / n, recall5: recall5 / n, mrr: mrr / n };
}

function rankingMetrics(outcomes: QueryOutcome[]): EvalReport['ranking'] {
  const inScope = outcomes.filter((o) => o.query.expect !== null);
  const perTag: Record<string, RankMetrics> = {};
  for (const [tag, group] of groupByTag(inScope)) perTag[tag] = rankMetrics(group);
  return { ...rankMetrics(inScope), perTag };
}

export function strategyConfig(t: Thresholds, clarifyNumber: number): StrategyConfig {
  return {
    directAnsweringReaches: t.direct,
    chitchatEnable: true,
    chitchatReaches: t.chitchat,
    clarifyEnable: true,
    clarifyReaches: t.clarify,
    clarifyNumber,
    // The eval format has no to-agent flag; the detector is covered by unit tests.
    toAgentEnable: false,
  };
}

/** Per query: [strategy correct, resolved-or-clarified (in-scope) / no direct (oos), pure fallback (oos)]. */
function judge(o: QueryOutcome, config: StrategyConfig): [boolean, boolean, boolean] {
  const d = decideAnswer(config, o.result);
  const answered = d.branch === 'direct' || d.branch === 'chitchat';
  if (o.query.expect === null) return [!answered, d.branch !== 'direct', d.branch === 'fallback' || d.branch === 'to_agent'];
  const right = answered && d.entry?.id === o.query.expect;
  const clarified = d.branch === 'clarify' && !!d.suggestions?.some((c) => c.id === o.query.expect);
  return [right, right || clarified, false];
}

export function strategyMetrics(outcomes: QueryOutcome[], t: Thresholds, clarifyNumber: number): EvalReport['strategy'] {
  const config = strategyConfig(t, clarifyNumber);
  const share = (list: QueryOutcome[], pick: 0 | 1 | 2) => (list.length ? list.filter((o) => judge(o, config)[pick]).length / list.length : 0);
  const inScope = outcomes.filter((o) => o.query.expect !== null);
  const oos = outcomes.filter((o) => o.query.expect === null);
  const perTag: Record<string, number> = {};
  for (const [tag, group] of groupByTag(outcomes)) perTag[tag] = share(group, 0);
  const handled = share(inScope, 1);
  return {
    strategyCorrect: share(outcomes, 0),
    inScopeCorrect: share(inScope, 0),
    inScopeHandled: handled,
    inScopeResolvedOrClarified: handled,
    oosNoDirect: share(oos, 1),
    oosFallback: share(oos, 2),
    perTag,
  };
}

/** Clarify thresholds of the trade-off curve (calibrated scale). */
export const CLARIFY_CURVE_GRID: readonly number[] = [0.02, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.375, 0.4, 0.45, 0.5, 0.6, 0.7];

/**
 * The clarify trade-off curve: for each clarify threshold (at or below the direct one), the share
 * of in-scope queries handled and of out-of-scope queries that get the fallback.
 */
export function clarifyCurve(outcomes: QueryOutcome[], t: Thresholds, clarifyNumber: number, grid: readonly number[] = CLARIFY_CURVE_GRID): ClarifyCurvePoint[] {
  const inScope = outcomes.filter((o) => o.query.expect !== null);
  const oos = outcomes.filter((o) => o.query.expect === null);
  const values = [...new Set([...grid.filter((v) => v <= t.direct), t.clarify])].sort((a, b) => a - b);
  return values.map((clarify) => {
    const config = strategyConfig({ ...t, clarify }, clarifyNumber);
    let lists = 0;
    let listed = 0;
    for (const o of outcomes) {
      const d = decideAnswer(config, o.result);
      if (d.branch === 'clarify') {
        lists++;
        listed += d.suggestions?.length ?? 0;
      }
    }
    const share = (list: QueryOutcome[], pick: 1 | 2) => (list.length ? list.filter((o) => judge(o, config)[pick]).length / list.length : 0);
    return { clarify, inScopeHandled: share(inScope, 1), oosFallback: share(oos, 2), meanListLength: lists ? listed / lists : 0 };
  });
}

function groupByTag(outcomes: QueryOutcome[]): Map<string, QueryOutcome[]> {
  const groups = new Map<string, QueryOutcome[]>();
  for (const o of outcomes) {
    const tag = o.query.tag ?? (o.query.expect === null ? 'oos' : 'in-scope');
    const group = groups.get(tag);
    if (group) group.push(o);
    else groups.set(tag, [o]);
  }
  return groups;
}

function latency(ms: number[]): EvalReport['latencyMs'] {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length ? percentile(sorted, p) : 0);
  return { p50: at(50), p99: at(99), max: at(100) };
}

/** Reliability diagram of the top-1 score (both libraries) in equal-width buckets. */
export function reliability(outcomes: QueryOutcome[], bucketCount = 10): Reliability {
  const sums = Array.from({ length: bucketCount }, () => ({ count: 0, score: 0, right: 0 }));
  let brier = 0;
  for (const o of outcomes) {
    const top = ranked(o.result)[0];
    const score = top?.score ?? 0;
    const right = top !== undefined && top.id === o.query.expect ? 1 : 0;
    const b = sums[Math.min(bucketCount - 1, Math.floor(score * bucketCount))];
    b.count++;
    b.score += score;
    b.right += right;
    brier += (score - right) ** 2;
  }
  const n = outcomes.length || 1;
  let ece = 0;
  const buckets = sums.map((b, i) => {
    const meanScore = b.count ? b.score / b.count : 0;
    const precision = b.count ? b.right / b.count : 0;
    ece += (b.count / n) * Math.abs(meanScore - precision);
    return { lo: i / bucketCount, hi: (i + 1) / bucketCount, count: b.count, meanScore, precision };
  });
  return { buckets, ece, brier: brier / n };
}
