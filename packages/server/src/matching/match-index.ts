import { calibrate, type ScoreFeatures } from './calibration.ts';
import { TermStats } from './term-stats.ts';
import { detectToAgent } from './to-agent.ts';
import { Tokenizer } from './tokenize.ts';
import type { Candidate, KnowledgeEntry, Library, MatcherOptions, MatchResult, SearchOptions } from './types.ts';

/**
 * Weight of the entry centroid versus the single closest question. The centroid learns
 * from all similar questions (terms shared by several paraphrases dominate it); the closest
 * question keeps rare but exact phrasings.
 */
export const CENTROID_WEIGHT = 0.7;

interface EntryRec {
  entry: KnowledgeEntry;
  slots: number[];
  /** Term id → number of this entry's texts containing it (drives entry-level df). */
  termCounts: Map<number, number>;
  centroidNorm: number;
  cacheVersion: number;
}

interface TextRec {
  owner: EntryRec;
  text: string;
  termIds: number[];
  weights: number[];
  norm: number;
  cacheVersion: number;
}

/** An entry scored for one query, before calibration. */
export interface RankedEntry extends ScoreFeatures {
  entry: KnowledgeEntry;
  matchedText: string;
}

interface Accumulated {
  rec: EntryRec;
  best: number;
  bestSlot: number;
  sum: number;
}

/**
 * In-memory FAQ + small-talk index for one robot. Mutations are incremental; IDF-dependent
 * norms are recomputed lazily (per text/entry, on first use after a change).
 */
