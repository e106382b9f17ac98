/**
 * Developer evaluation: loads eval-format data sets straight from disk and runs the engine.
 *   node --import tsx packages/server/src/matching/dev-eval.ts <dir> [<dir> ...] [--json] [--direct 0.x --chitchat 0.x --clarify 0.x] [--clarify-number n]
 * With several directories the threshold sweep is joint (one set of defaults for all).
 */
import { parseArgs } from 'node:util';
import { loadEvalSet, toKnowledgeEntry } from './eval-data.ts';
import { formatReport } from './eval-format.ts';
import { evaluate, strategyMetrics, type QueryOutcome } from './evaluate.ts';
import { MatchIndex } from './match-index.ts';
import { RECOMMENDED_CLARIFY_NUMBER, RECOMMENDED_THRESHOLDS } from './recommended.ts';
import { sweepThresholds } from './threshold-sweep.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    json: { type: 'boolean', default: false },
    direct: { type: 'string' },
    chitchat: { type: 'string' },
    clarify: { type: 'string' },
    'clarify-number': { type: 'string' },
  },
});
const thresholds = {
  direct: Number(values.direct ?? RECOMMENDED_THRESHOLDS.direct),
  chitchat: Number(values.chitchat ?? RECOMMENDED_THRESHOLDS.chitchat),
  clarify: Number(values.clarify ?? RECOMMENDED_THRESHOLDS.clarify),
};

const clarifyNumber = Number(values['clarify-number'] ?? RECOMMENDED_CLARIFY_NUMBER);
const sets: QueryOutcome[][] = [];
const reports = [];
for (const dir of positionals) {
  const { entries, queries } = loadEvalSet(dir);
  const { report, outcomes } = await evaluate({
    entries,
    queries,
    thresholds,
    clarifyNumber,
    buildSearch: (list) => {
      const index = new MatchIndex(list.map(toKnowledgeEntry));
      return (text) => index.search(text, { topK: Math.max(5, clarifyNumber) });
    },
  });
  sets.push(outcomes);
  reports.push({ dir, report });
  if (!values.json) console.log(formatReport(dir, report) + '\n');
}

const sweep = sweepThresholds(sets, clarifyNumber);
const atSweep = sets.map((o) => strategyMetrics(o, sweep.thresholds, clarifyNumber));
if (values.json) console.log(JSON.stringify({ reports, sweep, atSweep }, null, 2));
else {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(6);
  console.log('summary                         top1    r@3    r@5   mrr    ECE   in-right  in-ok  oos-noDirect');
  for (const { dir, report: r } of reports) {
    const s = r.strategy;
    console.log(
      `  ${dir.slice(-28).padEnd(28)} ${pct(r.ranking.top1)} ${pct(r.ranking.recall3)} ${pct(r.ranking.recall5)} ${r.ranking.mrr.toFixed(3)} ${r.reliability.ece.toFixed(3)}  ${pct(s.inScopeCorrect)} ${pct(s.inScopeHandled)} ${pct(s.oosNoDirect)}`,
    );
  }
  console.log(`joint sweep: ${JSON.stringify(sweep.thresholds)}  answer objective ${sweep.answerObjective.toFixed(3)}  clarify objective ${sweep.clarifyObjective.toFixed(3)}`);
  atSweep.forEach((m, i) =>
    console.log(
      `  ${positionals[i]}: in-scope right ${(m.inScopeCorrect * 100).toFixed(1)}%  handled ${(m.inScopeHandled * 100).toFixed(1)}%  oos no direct ${(m.oosNoDirect * 100).toFixed(1)}%  oos fallback ${(m.oosFallback * 100).toFixed(1)}%`,
    ),
  );
}
