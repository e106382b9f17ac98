/**
 * Human-service routing throughput: assignment decisions per second and their latency with 1,000
 * agents and 10,000 waiting sessions, against a bare SQL baseline doing the same assignment in the
 * same run and on the same database.
 *
 *   npm run bench:routing -- [--agents 1000] [--waiting 10000] [--capacity 10] [--duration 10]
 *                            [--concurrency 8] [--db pglite,postgres] [--pg-url postgres://...]
 *                            [--redis-url redis://...] [--json-only]
 *
 * Scenarios, each on Parley and on the baseline:
 *  - drain: `agents` idle agents of capacity `capacity`, `waiting` sessions queued; one call to
 *    routing.router.drain(appId) assigns them. Decisions/s over the whole call; the latency of a
 *    decision is the time since the previous one (commits included).
 *  - arrivals: the agents are full and `waiting` more sessions queue behind them; for `duration`
 *    seconds `concurrency` workers, half ending served sessions (agentWork.actions.end: the freed
 *    seat is refilled from the head of the queue by the drain that follows) and half turning
 *    robot-phase sessions into transfer requests (conversations.transferToHuman: they join the back).
 *    Decisions/s in the window; latency of "free → refill" (end() returns after its drain) and of
 *    "arrive" (transferToHuman returns queued, its place announced).
 * Databases: PGlite on disk in a temp dir (as `parley serve` runs out of the box); with --pg-url (or
 * --db postgres) also PostgreSQL, on a fresh database bench_routing_<random>, dropped afterwards.
 * Parley runs in this process (services only: no HTTP, no job poller). Setup rows are written
 * directly (bench/lib/routing-seed.ts); the baseline is bench/lib/routing-baseline.ts.
 * Output: a table on stdout, then one line of JSON ({"bench":"routing",...}); --json-only prints only
 * the JSON line. Progress goes to stderr.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { and, eq, gte, sql } from 'drizzle-orm';
import { messages, sessions } from '../packages/server/src/conversations/schema.ts';
import { agentStates } from '../packages/server/src/routing/schema.ts';
import { flagsOf, numberArg } from './lib/cli-args.ts';
import { arriveOne, baselineCounts, decideOnce, endOne, enqueueBaseline, setupBaseline } from './lib/routing-baseline.ts';
import { cleanup, log, recordDecisions, seedAgents, seedSessions, startBench, type Bench, type DbKind } from './lib/routing-seed.ts';

const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const USAGE =
  'usage: npm run bench:routing -- [--agents 1000] [--waiting 10000] [--capacity 10] [--duration 10] [--concurrency 8] [--db pglite,postgres] [--pg-url URL] [--redis-url URL] [--json-only]';

function parseArgs(argv: string[]) {
  const opts = {
    agents: 1000,
    waiting: 10_000,
    capacity: 10,
    duration: 10,
    concurrency: 8,
    db: undefined as DbKind[] | undefined,
    pgUrl: undefined as string | undefined,
    redisUrl: undefined as string | undefined,
    jsonOnly: false,
  };
  for (const { flag, value } of flagsOf(argv)) {
    if (flag === '--agents') opts.agents = Math.floor(numberArg(flag, value(), 1));
    else if (flag === '--waiting') opts.waiting = Math.floor(numberArg(flag, value(), 1));
    else if (flag === '--capacity') opts.capacity = Math.floor(numberArg(flag, value(), 1));
    else if (flag === '--duration' || flag === '-d') opts.duration = numberArg(flag, value(), 1);
    else if (flag === '--concurrency' || flag === '-c') opts.concurrency = Math.floor(numberArg(flag, value(), 2));
    else if (flag === '--db') {
      opts.db = value().split(',') as DbKind[];
      for (const d of opts.db) if (d !== 'pglite' && d !== 'postgres') throw new Error(`--db takes pglite and/or postgres, got "${d}"`);
    } else if (flag === '--pg-url') opts.pgUrl = value();
    else if (flag === '--redis-url') opts.redisUrl = value();
    else if (flag === '--json-only' || flag === '--json') opts.jsonOnly = true;
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument: ${flag}\n${USAGE}`);
  }
  if (opts.capacity > 100) throw new Error('--capacity is at most 100 (the service settings limit)');
  const db = opts.db ?? (opts.pgUrl ? ['pglite', 'postgres'] : ['pglite']);
  return { ...opts, db, pgUrl: opts.pgUrl ?? DEFAULT_PG_URL };
}
type Opts = ReturnType<typeof parseArgs>;

interface Latency {
  p50: number;
  p99: number;
  max: number;
  samples: number;
}

interface Row {
  db: DbKind;
  scenario: 'drain' | 'arrivals';
  target: 'parley' | 'baseline';
  decisions: number;
  seconds: number;
  decisionsPerSec: number;
  /** drain: time per decision (since the previous one); arrivals: free → refill. */
  decision: Latency;
  /** arrivals only: a transfer request joining the deep queue. */
  arrive?: Latency;
  arrivals?: number;
  /** arrivals only: queue-position prompts sent to waiting users in the window. */
  queuePrompts?: number;
  checks: Record<string, boolean>;
}

