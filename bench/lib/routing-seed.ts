/**
 * Setup for bench/routing.ts: Parley's services in this process on a fresh database (PGlite on disk
 * in a temp dir, or a fresh PostgreSQL database dropped afterwards), and rows written directly with
 * Drizzle in batches: agents, waiting sessions, robot-phase sessions. Only the setup bypasses the
 * engine; what is measured goes through `routing.router` and the conversation services.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import pg from 'pg';
import { DEFAULT_ACCOUNT_ID } from '../../packages/server/src/accounts/defaults.ts';
import { sessions } from '../../packages/server/src/conversations/schema.ts';
import { streamOf } from '../../packages/server/src/conversations/conversation-tx.ts';
import { eventStreams } from '../../packages/server/src/events/schema.ts';
import { systemClock } from '../../packages/server/src/platform/clock.ts';
import { loadConfig } from '../../packages/server/src/platform/config.ts';
import { openDatabase, type Database } from '../../packages/server/src/platform/db.ts';
import { agentStates } from '../../packages/server/src/routing/schema.ts';
import { buildServer, type ParleyServer } from '../../packages/server/src/server.ts';
import { members } from '../../packages/server/src/team/schema.ts';

export const log = (msg: string) => process.stderr.write(`${msg}\n`);

const cleanups: Array<() => Promise<void> | void> = [];
/** Runs the registered cleanups, last first (the server closes before its database is dropped). */
export async function cleanup(): Promise<void> {
  for (const fn of cleanups.splice(0).reverse())
    await Promise.resolve()
      .then(fn)
      .catch((e) => log(`cleanup: ${e?.message ?? e}`));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void cleanup().finally(() => process.exit(130)));
}

export type DbKind = 'pglite' | 'postgres';

export interface Bench {
  kind: DbKind;
  server: ParleyServer;
  database: Database;
  appId: number;
}

/** Parley's services (no HTTP listener, no job poller: timers are not part of the measurement). */
export async function startBench(kind: DbKind, pgUrl: string, redisUrl?: string): Promise<Bench> {
  const database = kind === 'pglite' ? await openDatabase({ dataDir: tempDir() }) : await openDatabase({ url: await freshPgDatabase(pgUrl) });
  cleanups.push(() => database.close());
  const config = { ...loadConfig({}), redisUrl: kind === 'postgres' ? redisUrl : undefined, jobPollMs: 0, logLevel: 'silent' };
  const server = await buildServer({ config, clock: systemClock, database, logger: false });
  cleanups.push(() => server.close());
  const app = await server.services.apps.create({ name: 'Routing bench' });
  return { kind, server, database, appId: app.sdkAppId };
}

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-bench-routing-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function freshPgDatabase(baseUrl: string): Promise<string> {
  const name = `bench_routing_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`).finally(() => admin.end());
  cleanups.push(async () => {
    const client = new pg.Client({ connectionString: baseUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => client.end());
  });
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const BATCH = 1000;

async function inBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

/** `count` idle agents with the app's default capacity; never assigned, so the first round goes by id. */
export async function seedAgents(bench: Bench, count: number, capacity: number): Promise<string[]> {
  const { db, routing } = bench.server.services;
  await routing.settings.update(bench.appId, { maxConcurrent: capacity, queueTimeout: 0 });
  const now = new Date();
  const ids = Array.from({ length: count }, (_, i) => `agent${String(i).padStart(5, '0')}@bench.example`);
  await inBatches(ids, (batch) =>
    db.insert(members).values(batch.map((memberId, i) => ({ appId: bench.appId, memberId, email: memberId, nick: `Agent ${i}`, roles: ['staff' as const], passwordHash: 'x' }))),
  );
  await inBatches(ids, (batch) => db.insert(agentStates).values(batch.map((memberId) => ({ appId: bench.appId, memberId, status: 'idle' as const, statusSince: now, lastSeenAt: now }))));
  return ids;
}

/**
 * `count` sessions that already joined the queue (queuedAt one millisecond apart, in order) and were
 * told their place, as after a rush; or robot-phase sessions that may ask for a person.
 */
export async function seedSessions(bench: Bench, count: number, state: 'Queueing' | 'Chatbot', tag: string): Promise<string[]> {
  const { db } = bench.server.services;
  const start = Date.now() - count;
  // Behind whoever already waits.
  const queued = state === 'Queueing' ? await db.$count(sessions, and(eq(sessions.appId, bench.appId), eq(sessions.state, 'Queueing'))) : 0;
  const rows = Array.from({ length: count }, (_, i) => ({
    appId: bench.appId,
    sessionId: randomUUID(),
    accountId: DEFAULT_ACCOUNT_ID,
    userId: `${tag}-${i}`,
    channelType: 'SDK' as const,
    state,
    startedAt: new Date(start + i),
    queuedAt: state === 'Queueing' ? new Date(start + i) : null,
    announcedPosition: state === 'Queueing' ? queued + i + 1 : 0,
  }));
  await inBatches(rows, (batch) => db.insert(sessions).values(batch));
  // The conversation's stream row: the lock every writer of the conversation takes.
  await inBatches(rows, (batch) => db.insert(eventStreams).values(batch.map((r) => ({ appId: bench.appId, streamId: streamOf(r.accountId, r.userId), lastSeq: 0 }))));
  await db.execute('ANALYZE' as never);
  return rows.map((r) => r.sessionId);
}

/**
 * Timestamps (performance.now) of every assignment decision: routing adds an agent's load with
 * `assigned` set exactly once per session it gives to an agent, inside the deciding transaction.
 */
export function recordDecisions(bench: Bench): { times: number[] } {
  const agents = bench.server.services.routing.agents;
  const original = agents.addLoad.bind(agents);
  const record = { times: [] as number[] };
  agents.addLoad = async (tx, appId, memberId, delta, assigned) => {
    await original(tx, appId, memberId, delta, assigned);
    if (assigned) record.times.push(performance.now());
  };
  return record;
}
