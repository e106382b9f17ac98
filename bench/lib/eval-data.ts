/**
 * Shared loader + metrics for FAQ-matching benchmarks.
 *
 * Data format: shared/eval/README.md (knowledge.jsonl + queries.jsonl).
 * Used by bench/faq-peers.ts and meant to be reused by Parley's own matcher bench,
 * so both sides score the same files the same way.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseJsonl, type EvalEntry as KnowledgeEntry, type EvalQuery } from '../../packages/server/src/matching/eval-data.ts';
import { percentile } from '../../packages/server/src/platform/percentile.ts';

// The eval format (shared/eval/README.md) is defined once, by the matcher's evaluation code.
export type { EvalEntry as KnowledgeEntry, EvalQuery } from '../../packages/server/src/matching/eval-data.ts';

export interface EvalSet {
  /** short name, derived from the directory (e.g. "clinc150/k5") */
  name: string;
  dir: string;
  /** 'zh' when the knowledge base is mostly CJK text, else 'en' */
  lang: 'zh' | 'en';
  knowledge: KnowledgeEntry[];
  queries: EvalQuery[];
}

/** One indexable text: a standard question or a similar question, pointing at its entry. */
export interface IndexDoc {
  /** unique per text, e.g. "card_arrival#0" (0 = standard question) */
  docId: string;
  entryId: string;
  text: string;
}

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const sharedDir = process.env.PARLEY_SHARED_DIR ? path.resolve(repoRoot, process.env.PARLEY_SHARED_DIR) : path.resolve(repoRoot, '../shared');

/** Resolve a data directory: absolute, or relative to the repo root. */
export function resolveDataDir(dir: string): string {
  return path.resolve(repoRoot, dir);
}

const readJsonl = <T>(file: string): T[] => parseJsonl<T>(readFileSync(file, 'utf8'), file);

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

export function loadEvalSet(dir: string): EvalSet {
  const abs = resolveDataDir(dir);
  const knowledge = readJsonl<KnowledgeEntry>(path.join(abs, 'knowledge.jsonl'));
  const queries = readJsonl<EvalQuery>(path.join(abs, 'queries.jsonl'));
  const ids = new Set<string>();
  for (const k of knowledge) {
    if (ids.has(k.id)) throw new Error(`${abs}: duplicate entry id ${k.id}`);
    ids.add(k.id);
    k.similar ??= [];
  }
  for (const q of queries) {
    if (q.expect !== null && !ids.has(q.expect)) {
      throw new Error(`${abs}: query "${q.text}" expects unknown entry ${q.expect}`);
    }
  }
  const cjkEntries = knowledge.filter((k) => CJK.test(k.question)).length;
  const rel = path.relative(sharedDir, abs);
  const name =
    rel && !rel.startsWith('..')
      ? rel
          .replace(/^data[\\/]/, '')
          .split(path.sep)
          .join('/')
      : path.basename(abs);
  return { name, dir: abs, lang: cjkEntries * 2 > knowledge.length ? 'zh' : 'en', knowledge, queries };
}

/** Every standard question and every similar question as its own document. */
export function indexDocs(set: EvalSet): IndexDoc[] {
  return set.knowledge.flatMap((k) => [k.question, ...k.similar].map((text, i) => ({ docId: `${k.id}#${i}`, entryId: k.id, text })));
}

// ---------------------------------------------------------------------------
// Ranking + metrics

/**
 * What a matcher returns for one query: entry ids best first (deduped), and
 * optionally a confidence for the top entry (higher = more confident) that a
 * threshold could be applied to. `null`/absent score = matcher has no usable score.
 */
export interface Ranking {
  ids: string[];
  topScore?: number | null;
}

export type RankFn = (text: string) => string[] | Ranking | Promise<string[] | Ranking>;

/** Collapse document hits (already sorted best first) to entry ids, keeping each entry's best hit. */
export function dedupeByEntry<H>(hits: H[], entryOf: (h: H) => string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const h of hits) {
    const e = entryOf(h);
    if (!seen.has(e)) {
      seen.add(e);
      out.push(e);
    }
  }
  return out;
}

export interface TagMetrics {
  n: number;
  /** top1/recall3/mrr are NaN for a tag with only out-of-scope queries */
  top1: number;
  recall3: number;
  mrr: number;
  /** share of the tag's out-of-scope queries that got no result at all (only for OOS-only tags) */
  noResultShare?: number;
}

