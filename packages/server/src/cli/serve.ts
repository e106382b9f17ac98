import { AppService, type App } from '../apps/app-service.ts';
import { generateUserSig } from '../apps/usersig.ts';
import type { Config } from '../platform/config.ts';
import { acquireLock } from '../platform/data-dir-lock.ts';
import { buildServer } from '../server.ts';
import { withDirectDatabase } from './database-access.ts';

export async function serve(config: Config): Promise<void> {
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

export async function migrateOnly(config: Config): Promise<void> {
  await withDirectDatabase(config, async () => undefined);
  process.stderr.write('Database schema is up to date.\n');
}

