import { parseArgs } from 'node:util';
import { AppService, type App } from './apps/app-service.ts';
import { generateUserSig } from './apps/usersig.ts';
import { acquireLock, DataDirLockedError, readLock } from './platform/data-dir-lock.ts';
import { loadConfig, type Config } from './platform/config.ts';
import { openDatabase } from './platform/db.ts';
import { MemoryBus } from './platform/bus.ts';
import { systemClock } from './platform/clock.ts';
import { createServices } from './services.ts';
import { buildServer } from './server.ts';

const USAGE = `parley <command>

  serve                                   start the server (PORT, PARLEY_DATA_DIR or DATABASE_URL, REDIS_URL)
  migrate                                 bring the database schema up to date and exit
  app create --name <name> [--admin <id>] [--json]
                                          create an app; --json prints {"sdkAppId","secretKey","adminIdentifier"}
  app list [--json]                       list apps
  app quotas --app <sdkAppId> [--set name=value ...]
                                          show or change an app's quotas (maxLanguages, maxRobots, ...)
  usersig --app <sdkAppId> [--identifier <id>] [--expire <seconds>]
                                          print a UserSig for calling the REST API
  eval --knowledge K.jsonl --queries Q.jsonl [--json] [--thresholds d,c,q]
                                          measure the FAQ matcher on an evaluation set
`;

