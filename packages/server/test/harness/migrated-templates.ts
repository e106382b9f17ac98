import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openDatabase, preparePglite } from '../../src/platform/db.ts';

// Every test database starts as a copy of one already migrated: booting an empty PGlite runs initdb
// (seconds of CPU), and migrating a PostgreSQL database per test file adds up too. The copies are
// keyed by the migrations' content (and PGlite's version), so a new migration makes a new template;
// opening still runs the migrator, which is a no-op on an up-to-date copy.

const serverRoot = path.resolve(import.meta.dirname, '../..');
const migrationsFolder = path.join(serverRoot, 'drizzle');
const cacheDir = path.resolve(serverRoot, '../../node_modules/.cache/parley-tests');

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)]))
    .sort();
}

/** A short hash of everything that decides what a migrated database looks like. */
function schemaKey(extra = ''): string {
  const hash = createHash('sha256').update(extra);
  for (const file of filesUnder(migrationsFolder)) hash.update(path.relative(migrationsFolder, file)).update(fs.readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  let dir = path.dirname(entry);
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir);
  return JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
}

// ---- PGlite: a dumped data directory on disk ----

function pgliteSnapshotFile(): string {
  return path.join(cacheDir, `pglite-${schemaKey(pgliteVersion())}.tar`);
}

/** Writes the migrated PGlite snapshot unless it exists; safe when several processes race. */
export async function ensurePgliteSnapshot(): Promise<string> {
  const file = pgliteSnapshotFile();
  if (fs.existsSync(file)) return file;
  const client = new PGlite();
  await preparePglite(client);
  const dump = await client.dumpDataDir('none');
  await client.close();
  fs.mkdirSync(cacheDir, { recursive: true });
  const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  fs.renameSync(partial, file);
  for (const stale of fs.readdirSync(cacheDir)) {
    if (/^pglite-[0-9a-f]+\.tar$/.test(stale) && path.join(cacheDir, stale) !== file) fs.rmSync(path.join(cacheDir, stale), { force: true });
  }
  return file;
}

async function readPgliteSnapshot(): Promise<Blob> {
  for (;;) {
    const file = await ensurePgliteSnapshot();
    try {
      return new Blob([fs.readFileSync(file)]);
    } catch (error) {
      // A concurrent run with newer migrations removed it between the check and the read.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}

let snapshot: Promise<Blob> | undefined;

/** The migrated snapshot, read once per process. */
export function pgliteSnapshot(): Promise<Blob> {
  snapshot ??= readPgliteSnapshot();
  return snapshot;
}

// ---- PostgreSQL: a migrated template database ----

const TEMPLATE_PREFIX = 'parley_tpl_';

function templateName(): string {
  return `${TEMPLATE_PREFIX}${schemaKey()}`;
}

async function withAdmin<T>(baseUrl: string, work: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

export function databaseUrl(baseUrl: string, name: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Creates the migrated template database unless it exists. It is built under a private name and
 * renamed when complete, so a concurrent run never copies a half-migrated template; templates of
 * older migrations are dropped when nobody is using them.
 */
export async function ensurePostgresTemplate(baseUrl: string): Promise<string> {
  const name = templateName();
  return withAdmin(baseUrl, async (admin) => {
    const existing = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${TEMPLATE_PREFIX}%`]);
    const names = existing.rows.map((row) => row.datname);
    for (const stale of names.filter((n) => n !== name && !n.includes('_building_'))) {
      await admin.query(`DROP DATABASE IF EXISTS ${stale}`).catch(() => {});
    }
    if (names.includes(name)) return name;
    const building = `${name}_building_${randomBytes(4).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${building}`);
    try {
      const database = await openDatabase({ url: databaseUrl(baseUrl, building) });
      await database.close();
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    } catch (error) {
      await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`).catch(() => {});
      const raced = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (raced.rowCount === 0) throw error;
    }
    return name;
  });
}

let template: Promise<string> | undefined;

/** Creates database `name` as a copy of the migrated template. */
export async function createFromTemplate(baseUrl: string, name: string): Promise<void> {
  template ??= ensurePostgresTemplate(baseUrl);
  const source = await template;
  await withAdmin(baseUrl, async (admin) => {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${source}`);
    } catch (error) {
      // 3D000: a concurrent run with newer migrations dropped this template; fall back to a plain one.
      if ((error as { code?: string }).code !== '3D000') throw error;
      await admin.query(`CREATE DATABASE ${name}`);
    }
  });
}
