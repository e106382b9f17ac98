import { randomBytes } from 'node:crypto';
import pg from 'pg';
import TLSSigAPIv2 from 'tls-sig-api-v2';
import { loadConfig, type Config } from '../src/platform/config.ts';
import { openDatabase, type Database } from '../src/platform/db.ts';
import type { Clock } from '../src/platform/clock.ts';
import { buildServer, type ParleyServer, type StartOptions } from '../src/server.ts';
import { createFromTemplate, databaseUrl, pgliteSnapshot } from './harness/migrated-templates.ts';

/**
 * Test servers. By default each gets a fresh in-memory PGlite and an in-process bus; with
 * TEST_DATABASE_URL / TEST_REDIS_URL set, a fresh PostgreSQL database and the real Redis.
 * Either way the fresh database is a copy of one migrated once (harness/migrated-templates.ts).
 */
export const usingRealServices = Boolean(process.env.TEST_DATABASE_URL);

export interface TestDatabase {
  database: Database;
  /** Connection URL of the fresh PostgreSQL database, for second processes; undefined on PGlite. */
  url?: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const baseUrl = process.env.TEST_DATABASE_URL;
  if (!baseUrl) {
    const database = await openDatabase({ memory: true, snapshot: await pgliteSnapshot() });
    return { database, drop: () => database.close() };
  }
  const name = `parley_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await createFromTemplate(baseUrl, name);
  const url = databaseUrl(baseUrl, name);
  const database = await openDatabase({ url });
  return {
    database,
    url,
    async drop() {
      await database.close();
      const cleanup = new pg.Client({ connectionString: baseUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
      await cleanup.end();
    },
  };
}

export interface TestServer {
  server: ParleyServer;
  baseUrl: string;
  testDb: TestDatabase;
  close(): Promise<void>;
}

export async function startTestServer(options: { config?: Partial<Config>; clock?: Clock; testDb?: TestDatabase; onRoute?: StartOptions['onRoute'] } = {}): Promise<TestServer> {
  const testDb = options.testDb ?? (await createTestDatabase());
  const config: Config = {
    ...loadConfig({}),
    redisUrl: process.env.TEST_REDIS_URL || undefined,
    restRateLimit: 0,
    logLevel: 'silent',
    jobPollMs: 0,
    ...options.config,
  };
  const server = await buildServer({ config, clock: options.clock, database: testDb.database, logger: false, onRoute: options.onRoute });
  const address = await server.http.listen({ port: 0, host: '127.0.0.1' });
  return {
    server,
    baseUrl: address,
    testDb,
    async close() {
      await server.close();
      if (!options.testDb) await testDb.drop();
    },
  };
}

export interface RestClient {
  sdkAppId: number;
  secretKey: string;
  admin: string;
  /** Calls /v4/<service>/<command> and returns the parsed envelope (asserting HTTP 200). */
  call(command: string, body?: unknown, options?: { service?: string; identifier?: string; usersig?: string; raw?: string }): Promise<Record<string, any>>;
}

/** Creates an app through the services and returns a client that signs with Tencent's own library. */
export async function createRestClient(test: TestServer, name = 'Test app'): Promise<RestClient> {
  const app = await test.server.services.apps.create({ name });
  const api = new TLSSigAPIv2.Api(app.sdkAppId, app.secretKey);
  const adminSig = api.genSig(app.adminIdentifier, 3600);
  return {
    sdkAppId: app.sdkAppId,
    secretKey: app.secretKey,
    admin: app.adminIdentifier,
    async call(command, body = {}, options = {}) {
      const identifier = options.identifier ?? app.adminIdentifier;
      const usersig = options.usersig ?? (identifier === app.adminIdentifier ? adminSig : api.genSig(identifier, 3600));
      const service = options.service ?? 'openim_console_http_svc';
      const url = `${test.baseUrl}/v4/${service}/${command}?sdkappid=${app.sdkAppId}&identifier=${encodeURIComponent(identifier)}&usersig=${encodeURIComponent(usersig)}&random=${Math.floor(Math.random() * 4294967295)}&contenttype=json`;
      const response = await fetch(url, { method: 'POST', body: options.raw ?? JSON.stringify(body) });
      if (response.status !== 200) throw new Error(`HTTP ${response.status} for ${command}`);
      return (await response.json()) as Record<string, any>;
    },
  };
}

export interface ApiClient {
  /** Calls the native API (`/api/...`) as the app administrator; returns status and parsed JSON (or text). */
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
}

export function createApiClient(test: TestServer, client: RestClient): ApiClient {
  const sig = new TLSSigAPIv2.Api(client.sdkAppId, client.secretKey).genSig(client.admin, 3600);
  return {
    async request(method, path, body, headers = {}) {
      const isRaw = typeof body === 'string' || body instanceof Uint8Array;
      const response = await fetch(`${test.baseUrl}/api${path}`, {
        method,
        headers: {
          'x-parley-app': String(client.sdkAppId),
          'x-parley-identifier': client.admin,
          authorization: `UserSig ${sig}`,
          ...(body !== undefined && !isRaw ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : isRaw ? (body as BodyInit) : JSON.stringify(body),
      });
      const type = response.headers.get('content-type') ?? '';
      return { status: response.status, body: type.includes('json') ? await response.json() : await response.text() };
    },
  };
}

export interface ServerPair {
  a: TestServer;
  b: TestServer;
  testDb: TestDatabase;
  close(): Promise<void>;
}

/**
 * Two server processes' worth of services on one fresh database. On PGlite each has its own
 * in-process bus, so cross-process behaviour must not depend on the bus; with Redis, both paths run.
 */
export async function startServerPair(options: { clock?: Clock; config?: Partial<Config> } = {}): Promise<ServerPair> {
  const testDb = await createTestDatabase();
  const a = await startTestServer({ ...options, testDb });
  const b = await startTestServer({ ...options, testDb });
  return {
    a,
    b,
    testDb,
    async close() {
      await a.close();
      await b.close();
      await testDb.drop();
    },
  };
}
