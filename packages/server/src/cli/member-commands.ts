import { parseArgs } from 'node:util';
import type { Config } from '../platform/config.ts';
import type { Services } from '../services.ts';
import type { Role } from '../team/schema.ts';
import { viaServer, withDirectDatabase } from './database-access.ts';

const USAGE = 'usage: parley member add --app <sdkAppId> --email <email> --nick <nick> [--role super_admin|admin|staff ...] [--json]';

interface AddedMember {
  memberId: string;
  email: string;
  nick: string;
  roles: Role[];
  password: string;
}

/** The operator's way in: typically the first super admin of an app, who then invites the team from the console. */
export async function memberAdd(args: string[], config: Config): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { app: { type: 'string' }, email: { type: 'string' }, nick: { type: 'string' }, role: { type: 'string', multiple: true }, json: { type: 'boolean' } },
  });
  const sdkAppId = Number(values.app);
  if (!Number.isSafeInteger(sdkAppId) || !values.email || !values.nick) throw new Error(USAGE);
  const request = { email: values.email, nick: values.nick, roles: values.role ?? ['super_admin'] };
  const added =
    (await viaServer<AddedMember>(config, `/_control/apps/${sdkAppId}/members`, { method: 'POST', body: JSON.stringify(request) })) ??
    (await withDirectDatabase(config, (_apps, services) => addMember(services, sdkAppId, request)));
  if (values.json) process.stdout.write(JSON.stringify(added) + '\n');
  else process.stdout.write(`Added ${added.nick} <${added.email}> (${added.roles.join(', ')}) to app ${sdkAppId}\n  Password  ${added.password}\n`);
}

/** Shared by the direct path and the running server's control endpoint. */
export async function addMember(services: Services, sdkAppId: number, body: unknown): Promise<AddedMember> {
  const { email, nick, roles } = (body ?? {}) as { email?: unknown; nick?: unknown; roles?: unknown };
  if (typeof email !== 'string' || typeof nick !== 'string' || !Array.isArray(roles)) throw new Error(USAGE);
  const { member, password } = await services.team.members.provision(sdkAppId, { email, nick, roles: roles as Role[] });
  return { memberId: member.memberId, email: member.email, nick: member.nick, roles: member.roles, password };
}
