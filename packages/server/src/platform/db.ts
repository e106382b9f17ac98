import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { logFailure } from './logger.ts';

/** The query interface every feature uses; identical on PGlite and on a PostgreSQL server. */
export type Db = PgDatabase<PgQueryResultHKT>;
/** A transaction handle has the same query surface as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Where the embedded database keeps uploaded files' bytes (`<dataDir>/files`; a temporary directory, removed on close, when in memory). Unset on PostgreSQL. */
  filesDir?: string;
  close(): Promise<void>;
}

/** `snapshot`: a data directory from PGlite's `dumpDataDir()` to start from instead of an empty one (tests). */
export type DatabaseTarget = { url: string } | { dataDir: string } | { memory: true; snapshot?: Blob };

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle');
const MIGRATION_LOCK_KEY = 7_305_117; // any constant; serialises migrations across processes

/** Opens the database and brings its schema up to date. */
export async function openDatabase(target: DatabaseTarget): Promise<Database> {
  if ('url' in target) return openPostgres(target.url);
  const dataDir = 'dataDir' in target ? path.join(target.dataDir, 'pgdata') : undefined;
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  const snapshot = 'snapshot' in target ? target.snapshot : undefined;
  const client = dataDir ? new PGlite(dataDir) : new PGlite({ loadDataDir: snapshot });
  // A snapshot was analysed before it was dumped and carries its statistics.
  await preparePglite(client, { analyze: !snapshot });
  takeTurns(client);
  const db = drizzlePglite(client) as unknown as Db;
  if ('dataDir' in target) return { db, kind: 'pglite', filesDir: path.join(target.dataDir, 'files'), close: () => client.close() };
  const filesDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-files-'));
  const close = async () => {
    await client.close();
    fs.rmSync(filesDir, { recursive: true, force: true });
  };
  return { db, kind: 'pglite', filesDir, close };
}

/** Captured at load, so tests that fake timers do not stop the database. */
const realSetImmediate = setImmediate;
/** Longest stretch of embedded-database work before the event loop gets a turn. */
const TURN_MS = 10;

/**
 * PGlite runs on the event loop, and each query hands over to the next queued one in a
 * microtask: while queries keep coming (sends, robot answers, subscriptions), the loop never
 * reaches I/O, so new connections and frames wait unread, for seconds under load. Every
 * statement or transaction started after more than TURN_MS of such work first lets the loop
 * poll I/O once (a transaction's own statements run on, so no lock is held longer).
 */
function takeTurns(client: PGlite): void {
  let turnStarted = performance.now();
  const yieldIfDue = async () => {
    if (performance.now() - turnStarted < TURN_MS) return;
    await new Promise((resolve) => realSetImmediate(resolve));
    turnStarted = performance.now();
  };
  const query = client.query.bind(client);
  const transaction = client.transaction.bind(client);
  client.query = (async (...args: Parameters<typeof query>) => {
    await yieldIfDue();
    return query(...args);
  }) as typeof client.query;
  client.transaction = (async (...args: Parameters<typeof transaction>) => {
    await yieldIfDue();
    return transaction(...args);
  }) as typeof client.transaction;
}

/** Waits for an embedded database and brings its schema up to date. */
export async function preparePglite(client: PGlite, options = { analyze: true }): Promise<void> {
  await client.waitReady;
  await migratePglite(drizzlePglite(client), { migrationsFolder });
  // PGlite has no autovacuum: without statistics the planner picks bad plans on large libraries.
  if (options.analyze) await client.exec('ANALYZE');
}

async function openPostgres(url: string): Promise<Database> {
  const migrator = new pg.Client({ connectionString: url });
  await migrator.connect();
  try {
    await migrator.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    await migratePg(drizzlePg(migrator), { migrationsFolder });
  } finally {
    await migrator.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(logFailure('db', 'releasing the migration lock (ending the connection releases it too)'));
    await migrator.end();
  }
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.DATABASE_POOL_SIZE || 10) });
  pool.on('error', () => {}); // idle-client errors surface on the next query instead of crashing
  const db = drizzlePg(pool) as unknown as Db;
  return { db, kind: 'postgres', close: () => pool.end() };
}

/** `db.execute` returns `{ rows }` on both drivers. */
export function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
