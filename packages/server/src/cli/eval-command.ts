import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { MemoryBus } from '../platform/bus.ts';
import { systemClock } from '../platform/clock.ts';
import { loadConfig } from '../platform/config.ts';
import { openDatabase } from '../platform/db.ts';
import { defaultRobotConfig, type Library } from '../knowledge/index.ts';
import { CLARIFY_MARGIN, evaluate, formatReport, parseJsonl, strategyMetrics, sweepThresholds, type EvalEntry, type EvalQuery, type MatchResult, type Thresholds } from '../matching/index.ts';
import { createServices, type Services } from '../services.ts';

const USAGE = 'usage: parley eval --knowledge K.jsonl --queries Q.jsonl [--json] [--thresholds direct,chitchat,clarify]';

/**
 * `parley eval`: loads the files into a throw-away robot in an in-memory database through the
 * knowledge service, then answers every query through the production index manager and strategy.
 */
export async function evalCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { knowledge: { type: 'string' }, queries: { type: 'string' }, json: { type: 'boolean' }, thresholds: { type: 'string' } },
  });
  if (!values.knowledge || !values.queries) throw new Error(USAGE);
  const entries = parseJsonl<EvalEntry>(readFileSync(values.knowledge, 'utf8'), values.knowledge);
  const queries = parseJsonl<EvalQuery>(readFileSync(values.queries, 'utf8'), values.queries);
  const thresholds = parseThresholds(values.thresholds);
  const clarifyNumber = defaultRobotConfig('').clarifyNumber;

  const database = await openDatabase({ memory: true });
  try {
    const services = createServices({ db: database.db, bus: new MemoryBus(), clock: systemClock, config: loadConfig({}) });
    let importMs = 0;
    let indexMs = 0;
    const { report, outcomes } = await evaluate({
      entries,
      queries,
      thresholds,
      clarifyNumber,
      buildSearch: async (list) => {
        const t0 = performance.now();
        const robot = await importRobot(services, list);
        importMs = performance.now() - t0;
        const t1 = performance.now();
        const { index } = await services.bot.indexes.get(robot.scope, 'prod', '', robot.revision);
        indexMs = performance.now() - t1;
        return (text: string) => withEvalIds(index.search(text, { topK: Math.max(5, clarifyNumber) }), robot.evalIdOf);
      },
    });
    report.buildMs = indexMs;
    const sweep = sweepThresholds([outcomes], clarifyNumber);
    const atBest = strategyMetrics(outcomes, sweep.thresholds, clarifyNumber);
    if (values.json) {
      process.stdout.write(JSON.stringify({ ...report, clarifyMargin: CLARIFY_MARGIN, importMs, bestThresholds: sweep.thresholds, strategyAtBest: atBest }) + '\n');
      return;
    }
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    process.stdout.write(
      [
        formatReport(values.knowledge, report),
        `knowledge import through the service: ${importMs.toFixed(0)} ms; index build ${indexMs.toFixed(0)} ms`,
        `best thresholds found: direct ${sweep.thresholds.direct} / chitchat ${sweep.thresholds.chitchat} / clarify ${sweep.thresholds.clarify}` +
          ` -> strategy correct ${pct(atBest.strategyCorrect)}, in-scope handled ${pct(atBest.inScopeHandled)}, out-of-scope fallback ${pct(atBest.oosFallback)}, out-of-scope no direct ${pct(atBest.oosNoDirect)}`,
        '',
      ].join('\n'),
    );
  } finally {
    await database.close();
  }
}

function parseThresholds(raw: string | undefined): Thresholds {
  const defaults = defaultRobotConfig('');
  if (!raw) return { direct: defaults.directAnsweringReaches, chitchat: defaults.chitchatReaches, clarify: defaults.clarifyReaches };
  const parts = raw.split(',').map(Number);
  if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n) || n < 0 || n > 1)) throw new Error('--thresholds takes three decimals in [0,1]: direct,chitchat,clarify');
  return { direct: parts[0], chitchat: parts[1], clarify: parts[2] };
}

/** Creates a robot that holds exactly the file's entries (no preset small talk). */
async function importRobot(services: Services, entries: EvalEntry[]) {
  const app = await services.apps.create({ name: 'eval' });
  const scope = { appId: app.sdkAppId, robotId: await services.knowledge.robots.addRobot(app, 'eval', { presets: false }) };
  const { library } = services.knowledge;
  const evalIdOf = new Map<string, string>();
  for (const kind of ['faq', 'chitchat'] as Library[]) {
    const group = entries.filter((e) => e.kind === kind);
    const categoryIds = new Map<string, number>();
    for (const name of new Set(group.map((e) => e.category || 'default'))) {
      categoryIds.set(name, await library.addCategory(scope, 'test+prod', kind, { title: name.slice(0, 50) }));
    }
    for (let i = 0; i < group.length; i += 1000) {
      const chunk = group.slice(i, i + 1000);
      const ids = await library.addQuestions(
        scope,
        'test+prod',
        kind,
        chunk.map((e) => ({ categoryId: categoryIds.get(e.category || 'default')!, question: e.question, similar: e.similar ?? [], answer: e.answer || e.id })),
      );
      ids.forEach((id, j) => evalIdOf.set(id, chunk[j].id));
    }
  }
  const state = await services.bot.indexes.revision(scope, 'prod');
  return { scope, evalIdOf, revision: state!.revision };
}

function withEvalIds(result: MatchResult, evalIdOf: Map<string, string>): MatchResult {
  const map = <T extends { id: string }>(c: T) => ({ ...c, id: evalIdOf.get(c.id) ?? c.id });
  return { ...result, faq: result.faq.map(map), chitchat: result.chitchat.map(map) };
}
