import { parseArgs } from 'node:util';
import { generateUserSig } from '../apps/index.ts';
import type { Config } from '../platform/config.ts';
import { readLock } from '../platform/data-dir-lock.ts';
import { viaServer, withDirectDatabase } from './database-access.ts';

export async function appCreate(args: string[], config: Config): Promise<void> {
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

export async function appList(args: string[], config: Config): Promise<void> {
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

export async function appQuotas(args: string[], config: Config): Promise<void> {
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

export async function userSig(args: string[], config: Config): Promise<void> {
  const { values } = parseArgs({ args, options: { app: { type: 'string' }, identifier: { type: 'string' }, expire: { type: 'string' } } });
  const sdkAppId = Number(values.app);
  if (!Number.isInteger(sdkAppId)) throw new Error('usage: parley usersig --app <sdkAppId> [--identifier <id>] [--expire <seconds>]');
  const holder = config.databaseUrl ? undefined : readLock(config.dataDir);
  if (holder) throw new Error('A server holds the data directory; stop it first, or sign with the SecretKey it printed (any TLSSigAPIv2 library works).');
  const app = await withDirectDatabase(config, (apps) => apps.get(sdkAppId));
  if (!app) throw new Error(`No app ${sdkAppId}`);
  process.stdout.write(generateUserSig(app.sdkAppId, app.secretKey, values.identifier ?? app.adminIdentifier, Number(values.expire ?? 86400)) + '\n');
}
