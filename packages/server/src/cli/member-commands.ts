import { parseArgs } from 'node:util';
import type { Config } from '../platform/config.ts';
import { MEMBER_ADD_USAGE, type ProvisionedMember } from '../team/index.ts';
import { viaServer, withDirectDatabase } from './database-access.ts';

/** The operator's way in: typically the first super admin of an app, who then invites the team from the console. */
export async function memberAdd(args: string[], config: Config): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { app: { type: 'string' }, email: { type: 'string' }, nick: { type: 'string' }, role: { type: 'string', multiple: true }, json: { type: 'boolean' } },
  });
  const sdkAppId = Number(values.app);
  if (!Number.isSafeInteger(sdkAppId) || !values.email || !values.nick) throw new Error(MEMBER_ADD_USAGE);
  const request = { email: values.email, nick: values.nick, roles: values.role ?? ['super_admin'] };
  const added =
    (await viaServer<ProvisionedMember>(config, `/_control/apps/${sdkAppId}/members`, { method: 'POST', body: JSON.stringify(request) })) ??
    (await withDirectDatabase(config, (_apps, services) => services.team.members.provisionRequest(sdkAppId, request)));
  if (values.json) process.stdout.write(JSON.stringify(added) + '\n');
  else process.stdout.write(`Added ${added.nick} <${added.email}> (${added.roles.join(', ')}) to app ${sdkAppId}\n  Password  ${added.password}\n`);
}
