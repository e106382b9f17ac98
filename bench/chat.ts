/**
 * Customer chat throughput: N concurrent customers chatting with the robot over /chat/v1/ws,
 * against a bare `ws` server doing one INSERT per message on the same kind of database, in the
 * same run.
 *
 *   npm run bench:chat -- [--customers 100,1000] [--duration 10] [--warmup 2] [--db pglite,postgres]
 *                         [--pg-url postgres://postgres@127.0.0.1:5432/test] [--redis-url redis://...]
 *                         [--faq 200] [--batch 50] [--json-only]
 *
 * Databases: PGlite on disk in a temp dir (as `parley serve` runs out of the box); with --pg-url
 * (or --db postgres) also PostgreSQL, on a fresh database bench_chat_<random> created and dropped
 * by the run. --redis-url is given to Parley on PostgreSQL only (the baseline has no bus).
 * Setup: `parley serve` and the baseline each in a child process (bench/lib/chat-servers.ts); the
 * app is created with `parley app create --json`, the default robot seeded through add_faq.
 * Load: closed loop per customer (bench/lib/chat-load.ts), sockets opened `--batch` at a time,
 * warm-up discarded. Output: a table on stdout, then one line of JSON ({"bench":"chat",...});
 * --json-only prints only the JSON line. Progress goes to stderr.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import TLSSigAPIv2 from 'tls-sig-api-v2';
import { SOCKET_LIMITS } from '../packages/server/src/gateways/chat/chat-socket.ts';
import { runCustomers, type LoadResult } from './lib/chat-load.ts';
import { asksFor, seedFaq } from './lib/chat-questions.ts';
import { flagsOf, numberArg } from './lib/cli-args.ts';
import { cleanup, cpuSeconds, createPgDatabase, log, machineJiffies, pgliteTarget, seedRobot, startBaseline, startParley, stopping, type ChatTarget, type DbTarget } from './lib/chat-servers.ts';

const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/test';
const USAGE = 'usage: npm run bench:chat -- [--customers 100,1000] [--duration 10] [--warmup 2] [--db pglite,postgres] [--pg-url URL] [--redis-url URL] [--faq 200] [--batch 50] [--json-only]';

type DbKind = 'pglite' | 'postgres';

function parseArgs(argv: string[]) {
  const opts = {
    customers: [100, 1000],
    duration: 10,
    warmup: 2,
    db: undefined as DbKind[] | undefined,
    pgUrl: undefined as string | undefined,
    redisUrl: undefined as string | undefined,
    faq: 200,
    batch: 50,
    jsonOnly: false,
  };
  const num = numberArg;
  for (const { flag, value } of flagsOf(argv)) {
    if (flag === '--customers' || flag === '-n')
      opts.customers = value()
        .split(',')
        .map((s) => Math.floor(num(flag, s, 1)));
    else if (flag === '--duration' || flag === '-d') opts.duration = num(flag, value(), 1);
    else if (flag === '--warmup') opts.warmup = num(flag, value(), 0);
    else if (flag === '--db') {
      opts.db = value().split(',') as DbKind[];
      for (const d of opts.db) if (d !== 'pglite' && d !== 'postgres') throw new Error(`--db takes pglite and/or postgres, got "${d}"`);
    } else if (flag === '--pg-url') opts.pgUrl = value();
    else if (flag === '--redis-url') opts.redisUrl = value();
    else if (flag === '--faq') opts.faq = Math.floor(num(flag, value(), 10));
    else if (flag === '--batch') opts.batch = Math.floor(num(flag, value(), 1));
    else if (flag === '--json-only' || flag === '--json') opts.jsonOnly = true;
    else if (flag === '--help' || flag === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown argument: ${flag}\n${USAGE}`);
  }
  const db = opts.db ?? (opts.pgUrl ? ['pglite', 'postgres'] : ['pglite']);
  return { ...opts, db, pgUrl: opts.pgUrl ?? DEFAULT_PG_URL };
}

interface Row {
  db: DbKind;
  target: 'parley' | 'baseline';
  result: LoadResult;
  /** Percent of one core over the measured window (machine: all cores, so up to 100 x cores). */
  cpu: { server?: number; loadgen: number; machine?: number };
}

