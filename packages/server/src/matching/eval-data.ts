import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KnowledgeEntry } from './types.ts';

/** A knowledge line of the shared eval format (shared/eval/README.md). */
export interface EvalEntry {
  id: string;
  kind: 'faq' | 'chitchat';
  category?: string;
  question: string;
  similar: string[];
  answer?: string;
}

/** A query line: `expect` null means out of scope (the bot should not answer). */
export interface EvalQuery {
  text: string;
  expect: string | null;
  tag?: string;
}

export function toKnowledgeEntry(e: EvalEntry): KnowledgeEntry {
  return { id: e.id, library: e.kind, question: e.question, similar: e.similar ?? [] };
}

/** One JSON value per line; blank lines are skipped; a bad line is reported with its number. */
export function parseJsonl<T>(text: string, source = 'input'): T[] {
  const out: T[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    try {
      out.push(JSON.parse(line) as T);
    } catch (error) {
      throw new Error(`${source}:${i + 1}: bad JSON (${(error as Error).message})`, { cause: error });
    }
  });
  return out;
}

/** Reads `knowledge.jsonl` and `queries.jsonl` from a data-set directory. */
export function loadEvalSet(dir: string): { entries: EvalEntry[]; queries: EvalQuery[] } {
  return {
    entries: parseJsonl<EvalEntry>(readFileSync(join(dir, 'knowledge.jsonl'), 'utf8'), join(dir, 'knowledge.jsonl')),
    queries: parseJsonl<EvalQuery>(readFileSync(join(dir, 'queries.jsonl'), 'utf8'), join(dir, 'queries.jsonl')),
  };
}