export class MatchIndex {
  private readonly tokenizer: Tokenizer;
  private readonly stats = new TermStats();
  private readonly entries = new Map<string, EntryRec>();
  private readonly texts: (TextRec | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  private version = 0;
  private dots = new Float64Array(64);

  constructor(entries: Iterable<KnowledgeEntry> = [], options: MatcherOptions = {}) {
    this.tokenizer = new Tokenizer(options);
    for (const entry of entries) this.upsert(entry);
  }

  get size(): number {
    return this.entries.size;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  /** Adds or replaces an entry. */
  upsert(entry: KnowledgeEntry): void {
    this.remove(entry.id);
    const rec: EntryRec = { entry, slots: [], termCounts: new Map(), centroidNorm: 0, cacheVersion: -1 };
    const seen = new Set<string>();
    for (const text of [entry.question, ...entry.similar]) {
      const key = text.trim();
      if (!key || seen.has(key)) continue;
      seen.add(key);
      this.addText(rec, key);
    }
    if (rec.slots.length === 0) return;
    for (const termId of rec.termCounts.keys()) this.stats.changeEntryDf(termId, 1);
    this.entries.set(entry.id, rec);
    this.stats.entryCount++;
    this.version++;
  }

  /** Removes an entry; returns whether it was indexed. */
  remove(id: string): boolean {
    const rec = this.entries.get(id);
    if (!rec) return false;
    for (const slot of rec.slots) {
      const t = this.texts[slot]!;
      for (const termId of t.termIds) this.stats.removePosting(termId, slot);
      this.texts[slot] = undefined;
      this.freeSlots.push(slot);
    }
    for (const termId of rec.termCounts.keys()) this.stats.changeEntryDf(termId, -1);
    this.entries.delete(id);
    this.stats.entryCount--;
    this.version++;
    return true;
  }

  /** Matches `text` against both libraries; candidate scores are calibrated probabilities. */
  search(text: string, options: SearchOptions = {}): MatchResult {
    const topK = options.topK ?? 5;
    const ranked = this.rank(text, Math.max(topK, 5) * 2);
    const candidates = ranked
      .map((r): Candidate => ({
        id: r.entry.id,
        library: r.entry.library,
        score: calibrate(r),
        raw: r.raw,
        matchedText: r.matchedText,
        ...(r.entry.toAgent ? { toAgent: true } : {}),
      }))
      .sort((a, b) => b.score - a.score);
    const perLibrary = (library: Library) => candidates.filter((c) => c.library === library).slice(0, topK);
    return {
      faq: perLibrary('faq'),
      chitchat: perLibrary('chitchat'),
      margin: (candidates[0]?.score ?? 0) - (candidates[1]?.score ?? 0),
      toAgentScore: detectToAgent(text),
    };
  }

  /** Best `limit` entries by raw similarity with their calibration features (used to fit calibration). */
  rank(text: string, limit: number): RankedEntry[] {
    const query = this.queryVector(text);
    if (!query) return [];
    const hits = this.accumulate(query.termIds, query.weights);
    const scored = [...hits.values()]
      .map((h) => ({ h, raw: this.similarity(h, query.norm) }))
      .sort((a, b) => b.raw - a.raw)
      .slice(0, limit);
    return scored.map(({ h, raw }, i) => ({
      entry: h.rec.entry,
      matchedText: this.texts[h.bestSlot]!.text,
      raw,
      gap: raw - (i === 0 ? (scored[1]?.raw ?? 0) : scored[0].raw),
      entries: this.entries.size,
      queryWeight: query.norm,
      top: i === 0,
    }));
  }

  private addText(rec: EntryRec, text: string): void {
    const bag = this.tokenizer.terms(text);
    if (bag.size === 0) return;
    const slot = this.freeSlots.pop() ?? this.texts.length;
    const t: TextRec = { owner: rec, text, termIds: [], weights: [], norm: 0, cacheVersion: -1 };
    for (const [term, weight] of bag) {
      const termId = this.stats.intern(term);
      t.termIds.push(termId);
      t.weights.push(weight);
      this.stats.addPosting(termId, slot, weight);
      rec.termCounts.set(termId, (rec.termCounts.get(termId) ?? 0) + 1);
    }
    this.texts[slot] = t;
    rec.slots.push(slot);
  }

  private queryVector(text: string) {
    const termIds: (number | undefined)[] = [];
    const weights: number[] = [];
    let norm2 = 0;
    for (const [term, tf] of this.tokenizer.terms(text)) {
      const termId = this.stats.id(term);
      const w = tf * this.stats.idf(termId);
      termIds.push(termId);
      weights.push(w);
      norm2 += w * w;
    }
    return norm2 > 0 ? { termIds, weights, norm: Math.sqrt(norm2) } : undefined;
  }

  /** Dot products of the query with every text sharing a term, aggregated per entry. */
  private accumulate(termIds: (number | undefined)[], weights: number[]): Map<EntryRec, Accumulated> {
    if (this.dots.length < this.texts.length) this.dots = new Float64Array(this.texts.length * 2);
    const dots = this.dots;
    const touched: number[] = [];
    for (let q = 0; q < termIds.length; q++) {
      const termId = termIds[q];
      // Terms in most entries barely separate them but have the longest lists: their share of
      // the dot product is skipped (they still count in the norms), which bounds latency.
      if (termId === undefined || this.stats.isUbiquitous(termId)) continue;
      const qw = weights[q] * this.stats.idf(termId);
      const { slots, weights: tw } = this.stats.postings[termId];
      for (let i = 0; i < slots.length; i++) {
        if (dots[slots[i]] === 0) touched.push(slots[i]);
        dots[slots[i]] += qw * tw[i];
      }
    }
    const hits = new Map<EntryRec, Accumulated>();
    for (const slot of touched) {
      const t = this.texts[slot]!;
      const cos = dots[slot] / this.textNorm(t);
      dots[slot] = 0;
      const h = hits.get(t.owner);
      if (!h) hits.set(t.owner, { rec: t.owner, best: cos, bestSlot: slot, sum: cos });
      else {
        h.sum += cos;
        if (cos > h.best) {
          h.best = cos;
          h.bestSlot = slot;
        }
      }
    }
    return hits;
  }

  /** Blend of cosine to the entry centroid and to its closest question. */
  private similarity(h: Accumulated, queryNorm: number): number {
    const centroid = h.sum / h.rec.slots.length / this.centroidNorm(h.rec);
    return (CENTROID_WEIGHT * centroid + (1 - CENTROID_WEIGHT) * h.best) / queryNorm;
  }

  private textNorm(t: TextRec): number {
    if (t.cacheVersion !== this.version) {
      let n2 = 0;
      for (let i = 0; i < t.termIds.length; i++) n2 += (t.weights[i] * this.stats.idf(t.termIds[i])) ** 2;
      t.norm = Math.sqrt(n2) || 1;
      t.cacheVersion = this.version;
    }
    return t.norm;
  }

  /** Norm of the mean of the entry's unit-length text vectors. */
  private centroidNorm(rec: EntryRec): number {
    if (rec.cacheVersion !== this.version) {
      const sum = new Map<number, number>();
      for (const slot of rec.slots) {
        const t = this.texts[slot]!;
        const norm = this.textNorm(t);
        t.termIds.forEach((termId, i) => {
          sum.set(termId, (sum.get(termId) ?? 0) + (t.weights[i] * this.stats.idf(termId)) / norm);
        });
      }
      let n2 = 0;
      for (const v of sum.values()) n2 += v * v;
      rec.centroidNorm = Math.sqrt(n2) / rec.slots.length || 1;
      rec.cacheVersion = this.version;
    }
    return rec.centroidNorm;
  }
}