export interface RankingMetrics {
  inScope: number;
  outOfScope: number;
  top1: number;
  recall3: number;
  mrr: number;
  /** in-scope queries that got no result at all */
  noResult: number;
  /**
   * Out-of-scope rejection rate at the highest threshold on the top score that still keeps
   * top-1 hits (correct + above threshold) >= 85% of ALL in-scope queries.
   * null when top-1 < 85% (unreachable) or the matcher gives no score.
   */
  oosRejectAt85Abs: number | null;
  /**
   * Same, but keeping 85% of the matcher's OWN top-1 hits (i.e. accepting a 15% relative
   * loss of correct answers). null when there is no score or no OOS query.
   */
  oosRejectAt85Rel: number | null;
  /** top-score threshold used for oosRejectAt85Rel */
  thresholdAt85Rel: number | null;
  /** per-tag metrics */
  perTag: Record<string, TagMetrics>;
  latencyMs: { p50: number; p99: number; mean: number };
}

interface QueryOutcome {
  q: EvalQuery;
  rank: number; // 1-based rank of expected entry, 0 = not found / n.a.
  topScore: number; // -Infinity when no result
  hasScore: boolean;
}

/**
 * Run `rank` over every query, timing each call with performance.now(), and score it.
 * `warmup` queries (taken from the start of the list) are run first and not timed.
 */
export async function scoreRanking(queries: EvalQuery[], rank: RankFn, opts: { warmup?: number; target?: number } = {}): Promise<RankingMetrics> {
  const warmup = opts.warmup ?? 50;
  const target = opts.target ?? 0.85;
  for (const q of queries.slice(0, warmup)) await rank(q.text);

  const times: number[] = [];
  const outcomes: QueryOutcome[] = [];
  for (const q of queries) {
    const t0 = performance.now();
    const r = await rank(q.text);
    times.push(performance.now() - t0);
    const ranking: Ranking = Array.isArray(r) ? { ids: r } : r;
    const hasScore = typeof ranking.topScore === 'number';
    const topScore = ranking.ids.length === 0 ? -Infinity : hasScore ? (ranking.topScore as number) : Infinity;
    const rankPos = q.expect === null ? 0 : ranking.ids.indexOf(q.expect) + 1;
    outcomes.push({ q, rank: rankPos, topScore, hasScore: hasScore || ranking.ids.length === 0 });
  }

  const inScope = outcomes.filter((o) => o.q.expect !== null);
  const oos = outcomes.filter((o) => o.q.expect === null);
  const agg = (os: QueryOutcome[]): TagMetrics => ({
    n: os.length,
    top1: ratio(os.filter((o) => o.rank === 1).length, os.length),
    recall3: ratio(os.filter((o) => o.rank >= 1 && o.rank <= 3).length, os.length),
    mrr: ratio(
      os.reduce((s, o) => s + (o.rank > 0 ? 1 / o.rank : 0), 0),
      os.length,
    ),
  });
  const all = agg(inScope);

  const perTag: Record<string, TagMetrics> = {};
  const tags = [...new Set(outcomes.map((o) => o.q.tag ?? ''))].filter(Boolean);
  for (const tag of tags) {
    const os = outcomes.filter((o) => o.q.tag === tag);
    const ins = os.filter((o) => o.q.expect !== null);
    if (ins.length) perTag[tag] = agg(ins);
    else perTag[tag] = { n: os.length, top1: NaN, recall3: NaN, mrr: NaN, noResultShare: ratio(os.filter((o) => o.topScore === -Infinity).length, os.length) };
  }

  const scored = outcomes.every((o) => o.hasScore);
  const hits = inScope
    .filter((o) => o.rank === 1)
    .map((o) => o.topScore)
    .sort((a, b) => b - a);
  const rejectAt = (keep: number): { rate: number; threshold: number } | null => {
    // highest threshold t with #(hits with score >= t) >= keep
    if (!scored || !oos.length || keep <= 0 || hits.length < keep) return null;
    const t = hits[keep - 1];
    return { rate: ratio(oos.filter((o) => o.topScore < t).length, oos.length), threshold: t };
  };
  const abs = rejectAt(Math.ceil(target * inScope.length));
  const rel = rejectAt(Math.ceil(target * hits.length));

  const sortedTimes = [...times].sort((a, b) => a - b);
  return {
    inScope: inScope.length,
    outOfScope: oos.length,
    top1: all.top1,
    recall3: all.recall3,
    mrr: all.mrr,
    noResult: inScope.filter((o) => o.topScore === -Infinity).length,
    oosRejectAt85Abs: abs?.rate ?? null,
    oosRejectAt85Rel: rel?.rate ?? null,
    thresholdAt85Rel: rel?.threshold ?? null,
    perTag,
    latencyMs: {
      p50: percentile(sortedTimes, 50),
      p99: percentile(sortedTimes, 99),
      mean: times.reduce((s, t) => s + t, 0) / (times.length || 1),
    },
  };
}

function ratio(a: number, b: number): number {
  return b ? a / b : NaN;
}