function latency(values: number[]): Latency {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? NaN, samples: sorted.length };
}

const gaps = (start: number, times: number[]) => times.map((t, i) => t - (i === 0 ? start : times[i - 1]));

// ---- scenario 1: one drain over a deep queue ----------------------------------------------------------

async function drainParley(bench: Bench, opts: Opts): Promise<Row> {
  const { db, routing } = bench.server.services;
  log(`  parley: seeding ${opts.agents} agents (capacity ${opts.capacity}) and ${opts.waiting} waiting sessions...`);
  await seedAgents(bench, opts.agents, opts.capacity);
  await seedSessions(bench, opts.waiting, 'Queueing', 'waiting');
  const decisions = recordDecisions(bench);
  log('  parley: drain...');
  const start = performance.now();
  await routing.router.drain(bench.appId);
  const seconds = (performance.now() - start) / 1000;
  const expected = Math.min(opts.waiting, opts.agents * opts.capacity);
  const served = await db.$count(sessions, and(eq(sessions.appId, bench.appId), eq(sessions.state, 'Agent')));
  const [loads] = await db
    .select({ max: sql<number>`max(${agentStates.load})::int`, total: sql<number>`sum(${agentStates.load})::int` })
    .from(agentStates)
    .where(eq(agentStates.appId, bench.appId));
  return {
    db: bench.kind,
    scenario: 'drain',
    target: 'parley',
    decisions: decisions.times.length,
    seconds,
    decisionsPerSec: decisions.times.length / seconds,
    decision: latency(gaps(start, decisions.times)),
    checks: { allAssigned: served === expected && decisions.times.length === expected, noAgentOverCapacity: loads.max <= opts.capacity, loadsMatchSessions: loads.total === served },
  };
}

async function drainBaseline(bench: Bench, opts: Opts): Promise<Row> {
  const { db } = bench.server.services;
  await setupBaseline(db, opts.agents, opts.capacity);
  await enqueueBaseline(db, opts.waiting, 'waiting');
  log('  baseline: drain...');
  const times: number[] = [];
  const start = performance.now();
  while (await decideOnce(db)) times.push(performance.now());
  const seconds = (performance.now() - start) / 1000;
  const counts = await baselineCounts(db);
  return {
    db: bench.kind,
    scenario: 'drain',
    target: 'baseline',
    decisions: times.length,
    seconds,
    decisionsPerSec: times.length / seconds,
    decision: latency(gaps(start, times)),
    checks: { allAssigned: counts.served === Math.min(opts.waiting, opts.agents * opts.capacity) },
  };
}

// ---- scenario 2: seats freeing and requests arriving while the queue is deep ----------------------------

interface Workers {
  free: () => Promise<boolean>;
  arrive: () => Promise<boolean>;
}

/** Half the workers free seats, half add requests, closed loop, for `duration` seconds. */
async function runWorkers(opts: Opts, work: Workers) {
  const frees: number[] = [];
  const arrivals: number[] = [];
  const until = performance.now() + opts.duration * 1000;
  const worker = async (kind: 'free' | 'arrive') => {
    while (performance.now() < until) {
      const t = performance.now();
      if (!(await work[kind]())) return;
      (kind === 'free' ? frees : arrivals).push(performance.now() - t);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: opts.concurrency }, (_, i) => worker(i % 2 === 0 ? 'free' : 'arrive')));
  return { frees, arrivals, start, seconds: (performance.now() - start) / 1000 };
}