/** One (db, N, target) cell: customers on fresh userIds, CPU sampled over the measured window only. */
async function measure(db: DbKind, target: ChatTarget, customers: number, asks: string[], opts: ReturnType<typeof parseArgs>, runTag: string): Promise<Row> {
  const api = new TLSSigAPIv2.Api(target.sdkAppId, target.secretKey);
  let startCpu: { server?: number; loadgen: NodeJS.CpuUsage; machine?: { busy: number; total: number }; at: number } | undefined;
  const cpu: Row['cpu'] = { loadgen: NaN };
  log(`  ${db} ${target.name} N=${customers}: connecting, ${opts.warmup}s warm-up + ${opts.duration}s...`);
  const r = await runCustomers(
    {
      wsUrl: target.wsUrl,
      sdkAppId: target.sdkAppId,
      sign: (userId) => (target.name === 'parley' ? api.genSig(userId, 86_400) : 'unused'),
      userPrefix: `${runTag}-${target.name[0]}${db[1]}${customers}-`,
      customers,
      connectBatch: opts.batch,
      warmupMs: opts.warmup * 1000,
      durationMs: opts.duration * 1000,
      asks,
      // Generous: in a closed loop the round trip is about N / throughput, so an overloaded server
      // shows up as high latency, and only a message that is really lost as a timeout.
      answerTimeoutMs: 60_000,
      signal: stopping.signal,
      // Parley allows each socket SOCKET_LIMITS.sendRate sends/s; a faster closed loop would only
      // measure rate-limit errors. Both targets get the same customers, with 5% margin for clock skew.
      pace: { rate: SOCKET_LIMITS.sendRate * 0.95, burst: SOCKET_LIMITS.sendBurst - 2 },
    },
    (edge) => {
      const now = { server: cpuSeconds(target.pid), loadgen: process.cpuUsage(), machine: machineJiffies(), at: performance.now() };
      if (edge === 'start') return void (startCpu = now);
      if (!startCpu) return;
      const seconds = (now.at - startCpu.at) / 1000;
      const d = process.cpuUsage(startCpu.loadgen);
      cpu.loadgen = ((d.user + d.system) / 1e6 / seconds) * 100;
      if (now.server !== undefined && startCpu.server !== undefined) cpu.server = ((now.server - startCpu.server) / seconds) * 100;
      if (now.machine && startCpu.machine) cpu.machine = ((now.machine.busy - startCpu.machine.busy) / (now.machine.total - startCpu.machine.total)) * 100 * os.cpus().length;
    },
  );
  log(
    `    ${r.connected}/${r.customers} connected in ${fmt(r.connectSeconds, 1)} s; ${fmt(r.msgsPerSec, 0)} msgs/s, p50 ${fmt(r.p50, 1)} ms, p99 ${fmt(r.p99, 1)} ms, ` +
      `${r.errors} errors${r.firstError ? ` (first: ${r.firstError})` : ''}; server ${fmt(cpu.server ?? NaN, 0)}% cpu, load generator ${fmt(cpu.loadgen, 0)}%`,
  );
  return { db, target: target.name, result: r, cpu };
}

// ---- output ------------------------------------------------------------------------------------

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
/** Server CPU per answered message: less sensitive than msgs/s to other load on a shared machine. */
const cpuMsPerMsg = (row: Row) => ((row.cpu.server ?? NaN) * 10) / row.result.msgsPerSec;
const violationCount = (r: LoadResult) => Object.values(r.violations).reduce((a, b) => a + b, 0);

