/**
 * The servers bench/chat.ts drives, each in its own child process so the load generator does not
 * share their event loop: `parley serve` (the real CLI, configured by environment as an operator
 * would), and the bare `ws` + one-INSERT baseline (bench/lib/chat-baseline.ts). Also the fresh
 * PostgreSQL database per run, and cleanup that runs on normal exit, errors and Ctrl-C.
 */
import { execFile, fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import TLSSigAPIv2 from 'tls-sig-api-v2';
import type { FaqText } from './api-faq-text.ts';
import type { Ask } from './chat-questions.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const PARLEY_BIN = path.resolve(here, '../../packages/server/bin/parley.mjs');
const BASELINE_SCRIPT = path.join(here, 'chat-baseline.ts');

export const log = (msg: string) => process.stderr.write(`${msg}\n`);

// ---- cleanup -----------------------------------------------------------------------------------

const cleanups: Array<() => Promise<void> | void> = [];
const children = new Set<ChildProcess>();

/** Registers work for `cleanup()`; runs last-registered first (children stop before their database is dropped). */
export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}

/** Aborted when cleanup starts, so customers drop their sockets before the servers go away. */
export const stopping = new AbortController();

let cleaning: Promise<void> | undefined;
export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    stopping.abort();
    for (const fn of cleanups.splice(0).reverse())
      await Promise.resolve()
        .then(fn)
        .catch((e) => log(`cleanup: ${e?.message ?? e}`));
  })();
  return cleaning;
}

// Last resort when the process exits without cleanup() (e.g. an uncaught throw): no orphaned servers.
process.on('exit', () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`\n${signal}: stopping servers...`);
    void cleanup().finally(() => process.exit(130));
  });
}

function track(proc: ChildProcess, label: string): { exited: Promise<number | null>; stop: () => Promise<void> } {
  children.add(proc);
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => (children.delete(proc), resolve(code))));
  const stop = async () => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill('SIGTERM');
    const timer = setTimeout(() => {
      log(`${label} did not stop within 10 s; killing it`);
      proc.kill('SIGKILL');
    }, 10_000);
    await exited;
    clearTimeout(timer);
  };
  onCleanup(stop);
  return { exited, stop };
}

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  onCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Linux: CPU seconds (user + system) a process has used so far; undefined elsewhere. */
export function cpuSeconds(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in USER_HZ (100 on Linux)
  } catch {
    return undefined;
  }
}

/** Linux: busy and total jiffies of the whole machine, for "was the box saturated?". */
export function machineJiffies(): { busy: number; total: number } | undefined {
  try {
    const [cpu] = fs.readFileSync('/proc/stat', 'utf8').split('\n');
    const n = cpu.trim().split(/\s+/).slice(1).map(Number);
    const total = n.reduce((a, b) => a + b, 0);
    return { busy: total - n[3] - (n[4] ?? 0), total }; // idle + iowait are not busy
  } catch {
    return undefined;
  }
}

// ---- databases ---------------------------------------------------------------------------------

export type DbTarget = { kind: 'pglite'; dataDir: string } | { kind: 'postgres'; url: string };

/** A fresh PostgreSQL database on the server at `baseUrl`, dropped at cleanup. */
export async function createPgDatabase(baseUrl: string): Promise<string> {
  const name = `bench_chat_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  onCleanup(async () => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await client.end();
    }
  });
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function pgliteTarget(label: string): DbTarget {
  return { kind: 'pglite', dataDir: tempDir(`parley-bench-chat-${label}-`) };
}

// ---- Parley ------------------------------------------------------------------------------------

export interface ChatTarget {
  name: 'parley' | 'baseline';
  wsUrl: string;
  pid?: number;
  sdkAppId: number;
  secretKey: string;
  stop(): Promise<void>;
}

export interface ParleyTarget extends ChatTarget {
  httpUrl: string;
  adminIdentifier: string;
}

/** Starts `parley serve` on a free port and creates the bench app with `parley app create --json`. */
export async function startParley(db: DbTarget, redisUrl?: string): Promise<ParleyTarget> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', REST_RATE_LIMIT: '0' };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  if (db.kind === 'pglite') env.PARLEY_DATA_DIR = db.dataDir;
  else env.DATABASE_URL = db.url;
  if (redisUrl) env.REDIS_URL = redisUrl;

  const proc = spawn(process.execPath, [PARLEY_BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const { exited, stop } = track(proc, 'parley serve');
  // Warnings and errors (pino JSON lines) go to our stderr; the welcome banner (it prints a SecretKey) does not.
  proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) if (line.startsWith('{')) log(`[parley] ${line}`);
  });
  proc.stderr!.setEncoding('utf8').on('data', (chunk: string) => process.stderr.write(`[parley] ${chunk}`));

  const httpUrl = `http://127.0.0.1:${port}`;
  // Generous: a restart after SIGKILL recovers the embedded database first, slow on a loaded machine.
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`parley serve exited with code ${proc.exitCode}`);
    const ok = await fetch(`${httpUrl}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error('parley serve did not answer /healthz within 180 s');
    await Promise.race([new Promise((r) => setTimeout(r, 200)), exited]);
  }

  // The CLI goes through the running server (PGlite: control endpoint via the lock file) or straight to PostgreSQL.
  const { stdout } = await promisify(execFile)(process.execPath, [PARLEY_BIN, 'app', 'create', '--name', 'bench', '--json'], { env });
  const app = JSON.parse(stdout) as { sdkAppId: number; secretKey: string; adminIdentifier: string };
  return { name: 'parley', wsUrl: `ws://127.0.0.1:${port}/chat/v1/ws`, httpUrl, pid: proc.pid, stop, ...app };
}