async function arrivalsParley(bench: Bench, opts: Opts): Promise<Row> {
  const { db, agentWork, conversations } = bench.server.services;
  const servedIds = (
    await db
      .select({ id: sessions.sessionId })
      .from(sessions)
      .where(and(eq(sessions.appId, bench.appId), eq(sessions.state, 'Agent')))
  ).map((r) => r.id);
  log(`  parley: seeding ${opts.waiting} more waiting sessions and robot-phase sessions for the arrivals...`);
  const behind = await seedSessions(bench, opts.waiting, 'Queueing', 'behind');
  const robotPhase = await seedSessions(bench, Math.max(2000, opts.duration * 200), 'Chatbot', 'arriving');
  const decisions = recordDecisions(bench);
  log(`  parley: ${opts.concurrency} workers for ${opts.duration} s...`);
  const windowStart = new Date();
  const run = await runWorkers(opts, {
    free: async () => {
      const id = servedIds.pop();
      if (!id) return false;
      await agentWork.actions.end(bench.appId, id, {});
      return true;
    },
    arrive: async () => {
      const id = robotPhase.pop();
      if (!id) return false;
      const result = await conversations.transferToHuman(bench.appId, id, {});
      if (!result.queued) throw new Error(`an arrival behind ${opts.waiting} waiting sessions was not queued: ${JSON.stringify(result)}`);
      return true;
    },
  });
  const inWindow = decisions.times.filter((t) => t >= run.start);
  // Each assignment moves everyone behind up a place: those within the first 100 are told (spec 01 §8.4).
  const prompts = await db.$count(messages, and(eq(messages.appId, bench.appId), gte(messages.at, windowStart), sql`${messages.body}::text LIKE '%排在第%'`));
  // Every freed seat went to the head of the queue, in order.
  const served = await db
    .select({ id: sessions.sessionId })
    .from(sessions)
    .where(and(eq(sessions.appId, bench.appId), eq(sessions.state, 'Agent'), sql`${sessions.userId} LIKE 'behind-%'`));
  const servedSet = new Set(served.map((r) => r.id));
  const headServed = behind.slice(0, servedSet.size).every((id) => servedSet.has(id));
  const [loads] = await db
    .select({ max: sql<number>`max(${agentStates.load})::int` })
    .from(agentStates)
    .where(eq(agentStates.appId, bench.appId));
  return {
    db: bench.kind,
    scenario: 'arrivals',
    target: 'parley',
    decisions: inWindow.length,
    seconds: run.seconds,
    decisionsPerSec: inWindow.length / run.seconds,
    decision: latency(run.frees),
    arrive: latency(run.arrivals),
    arrivals: run.arrivals.length,
    queuePrompts: prompts,
    checks: { everyFreedSeatRefilled: inWindow.length === run.frees.length, servedInQueueOrder: headServed, noAgentOverCapacity: loads.max <= opts.capacity },
  };
}

async function arrivalsBaseline(bench: Bench, opts: Opts): Promise<Row> {
  const { db } = bench.server.services;
  await enqueueBaseline(db, opts.waiting, 'behind');
  let n = 0;
  let decided = 0;
  const run = await runWorkers(opts, {
    free: async () => {
      if (!(await endOne(db))) return false;
      if (await decideOnce(db)) decided++;
      return true;
    },
    arrive: async () => {
      await arriveOne(db, `arriving-${n++}`);
      if (await decideOnce(db)) decided++;
      return true;
    },
  });
  return {
    db: bench.kind,
    scenario: 'arrivals',
    target: 'baseline',
    decisions: decided,
    seconds: run.seconds,
    decisionsPerSec: decided / run.seconds,
    decision: latency(run.frees),
    arrive: latency(run.arrivals),
    arrivals: run.arrivals.length,
    checks: { everyFreedSeatRefilled: decided === run.frees.length },
  };
}

// ---- output ------------------------------------------------------------------------------------

const fmt = (n: number | undefined, digits = 1) => (n !== undefined && Number.isFinite(n) ? n.toFixed(digits) : '-');
const baselineOf = (rows: Row[], row: Row) => rows.find((b) => b.target === 'baseline' && b.db === row.db && b.scenario === row.scenario);

