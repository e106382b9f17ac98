import fs from 'node:fs';
import path from 'node:path';
import { generateUserSig, type App } from '../apps/index.ts';
import type { Config } from '../platform/config.ts';
import { acquireLock } from '../platform/data-dir-lock.ts';
import { buildServer } from '../server.ts';
import type { Team } from '../team/index.ts';
import { withDirectDatabase } from './database-access.ts';
import { seedDemoContent } from './demo-content.ts';
import type { Services } from '../services.ts';

export async function serve(config: Config): Promise<void> {
  const lock = config.databaseUrl ? undefined : acquireLock(config.dataDir);
  const server = await buildServer({ config });
  const shutdown = async () => {
    await server.close().catch((err) => server.http.log.error({ err }, 'shutting down failed; exiting anyway'));
    lock?.release();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  const address = await server.http.listen({ port: config.port, host: config.host });
  const base = config.publicUrl ?? `http://localhost:${new URL(address).port}`;
  lock?.update({ url: `http://127.0.0.1:${new URL(address).port}`, controlToken: server.controlToken });
  const demo = await ensureDemoApp(server.services);
  const logins = await demoLogins(server.services.team, demo, config);
  const chatKey = await server.services.customers.publicKeyOf(demo.app.sdkAppId, server.services.accounts.defaultAccountId);
  printWelcome(base, demo, config, logins, chatKey);
}

async function ensureDemoApp(services: Services): Promise<{ app: App; created: boolean }> {
  const existing = await services.apps.list();
  if (existing.length > 0) return { app: existing[0], created: false };
  const app = await services.apps.create({ name: 'Demo' });
  await seedDemoContent(services, app);
  return { app, created: true };
}

interface DemoLogin {
  role: string;
  email: string;
  password: string;
}

/**
 * The demo app's team: a super admin and an agent with random passwords, kept in the data
 * directory (mode 0600) so every start can print them. Apps made by `parley app create` get none.
 */
async function demoLogins(team: Team, demo: { app: App; created: boolean }, config: Config): Promise<DemoLogin[]> {
  const file = path.join(config.dataDir, 'demo-logins.json');
  if (!demo.created) return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as DemoLogin[]) : [];
  const appId = demo.app.sdkAppId;
  const admin = await team.members.provision(appId, { email: 'admin@demo.parley', nick: 'Demo admin', roles: ['super_admin'] });
  const agent = await team.members.provision(appId, { email: 'agent@demo.parley', nick: 'Demo agent', roles: ['staff'] });
  const logins = [
    { role: 'Super admin', email: admin.member.email, password: admin.password },
    { role: 'Agent', email: agent.member.email, password: agent.password },
  ];
  fs.mkdirSync(config.dataDir, { recursive: true });
  fs.writeFileSync(file, JSON.stringify(logins, null, 2), { mode: 0o600 });
  return logins;
}

function printWelcome(base: string, demo: { app: App; created: boolean }, config: Config, logins: DemoLogin[], chatKey: string | undefined) {
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
    ...(chatKey
      ? [
          'Customer chat (H5 page of the default customer-service account; share it or open it on a phone):',
          `  ${base}/chat/${chatKey}`,
          `  QR code: ${base}/chat/${chatKey}/qr.svg`,
          '',
          'Embed it in any web page:',
          `  <script src="${base}/widget/embed.js" data-key="${chatKey}" async></script>`,
          '',
        ]
      : []),
    `Admin console    ${base}/console/   (log in as the super admin below)`,
    `Agent workbench  ${base}/workbench/   (the agent, or the super admin)`,
    '',
    ...(logins.length ? ['Team logins:', ...logins.map((l) => `  ${l.role.padEnd(14)}  ${l.email}  ${l.password}`), ''] : []),
    `API docs ${base}/api/docs   Health ${base}/healthz   Metrics ${base}/metrics`,
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

export async function migrateOnly(config: Config): Promise<void> {
  await withDirectDatabase(config, async () => undefined);
  process.stderr.write('Database schema is up to date.\n');
}