/**
 * Seeds the default robot through the Tencent-compatible REST API (add_faq), then asks every
 * question once through the explainable-answer API so customers ask only questions the robot
 * answers in the chat (a to-agent hand-over would end the robot phase: no answer to wait for).
 * This also builds the matcher's index before the clock starts.
 */
export async function seedRobot(parley: ParleyTarget, entries: FaqText[], asks: Ask[]): Promise<{ asks: Ask[]; branches: Record<string, number> }> {
  const sig = new TLSSigAPIv2.Api(parley.sdkAppId, parley.secretKey).genSig(parley.adminIdentifier, 86_400);
  const rest = async (command: string, body: unknown) => {
    const url = `${parley.httpUrl}/v4/openim_console_http_svc/${command}?sdkappid=${parley.sdkAppId}&identifier=${encodeURIComponent(parley.adminIdentifier)}&usersig=${encodeURIComponent(sig)}&random=${Math.floor(Math.random() * 4294967295)}&contenttype=json`;
    const res = (await (await fetch(url, { method: 'POST', body: JSON.stringify(body) })).json()) as Record<string, any>;
    if (res.ErrorCode !== 0) throw new Error(`${command} failed: ${JSON.stringify(res)}`);
    return res;
  };
  const categories: number[] = [];
  for (const title of ['账户与安全', '订单与物流', 'Billing', 'Membership']) categories.push((await rest('add_faq_category', { Title: title })).CategoryId);
  // A few at a time: fast, without turning seeding into a load test of its own.
  for (let i = 0; i < entries.length; i += 8) {
    await Promise.all(
      entries.slice(i, i + 8).map((e, j) => rest('add_faq', { CategoryId: categories[(i + j) % categories.length], Question: e.question, Answer: e.answer, SimilarQuestions: e.similar })),
    );
  }

  const headers = { 'content-type': 'application/json', 'x-parley-app': String(parley.sdkAppId), 'x-parley-identifier': parley.adminIdentifier, authorization: `UserSig ${sig}` };
  const branches: Record<string, number> = {};
  const kept: Ask[] = [];
  for (let i = 0; i < asks.length; i += 8) {
    const answers = await Promise.all(
      asks.slice(i, i + 8).map(async (ask) => {
        const res = await fetch(`${parley.httpUrl}/api/robots/default/test`, { method: 'POST', headers, body: JSON.stringify({ text: ask.text, env: 'prod' }) });
        if (!res.ok) throw new Error(`robot test failed: HTTP ${res.status} ${await res.text()}`);
        return { ask, answer: (await res.json()) as { branch: string; reply?: unknown } };
      }),
    );
    for (const { ask, answer } of answers) {
      const key = `${ask.kind}:${answer.branch}`;
      branches[key] = (branches[key] ?? 0) + 1;
      if (answer.branch !== 'to_agent') kept.push(ask);
    }
  }
  return { asks: kept, branches };
}

// ---- baseline ----------------------------------------------------------------------------------

/** The bare ws server (bench/lib/chat-baseline.ts) on the same kind of database. */
export async function startBaseline(db: DbTarget): Promise<ChatTarget> {
  const env: NodeJS.ProcessEnv = { ...process.env, BENCH_DB: db.kind === 'pglite' ? `pglite:${db.dataDir}` : db.url };
  const proc = fork(BASELINE_SCRIPT, [], { execArgv: ['--import', 'tsx'], env, stdio: ['ignore', 2, 2, 'ipc'] });
  const { exited, stop } = track(proc, 'baseline');
  const ready = await Promise.race([
    new Promise<{ port: number }>((resolve) => proc.on('message', (m: any) => m?.type === 'ready' && resolve(m))),
    exited.then((code) => Promise.reject(new Error(`baseline exited with code ${code}`))),
  ]);
  proc.disconnect(); // IPC was only for "ready"; stop() uses SIGTERM
  return { name: 'baseline', wsUrl: `ws://127.0.0.1:${ready.port}`, pid: proc.pid, stop, sdkAppId: 1, secretKey: 'baseline' };
}