function baselineOf(rows: Row[], row: Row): Row | undefined {
  return rows.find((b) => b.target === 'baseline' && b.db === row.db && b.result.customers === row.result.customers);
}

function table(rows: Row[]): string {
  const header = [
    'db',
    'N',
    'target',
    'msgs/s',
    'p50 ms',
    'p90 ms',
    'p99 ms',
    'ack p50',
    'errors',
    'violations',
    'paced',
    'msgs/s ratio',
    'p50 ratio',
    'p99 ratio',
    'server cpu',
    'cpu ms/msg',
    'loadgen cpu',
    'other cpu',
  ];
  const body = rows.map((row) => {
    const r = row.result;
    const b = baselineOf(rows, row)?.result;
    const ratio = (x: number, y: number | undefined, d: number) => (row.target === 'baseline' ? '1.00' : y ? fmt(x / y, d) : '-');
    return [
      row.db,
      String(r.customers),
      row.target,
      fmt(r.msgsPerSec, 0),
      fmt(r.p50, 1),
      fmt(r.p90, 1),
      fmt(r.p99, 1),
      fmt(r.ackP50, 1),
      String(r.errors),
      String(violationCount(r)),
      String(r.paced),
      ratio(r.msgsPerSec, b?.msgsPerSec, 3),
      ratio(r.p50, b?.p50, 1) + (row.target === 'baseline' ? '' : 'x'),
      ratio(r.p99, b?.p99, 1) + (row.target === 'baseline' ? '' : 'x'),
      `${fmt(row.cpu.server ?? NaN, 0)}%`,
      fmt(cpuMsPerMsg(row), 2),
      `${fmt(row.cpu.loadgen, 0)}%`,
      `${fmt((row.cpu.machine ?? NaN) - (row.cpu.server ?? NaN) - row.cpu.loadgen, 0)}%`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((c) => c[i].length)));
  const line = (cells: string[]) => '| ' + cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |';
  return [line(header), '|' + widths.map((w, i) => (i < 3 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|', ...body.map(line)].join('\n');
}

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
  };
  const runTag = Math.floor(Math.random() * 36 ** 4).toString(36);
  const entries = seedFaq(opts.faq);
  const allAsks = asksFor(entries);
  const rows: Row[] = [];
  const robots: Record<string, { asks: number; branches: Record<string, number> }> = {};

  try {
    for (const db of opts.db) {
      log(`${db}: starting parley serve${db === 'postgres' && opts.redisUrl ? ' (with Redis)' : ''} and seeding ${entries.length} FAQ questions...`);
      let parleyDb: DbTarget;
      let baselineDb: DbTarget;
      if (db === 'pglite') {
        parleyDb = pgliteTarget('parley');
        baselineDb = pgliteTarget('baseline');
      } else {
        // One fresh database for the run; the baseline's table lives next to Parley's.
        parleyDb = baselineDb = { kind: 'postgres', url: await createPgDatabase(opts.pgUrl) };
      }
      const seedStart = performance.now();
      const parley = await startParley(parleyDb, db === 'postgres' ? opts.redisUrl : undefined);
      const seeded = await seedRobot(parley, entries, allAsks);
      robots[db] = { asks: seeded.asks.length, branches: seeded.branches };
      log(`  seeded and checked ${allAsks.length} asks in ${fmt((performance.now() - seedStart) / 1000, 1)} s; robot branches ${JSON.stringify(seeded.branches)}`);
      const baseline = await startBaseline(baselineDb);
      const asks = seeded.asks.map((a) => a.text);
      for (const n of opts.customers) {
        rows.push(await measure(db, baseline, n, asks, opts, runTag));
        rows.push(await measure(db, parley, n, asks, opts, runTag));
      }
      await Promise.all([parley.stop(), baseline.stop()]);
    }
  } finally {
    await cleanup();
  }

  const totalSeconds = (performance.now() - t0) / 1000;
  if (!opts.jsonOnly) {
    const out: string[] = [];
    out.push('Parley customer chat benchmark (bench/chat.ts)');
    out.push(`machine: ${machine.cpus} x ${machine.cpuModel}, ${machine.memGb} GB RAM, ${machine.platform}, node ${machine.node}`);
    out.push(`load: closed loop per customer over /chat/v1/ws (send → ack + robot answer → next), ${opts.warmup}s warm-up + ${opts.duration}s measured, sockets opened ${opts.batch} at a time`);
    out.push(`customers paced to ${SOCKET_LIMITS.sendRate * 0.95} sends/s each (Parley's per-socket limit is ${SOCKET_LIMITS.sendRate}/s); "paced" = sends held back in the measured window`);
    out.push(`robot: ${entries.length} FAQ entries via add_faq; asks = standard questions, similar questions and unstored paraphrases (to-agent ones dropped)`);
    out.push(`baseline: bare ws server, one INSERT per message (PGlite on disk / pg Pool of DATABASE_POOL_SIZE, default 10, like Parley), replies ack + message event + answer event`);
    out.push(`msgs/s = answers received in the window; latency = send → robot answer (ack p50: send → ack) for messages sent in the window, drained after it`);
    out.push(`violations = missing acks + bad acks + duplicate seqs + seq gaps (must be 0); ratios are parley / baseline`);
    out.push(
      `cpu: % of one core in the measured window; cpu ms/msg = server process CPU per answered message; "other" = the rest of the machine (${machine.cpus} cores: PostgreSQL, Redis, anything else running)`,
    );
    out.push('');
    out.push(table(rows));
    out.push('');
    out.push(`total ${fmt(totalSeconds, 0)} s`);
    console.log(out.join('\n'));
  }
  console.log(
    JSON.stringify({
      bench: 'chat',
      machine,
      config: {
        customers: opts.customers,
        durationSeconds: opts.duration,
        warmupSeconds: opts.warmup,
        connectBatch: opts.batch,
        faq: entries.length,
        pace: SOCKET_LIMITS.sendRate * 0.95,
        redis: Boolean(opts.redisUrl),
      },
      robots,
      results: rows.map((row) => {
        const b = baselineOf(rows, row)?.result;
        const r = row.result;
        return {
          db: row.db,
          customers: r.customers,
          target: row.target,
          connected: r.connected,
          connectSeconds: round(r.connectSeconds),
          messages: r.messages,
          msgsPerSec: round(r.msgsPerSec),
          latencySamples: r.latencySamples,
          p50Ms: round(r.p50),
          p90Ms: round(r.p90),
          p99Ms: round(r.p99),
          maxMs: round(r.max),
          ackP50Ms: round(r.ackP50),
          ackP99Ms: round(r.ackP99),
          errors: r.errors,
          timeouts: r.timeouts,
          firstError: r.firstError,
          violations: r.violations,
          paced: r.paced,
          cpuPercent: {
            server: round(row.cpu.server),
            loadgen: round(row.cpu.loadgen),
            machine: round(row.cpu.machine),
            other: round((row.cpu.machine ?? NaN) - (row.cpu.server ?? NaN) - row.cpu.loadgen),
          },
          serverCpuMsPerMsg: round(cpuMsPerMsg(row), 3),
          vsBaseline: row.target === 'parley' && b ? { msgsPerSec: round(r.msgsPerSec / b.msgsPerSec, 3), p50: round(r.p50 / b.p50, 2), p99: round(r.p99 / b.p99, 2) } : undefined,
        };
      }),
      totalSeconds: round(totalSeconds),
    }),
  );
}

const round = (n: number | undefined, digits = 2) => (n === undefined || !Number.isFinite(n) ? null : Math.round(n * 10 ** digits) / 10 ** digits);

main().catch(async (error) => {
  log(String(error?.stack ?? error));
  await cleanup();
  process.exit(1);
});