export async function main(argv: string[]): Promise<void> {
  const [command, sub] = argv;
  try {
    if (command === 'serve') return await serve(loadConfig());
    if (command === 'migrate') return await migrateOnly(loadConfig());
    if (command === 'app' && sub === 'create') return await appCreate(argv.slice(2), loadConfig());
    if (command === 'app' && sub === 'list') return await appList(argv.slice(2), loadConfig());
    if (command === 'app' && sub === 'quotas') return await appQuotas(argv.slice(2), loadConfig());
    if (command === 'usersig') return await userSig(argv.slice(1), loadConfig());
    if (command === 'eval') {
      const { evalCommand } = await import('./bot/eval-command.ts');
      return await evalCommand(argv.slice(1));
    }
    process.stderr.write(USAGE);
    process.exitCode = command && command !== 'help' && command !== '--help' ? 2 : 0;
  } catch (error) {
    process.stderr.write(`parley: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}

async function serve(config: Config): Promise<void> {
  const lock = config.databaseUrl ? undefined : acquireLock(config.dataDir);
  const server = await buildServer({ config });
  const shutdown = async () => {
    await server.close().catch(() => {});
    lock?.release();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  const address = await server.http.listen({ port: config.port, host: config.host });
  const base = config.publicUrl ?? `http://localhost:${new URL(address).port}`;
  lock?.update({ url: `http://127.0.0.1:${new URL(address).port}`, controlToken: server.controlToken });
  const demo = await ensureDemoApp(server.services.apps);
  printWelcome(base, demo, config);
}

async function ensureDemoApp(apps: AppService): Promise<{ app: App; created: boolean }> {
  const existing = await apps.list();
  if (existing.length > 0) return { app: existing[0], created: false };
  return { app: await apps.create({ name: 'Demo' }), created: true };
}

function printWelcome(base: string, demo: { app: App; created: boolean }, config: Config) {
  const { app } = demo;
  const sig = generateUserSig(app.sdkAppId, app.secretKey, app.adminIdentifier, 86400 * 180);
  const lines = [
    '',
    `Parley is running at ${base}  (${config.databaseUrl ? 'PostgreSQL' : `embedded database in ${config.dataDir}`})`,
    '',
    `${demo.created ? 'Created the demo app' : 'Demo app'} "${app.name}":`,
    `  SDKAppID        ${app.sdkAppId}`,
    `  SecretKey       ${app.secretKey}`,
    `  Admin account   ${app.adminIdentifier}`,
    '',
    'Tencent-compatible REST API (UserSig valid 180 days):',
    `  ${base}/v4/openim_console_http_svc/list_faq?sdkappid=${app.sdkAppId}&identifier=${app.adminIdentifier}&usersig=${sig}&random=1&contenttype=json`,
    '',
    `Health ${base}/healthz   Metrics ${base}/metrics`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

async function migrateOnly(config: Config): Promise<void> {
  await withDirectDatabase(config, async () => undefined);
  process.stderr.write('Database schema is up to date.\n');
}

/** Opens the database for a one-off CLI command, refusing if a server holds the embedded one. */
async function withDirectDatabase<T>(config: Config, work: (apps: AppService) => Promise<T>): Promise<T> {
  const lock = config.databaseUrl ? undefined : acquireLock(config.dataDir);
  try {
    const database = await openDatabase(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir });
    try {
      const services = createServices({ db: database.db, bus: new MemoryBus(), clock: systemClock, config });
      return await work(services.apps);
    } finally {
      await database.close();
    }
  } finally {
    lock?.release();
  }
}

/** While `parley serve` holds the embedded database, CLI work goes through it. */
async function viaServer<T>(config: Config, path: string, init: RequestInit): Promise<T | undefined> {
  if (config.databaseUrl) return undefined;
  const holder = readLock(config.dataDir);
  if (!holder) return undefined;
  if (!holder.url || !holder.controlToken) {
    throw new DataDirLockedError(holder, config.dataDir);
  }
  const response = await fetch(holder.url + path, { ...init, headers: { 'content-type': 'application/json', 'x-parley-control': holder.controlToken } });
  const body = (await response.json()) as T & { error?: string };
  if (!response.ok) throw new Error(body.error ?? `server answered ${response.status}`);
  return body;
}

async function appCreate(args: string[], config: Config): Promise<void> {
  const { values } = parseArgs({ args, options: { name: { type: 'string' }, admin: { type: 'string' }, json: { type: 'boolean' } } });
  if (!values.name) throw new Error('usage: parley app create --name <name> [--admin <identifier>] [--json]');
  const request = { name: values.name, adminIdentifier: values.admin };
  const created =
    (await viaServer<{ sdkAppId: number; secretKey: string; adminIdentifier: string }>(config, '/_control/apps', { method: 'POST', body: JSON.stringify(request) })) ??
    (await withDirectDatabase(config, async (apps) => {
      const app = await apps.create(request);
      return { sdkAppId: app.sdkAppId, secretKey: app.secretKey, adminIdentifier: app.adminIdentifier };
    }));
  const out = { sdkAppId: created.sdkAppId, secretKey: created.secretKey, adminIdentifier: created.adminIdentifier };
  if (values.json) process.stdout.write(JSON.stringify(out) + '\n');
  else process.stdout.write(`Created app "${values.name}"\n  SDKAppID       ${out.sdkAppId}\n  SecretKey      ${out.secretKey}\n  Admin account  ${out.adminIdentifier}\n`);
}

async function appList(args: string[], config: Config): Promise<void> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
  type Row = { sdkAppId: number; name: string; adminIdentifier: string; createdAt: string | Date };
  const rows =
    (await viaServer<Row[]>(config, '/_control/apps', { method: 'GET' })) ??
    (await withDirectDatabase(config, async (apps) => (await apps.list()).map((a) => ({ sdkAppId: a.sdkAppId, name: a.name, adminIdentifier: a.adminIdentifier, createdAt: a.createdAt }))));
  if (values.json) {
    process.stdout.write(JSON.stringify(rows) + '\n');
    return;
  }
  if (rows.length === 0) process.stdout.write('No apps yet. Create one with: parley app create --name <name>\n');
  for (const row of rows) process.stdout.write(`${row.sdkAppId}\t${row.adminIdentifier}\t${row.name}\n`);
}

async function appQuotas(args: string[], config: Config): Promise<void> {
  const { values } = parseArgs({ args, options: { app: { type: 'string' }, set: { type: 'string', multiple: true } } });
  const sdkAppId = Number(values.app);
  if (!Number.isInteger(sdkAppId)) throw new Error('usage: parley app quotas --app <sdkAppId> [--set name=value ...]');
  const changes: Record<string, number> = {};
  for (const pair of values.set ?? []) {
    const [name, value] = pair.split('=');
    if (!name || value === undefined) throw new Error(`--set takes name=value, got "${pair}"`);
    changes[name] = Number(value);
  }
  const quotas =
    (await viaServer<Record<string, number>>(config, `/_control/apps/${sdkAppId}/quotas`, { method: 'POST', body: JSON.stringify(changes) })) ??
    (await withDirectDatabase(config, async (apps) => (await apps.setQuotas(sdkAppId, changes)).quotas));
  process.stdout.write(JSON.stringify(quotas) + '\n');
}

async function userSig(args: string[], config: Config): Promise<void> {
  const { values } = parseArgs({ args, options: { app: { type: 'string' }, identifier: { type: 'string' }, expire: { type: 'string' } } });
  const sdkAppId = Number(values.app);
  if (!Number.isInteger(sdkAppId)) throw new Error('usage: parley usersig --app <sdkAppId> [--identifier <id>] [--expire <seconds>]');
  const holder = config.databaseUrl ? undefined : readLock(config.dataDir);
  if (holder) throw new Error('A server holds the data directory; stop it first, or sign with the SecretKey it printed (any TLSSigAPIv2 library works).');
  const app = await withDirectDatabase(config, (apps) => apps.get(sdkAppId));
  if (!app) throw new Error(`No app ${sdkAppId}`);
  process.stdout.write(generateUserSig(app.sdkAppId, app.secretKey, values.identifier ?? app.adminIdentifier, Number(values.expire ?? 86400)) + '\n');
}
