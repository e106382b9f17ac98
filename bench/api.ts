/**
 * REST gateway throughput: list_faq and add_faq through the Tencent-compatible gateway
 * (`POST /v4/openim_console_http_svc/<command>?sdkappid=&identifier=&usersig=&random=&contenttype=json`)
 * on a robot with 10,000 FAQ questions, against a bare Fastify route returning the same JSON
 * as a real list_faq page, measured in the same run.
 *
 *   npm run bench:api -- [--connections 32] [--duration 10] [--warmup 2] [--json-only] [--explain] [--analyze]
 *
 * Environment: DATABASE_URL=postgres://... runs Parley on a fresh database created on that
 * server (dropped afterwards); otherwise embedded PGlite in memory.
 *
 * Setup: Parley and the baseline each run in their own child process (bench/lib/api-server.ts),
 * so the load generator here does not share their event loop; both servers are equally
 * remote to it (loopback, keep-alive). The REST rate limit is off (restRateLimit 0) because
 * the point is throughput, and request logging is off (the test harness's setting) in both.
 * Load: closed loop, C connections on an undici Pool, warm-up before each scenario (discarded).
 * Output: a table on stdout, then one line of JSON ({"bench":"api",...}); --json-only prints only
 * the JSON line. Progress goes to stderr.
 */
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import TLSSigAPIv2 from 'tls-sig-api-v2';
import { request } from 'undici';
import { LIST_KEYWORDS, rng, uniqueFaq } from './lib/api-faq-text.ts';
import { runLoad, type LoadResult, type RequestSpec } from './lib/api-load.ts';
import { flagsOf, numberArg } from './lib/cli-args.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const SERVER_SCRIPT = path.join(here, 'lib/api-server.ts');
const SEED = 10_000;

function parseArgs(argv: string[]) {
  const opts = { connections: 32, duration: 10, warmup: 2, jsonOnly: false, explain: false, analyze: false };
  const num = numberArg;
  for (const { flag, value } of flagsOf(argv)) {
    if (flag === '--connections' || flag === '-c') opts.connections = Math.floor(num(flag, value(), 1));
    else if (flag === '--duration' || flag === '-d') opts.duration = num(flag, value(), 0.5);
    else if (flag === '--warmup') opts.warmup = num(flag, value(), 0);
    else if (flag === '--json-only' || flag === '--json') opts.jsonOnly = true;
    else if (flag === '--explain') opts.explain = true;
    else if (flag === '--analyze') opts.analyze = true;
    else if (flag === '--help' || flag === '-h') {
      console.log('usage: npm run bench:api -- [--connections 32] [--duration 10] [--warmup 2] [--json-only] [--explain] [--analyze]');
      process.exit(0);
    } else throw new Error(`unknown argument: ${flag}`);
  }
  return opts;
}

const log = (msg: string) => process.stderr.write(`${msg}\n`);

// ---- child processes ---------------------------------------------------------------------------