function table(rows: Row[]): string {
  const header = [
    'db',
    'scenario',
    'target',
    'decisions',
    'seconds',
    'decisions/s',
    'p50 ms',
    'p99 ms',
    'max ms',
    'arrivals',
    'arrive p50',
    'arrive p99',
    'queue prompts',
    'rate ratio',
    'p99 ratio',
    'checks',
  ];
  const body = rows.map((row) => {
    const b = baselineOf(rows, row);
    const ratio = (x: number, y: number | undefined, d: number) => (row.target === 'baseline' ? '1.00' : y ? fmt(x / y, d) : '-');
    const failed = Object.entries(row.checks)
      .filter(([, ok]) => !ok)
      .map(([name]) => name);
    return [
      row.db,
      row.scenario,
      row.target,
      String(row.decisions),
      fmt(row.seconds, 1),
      fmt(row.decisionsPerSec, 0),
      fmt(row.decision.p50, 2),
      fmt(row.decision.p99, 2),
      fmt(row.decision.max, 1),
      row.arrivals === undefined ? '-' : String(row.arrivals),
      fmt(row.arrive?.p50, 1),
      fmt(row.arrive?.p99, 1),
      row.queuePrompts === undefined ? '-' : String(row.queuePrompts),
      ratio(row.decisionsPerSec, b?.decisionsPerSec, 3),
      ratio(row.decision.p99, b?.decision.p99, 1) + (row.target === 'baseline' ? '' : 'x'),
      failed.length ? `FAILED: ${failed.join(', ')}` : 'ok',
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((c) => c[i].length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => (i < 3 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |';
  return [line(header), '|' + widths.map((w, i) => (i < 3 || i === widths.length - 1 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|', ...body.map(line)].join('\n');
}

const round = (n: number | undefined, digits = 2) => (n === undefined || !Number.isFinite(n) ? null : Math.round(n * 10 ** digits) / 10 ** digits);
const latencyJson = (l: Latency | undefined) => l && { p50Ms: round(l.p50, 3), p99Ms: round(l.p99, 3), maxMs: round(l.max, 3), samples: l.samples };

// ---- main --------------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const t0 = performance.now();
  const cpus = os.cpus();
  const machine = {
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    memGb: Math.round(os.totalmem() / 2 ** 30),
    loadAvg: os.loadavg().map((l) => round(l, 1)),
  };
  const rows: Row[] = [];
  try {
    for (const kind of opts.db) {
      log(`${kind}: starting Parley's services on a fresh database...`);
      const bench = await startBench(kind, opts.pgUrl, opts.redisUrl);
      rows.push(await drainBaseline(bench, opts));
      rows.push(await drainParley(bench, opts));
      rows.push(await arrivalsBaseline(bench, opts));
      rows.push(await arrivalsParley(bench, opts));
      for (const row of rows.filter((r) => r.db === kind)) log(`    ${row.scenario} ${row.target}: ${row.decisions} decisions, ${fmt(row.decisionsPerSec, 0)}/s, p99 ${fmt(row.decision.p99, 2)} ms`);
      await cleanup();
    }
  } finally {
    await cleanup();
  }
  const totalSeconds = (performance.now() - t0) / 1000;
  if (!opts.jsonOnly) {
    console.log(
      [
        'Parley routing benchmark (bench/routing.ts)',
        `machine: ${machine.cpus} x ${machine.cpuModel}, ${machine.memGb} GB RAM, ${machine.platform}, node ${machine.node}, load average at start ${machine.loadAvg.join(' ')}`,
        `setup: ${opts.agents} idle agents of capacity ${opts.capacity}, ${opts.waiting} waiting sessions (rows written directly; the measured part is the real routing)`,
        `drain: one routing.router.drain(appId); p50/p99 = time per decision (since the previous decision, commits included)`,
        `arrivals: agents full, ${opts.waiting} more waiting; ${opts.concurrency} workers for ${opts.duration} s, half ending a served session (p50/p99 = free → refill),`,
        `          half making a transfer request that joins the back of the queue (arrive p50/p99); decisions/s = seats refilled per second`,
        `baseline: SELECT … FOR UPDATE SKIP LOCKED on the queue head and the least recently assigned idle agent + 2 UPDATEs, one decision per transaction`,
        `ratios are parley / baseline`,
        '',
        table(rows),
        '',
        `total ${fmt(totalSeconds, 0)} s`,
      ].join('\n'),
    );
  }
  console.log(
    JSON.stringify({
      bench: 'routing',
      machine,
      config: { agents: opts.agents, waiting: opts.waiting, capacity: opts.capacity, durationSeconds: opts.duration, concurrency: opts.concurrency, redis: Boolean(opts.redisUrl) },
      results: rows.map((row) => {
        const b = baselineOf(rows, row);
        return {
          db: row.db,
          scenario: row.scenario,
          target: row.target,
          decisions: row.decisions,
          seconds: round(row.seconds, 3),
          decisionsPerSec: round(row.decisionsPerSec),
          decisionLatency: latencyJson(row.decision),
          arrivals: row.arrivals,
          arriveLatency: latencyJson(row.arrive),
          queuePrompts: row.queuePrompts,
          checks: row.checks,
          vsBaseline:
            row.target === 'parley' && b
              ? { decisionsPerSec: round(row.decisionsPerSec / b.decisionsPerSec, 4), p50: round(row.decision.p50 / b.decision.p50), p99: round(row.decision.p99 / b.decision.p99) }
              : undefined,
        };
      }),
      totalSeconds: round(totalSeconds),
    }),
  );
  if (rows.some((r) => Object.values(r.checks).some((ok) => !ok))) process.exitCode = 1;
}

main().catch(async (error) => {
  log(String(error?.stack ?? error));
  await cleanup();
  process.exit(1);
});
