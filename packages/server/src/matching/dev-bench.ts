/**
 * Developer benchmark: build time and match latency on a large synthetic knowledge base made
 * from the CLINC150 training split (default 10,000 questions).
 *   node --import tsx packages/server/src/matching/dev-bench.ts <data_full.json> [questions] [questionsPerEntry]
 * With questionsPerEntry (e.g. 5) each intent is split into several entries of that many
 * questions (a realistic shape: ~2,000 entries for 10,000 questions); otherwise one entry per intent.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { MatchIndex } from './match-index.ts';
import type { KnowledgeEntry } from './types.ts';
import { percentile } from '../platform/percentile.ts';

const [file, countArg, perEntryArg] = process.argv.slice(2);
const data = JSON.parse(readFileSync(file, 'utf8')) as Record<string, [string, string][]>;
const target = Number(countArg ?? 10_000);

const byIntent = new Map<string, string[]>();
for (const [text, intent] of data.train) byIntent.set(intent, [...(byIntent.get(intent) ?? []), text]);
const perIntent = Math.ceil(target / byIntent.size);
const perEntry = Number(perEntryArg ?? perIntent);
const entries: KnowledgeEntry[] = [...byIntent].flatMap(([intent, texts]) => {
  const list: KnowledgeEntry[] = [];
  for (let start = 0; start < Math.min(perIntent, texts.length); start += perEntry) {
    const group = texts.slice(start, Math.min(start + perEntry, perIntent));
    list.push({ id: start === 0 ? intent : `${intent}#${start / perEntry}`, library: 'faq', question: group[0], similar: group.slice(1) });
  }
  return list;
});
const questions = entries.reduce((n, e) => n + 1 + e.similar.length, 0);

const t0 = performance.now();
const index = new MatchIndex(entries);
const buildMs = performance.now() - t0;

const queries = [...data.test, ...data.oos_test].map(([text]) => text);
for (const q of queries.slice(0, 200)) index.search(q); // warm-up (JIT, lazy norms)
// Wall time (performance.now) and this thread's CPU time: on a shared, loaded machine the
// wall-time tail measures the scheduler, the CPU time measures the matcher.
const times: number[] = [];
const cpuTimes: number[] = [];
let correct = 0;
for (const [text, intent] of [...data.test, ...data.oos_test]) {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = index.search(text);
  times.push(performance.now() - start);
  const used = process.cpuUsage(cpu);
  cpuTimes.push((used.user + used.system) / 1000);
  if (result.faq[0]?.id.split('#')[0] === intent) correct++;
}
const pct = (list: number[], p: number) =>
  percentile(
    [...list].sort((a, b) => a - b),
    p,
  ).toFixed(3);
const at = (p: number) => pct(times, p);
const heapMb = (process.memoryUsage().heapUsed / 2 ** 20).toFixed(0);
console.log(`${entries.length} entries, ${questions} questions: build ${buildMs.toFixed(0)} ms, heap ${heapMb} MB`);
console.log(`latency over ${times.length} queries: p50 ${at(50)} ms  p99 ${at(99)} ms  max ${at(100)} ms  (top-1 ${((correct / data.test.length) * 100).toFixed(1)}%)`);
console.log(`process CPU per query: p50 ${pct(cpuTimes, 50)} ms  p99 ${pct(cpuTimes, 99)} ms`);