interface Child {
  proc: ChildProcess;
  next<T = any>(type: string): Promise<T>;
  send(msg: unknown): void;
  stop(): Promise<void>;
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

function startChild(mode: 'parley' | 'baseline', env: NodeJS.ProcessEnv): Child {
  // Child stdout goes to our stderr so --json-only stays clean.
  const proc = fork(SERVER_SCRIPT, [mode], { execArgv: ['--import', 'tsx'], env, stdio: ['ignore', 2, 2, 'ipc'] });
  children.add(proc);
  const waiting: Array<{ type: string; resolve: (m: any) => void; reject: (e: Error) => void }> = [];
  const fail = (error: Error) => {
    for (const w of waiting.splice(0)) w.reject(error);
  };
  proc.on('message', (m: any) => {
    if (m?.type === 'error') return fail(new Error(`${mode} server: ${m.message}`));
    const i = waiting.findIndex((w) => w.type === m?.type);
    if (i >= 0) waiting.splice(i, 1)[0].resolve(m);
  });
  proc.on('exit', (code) => {
    children.delete(proc);
    fail(new Error(`${mode} server exited with code ${code}`));
  });
  return {
    proc,
    next: (type) => new Promise((resolve, reject) => waiting.push({ type, resolve, reject })),
    send: (msg) => proc.send(msg as never),
    async stop() {
      if (proc.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      proc.send({ type: 'stop' });
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// ---- output ------------------------------------------------------------------------------------

interface Row {
  scenario: string;
  description: string;
  result: LoadResult;
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

function table(rows: Row[], baseline: LoadResult): string {
  const header = ['scenario', 'rps', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'requests', 'errors', 'resp bytes', 'rps / baseline', 'p99 / baseline'];
  const body = rows.map((r) => [
    r.scenario,
    fmt(r.result.rps, 0),
    fmt(r.result.p50, 2),
    fmt(r.result.p90, 2),
    fmt(r.result.p99, 2),
    fmt(r.result.max, 1),
    String(r.result.requests),
    String(r.result.errors),
    fmt(r.result.meanBytes, 0),
    r.scenario === 'baseline' ? '1.000' : fmt(r.result.rps / baseline.rps, 3),
    r.scenario === 'baseline' ? '1.0' : fmt(r.result.p99 / baseline.p99, 1) + 'x',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    return `${u.protocol}//${u.hostname}${u.port ? `:${u.port}` : ''}`;
  } catch {
    return '(unparseable URL)';
  }
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

  const databaseUrl = process.env.DATABASE_URL || undefined;
  const childEnv: NodeJS.ProcessEnv = { ...process.env, BENCH_SEED: String(SEED) };
  if (opts.analyze) childEnv.BENCH_ANALYZE = '1';
  delete childEnv.TEST_REDIS_URL; // in-process bus and rate limiter: no Redis round trips in either server
  if (databaseUrl) childEnv.TEST_DATABASE_URL = databaseUrl;
  else delete childEnv.TEST_DATABASE_URL;

  log(`starting Parley (${databaseUrl ? `PostgreSQL at ${redactUrl(databaseUrl)}` : 'PGlite in memory'}) and seeding ${SEED} FAQ questions...`);
  const parley = startChild('parley', childEnv);
  const ready = await parley.next('ready');
  const dbLabel =
    ready.databaseKind === 'pglite'
      ? 'pglite (embedded, in-memory, inside the server process)'
      : `postgres (fresh database on ${redactUrl(databaseUrl!)}, pool ${process.env.DATABASE_POOL_SIZE || 10}, dropped afterwards)`;
  log(`  server up in ${fmt(ready.startMs, 0)} ms; seeded ${ready.seeded} questions (x2 rows: test+prod) in ${fmt(ready.seedMs / 1000, 2)} s`);

  const sig = new TLSSigAPIv2.Api(ready.sdkAppId, ready.secretKey).genSig(ready.admin, 86_400);
  const pathOf = (command: string) =>
    `/v4/openim_console_http_svc/${command}?sdkappid=${ready.sdkAppId}&identifier=${encodeURIComponent(ready.admin)}&usersig=${encodeURIComponent(sig)}&random=${Math.floor(Math.random() * 4294967295)}&contenttype=json`;
  const ok = (text: string) => text.startsWith('{"ActionStatus":"OK"');

  // Capture a real list_faq response: the baseline returns exactly this body.
  const captured = await request(`${ready.baseUrl}${pathOf('list_faq')}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ PageIndex: 1, PageSize: 10 }),
  });
  const capturedText = await captured.body.text();
  const capturedJson = JSON.parse(capturedText);
  if (capturedJson.ErrorCode !== 0 || capturedJson.StandardQuestionCount !== SEED) {
    throw new Error(`unexpected list_faq response: ${capturedText.slice(0, 500)}`);
  }

  const baseline = startChild('baseline', { ...process.env });
  baseline.send({ type: 'body', body: capturedJson });
  const baseReady = await baseline.next('ready');
  const check = await request(`${baseReady.baseUrl}${pathOf('list_faq')}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"PageIndex":1,"PageSize":10}' });
  const checkText = await check.body.text();
  if (checkText !== capturedText) throw new Error('baseline body differs from the captured list_faq body');
  log(`  baseline up; fixed body ${Buffer.byteLength(capturedText)} bytes (list_faq page 1, 10 questions)`);

  const random = rng(7);
  const runTag = Math.floor(Math.random() * 36 ** 6).toString(36);
  let added = 0;
  const scenarios: Array<{ scenario: string; description: string; origin: string; next: () => RequestSpec }> = [
    {
      scenario: 'baseline',
      description: 'bare Fastify POST route returning the captured list_faq JSON',
      origin: baseReady.baseUrl,
      next: () => ({ path: pathOf('list_faq'), body: JSON.stringify({ PageIndex: 1 + Math.floor(random() * 100), PageSize: 10 }) }),
    },
    {
      scenario: 'list_faq',
      description: 'PageIndex random 1..100, PageSize 10',
      origin: ready.baseUrl,
      next: () => ({ path: pathOf('list_faq'), body: JSON.stringify({ PageIndex: 1 + Math.floor(random() * 100), PageSize: 10 }) }),
    },
    {
      scenario: 'list_faq+keyword',
      description: `Question keyword (${LIST_KEYWORDS.join('/')}), PageIndex 1..3, PageSize 10`,
      origin: ready.baseUrl,
      next: () => ({
        path: pathOf('list_faq'),
        body: JSON.stringify({ Question: LIST_KEYWORDS[Math.floor(random() * LIST_KEYWORDS.length)], PageIndex: 1 + Math.floor(random() * 3), PageSize: 10 }),
      }),
    },
    {
      scenario: 'add_faq',
      description: 'unique question, 2 similar questions, round-robin category',
      origin: ready.baseUrl,
      next: () => {
        const e = uniqueFaq(random, runTag, ++added);
        return {
          path: pathOf('add_faq'),
          body: JSON.stringify({ CategoryId: ready.categories[added % ready.categories.length], Question: e.question, Answer: e.answer, SimilarQuestions: e.similar }),
        };
      },
    },
  ];

  const rows: Row[] = [];
  for (const s of scenarios) {
    log(`running ${s.scenario}: ${opts.warmup}s warm-up + ${opts.duration}s, ${opts.connections} connections...`);
    const result = await runLoad({ origin: s.origin, connections: opts.connections, seconds: opts.duration, warmupSeconds: opts.warmup, next: s.next, check: ok });
    log(`  ${fmt(result.rps, 0)} rps, p50 ${fmt(result.p50, 2)} ms, p99 ${fmt(result.p99, 2)} ms, ${result.errors} errors${result.firstError ? ` (first: ${result.firstError})` : ''}`);
    rows.push({ scenario: s.scenario, description: s.description, result });
  }

  let explain: { listMs: number; plans: string[] } | undefined;
  if (opts.explain) {
    log('profiling listQuestions in-process and collecting query plans...');
    parley.send({ type: 'profile', iterations: 200 });
    const { listMs } = await parley.next('profiled');
    const where = `app_id = $APP AND robot_id = '${ready.robotId}' AND env = 'prod' AND library = 'faq' AND language_tag = ''`;
    parley.send({
      type: 'explain',
      sql: [
        `EXPLAIN (ANALYZE) SELECT count(*), coalesce(sum(1 + jsonb_array_length("similar")), 0) FROM kb_questions WHERE ${where}`,
        `EXPLAIN (ANALYZE) SELECT * FROM kb_questions WHERE ${where} ORDER BY seq ASC LIMIT 10 OFFSET 990`,
        `EXPLAIN (ANALYZE) SELECT count(*) FROM kb_questions WHERE ${where} AND question ILIKE '%password%'`,
        `EXPLAIN (ANALYZE) SELECT question_id, question, language_tag FROM kb_questions WHERE app_id = $APP AND robot_id = '${ready.robotId}' AND env = 'prod' AND library = 'faq' AND lower(question) IN ('how do i change my password?')`,
      ],
    });
    const { plans } = await parley.next('explained');
    explain = { listMs, plans };
  }

  const rowCount = SEED + added; // approximate: includes warm-up adds
  await Promise.all([parley.stop(), baseline.stop()]);
  const totalSeconds = (performance.now() - t0) / 1000;

  const base = rows.find((r) => r.scenario === 'baseline')!.result;
  if (!opts.jsonOnly) {
    const out: string[] = [];
    out.push('Parley REST gateway benchmark (bench/api.ts)');
    out.push(`machine: ${machine.cpus} x ${machine.cpuModel}, ${machine.memGb} GB RAM, ${machine.platform}, node ${machine.node}`);
    out.push(`database: ${dbLabel}${ready.dbVersion ? ` — ${String(ready.dbVersion).split(' on ')[0]}` : ''}`);
    out.push(
      `robot: ${ready.seeded} FAQ questions (2-3 similar each, zh/en), seeded via the service layer in ${fmt(ready.seedMs / 1000, 2)} s (${fmt(ready.seeded / (ready.seedMs / 1000), 0)} questions/s)`,
    );
    out.push(
      `planner statistics: ${ready.analyzed ? 'ANALYZE run after seeding (--analyze)' : ready.databaseKind === 'pglite' ? 'none — kb_questions never ANALYZEd after the import (PGlite has no autovacuum; --analyze for the analyzed state)' : 'whatever autovacuum has done since the import (usually nothing yet; --analyze for the steady state)'}`,
    );
    out.push(`load: closed loop, ${opts.connections} keep-alive connections (undici Pool), ${opts.warmup}s warm-up + ${opts.duration}s per scenario; servers in child processes`);
    out.push('REST rate limit: off (restRateLimit 0) — measuring throughput, not the 5/s/command production limit; request logging off in both servers');
    out.push('');
    for (const r of rows) out.push(`  ${r.scenario.padEnd(17)} ${r.description}`);
    out.push('');
    out.push(table(rows, base));
    out.push('');
    out.push(`add_faq grew the robot to ~${rowCount} questions during its run (warm-up included); each add writes test and prod rows.`);
    if (explain) {
      out.push('');
      out.push(`in-process listQuestions (serial, no HTTP): ${fmt(explain.listMs, 2)} ms per call => at most ~${fmt(1000 / explain.listMs, 0)} calls/s on one connection`);
      const titles = ['counts (list_faq totals)', 'page at offset 990', 'keyword count (ILIKE)', 'add_faq duplicate check (lower(question) IN ...)'];
      explain.plans.forEach((p, i) => {
        out.push('');
        out.push(`-- ${titles[i]}`);
        out.push(p);
      });
    }
    out.push('');
    out.push(`total time ${fmt(totalSeconds, 1)} s`);
    console.log(out.join('\n'));
  }

  const json = {
    bench: 'api',
    machine,
    database: ready.databaseKind,
    databaseVersion: ready.dbVersion ? String(ready.dbVersion).split(' on ')[0] : undefined,
    seeded: ready.seeded,
    analyzed: ready.analyzed,
    seedSeconds: Number((ready.seedMs / 1000).toFixed(3)),
    connections: opts.connections,
    durationSeconds: opts.duration,
    warmupSeconds: opts.warmup,
    restRateLimit: 0,
    serversInChildProcesses: true,
    baselineBodyBytes: Buffer.byteLength(capturedText),
    scenarios: Object.fromEntries(
      rows.map((r) => [
        r.scenario,
        {
          rps: Number(r.result.rps.toFixed(1)),
          p50Ms: Number(r.result.p50.toFixed(3)),
          p90Ms: Number(r.result.p90.toFixed(3)),
          p99Ms: Number(r.result.p99.toFixed(3)),
          maxMs: Number(r.result.max.toFixed(3)),
          requests: r.result.requests,
          errors: r.result.errors,
          rpsRatioToBaseline: Number((r.result.rps / base.rps).toFixed(4)),
          p99RatioToBaseline: Number((r.result.p99 / base.p99).toFixed(2)),
        },
      ]),
    ),
    ...(explain ? { listQuestionsSerialMs: Number(explain.listMs.toFixed(3)) } : {}),
    totalSeconds: Number(totalSeconds.toFixed(1)),
  };
  console.log(JSON.stringify(json));
  const errors = rows.reduce((n, r) => n + r.result.errors, 0);
  if (errors > 0) {
    log(`warning: ${errors} failed requests (see first errors above)`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
