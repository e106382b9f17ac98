import type { AppService } from '../apps/index.ts';
import type { Clock } from '../platform/clock.ts';
import type { Config } from '../platform/config.ts';
import type { Db } from '../platform/db.ts';
import { AuthService } from './auth-service.ts';
import { teamDirectory } from './directory.ts';
import { EmbedLogins } from './embed-logins.ts';
import { GroupService } from './group-service.ts';
import { TeamHooks } from './hooks.ts';
import { createMailer, type Mailer } from './mailer.ts';
import { TeamService } from './team-service.ts';

export { SESSION_TTL_MS, type Authenticated, type LoginResult, type LoginSession } from './auth-service.ts';
export type { DirectoryEntry } from './directory.ts';
export { EMBED_TOKEN_TTL_MS, type IssuedEmbedLogin } from './embed-logins.ts';
export type { Group, GroupSummary } from './group-service.ts';
export type { AccessRevokedListener, AccessRevokedReason, GroupsChangedListener } from './hooks.ts';
export type { Mail, Mailer } from './mailer.ts';
export type { Member } from './members.ts';
export { hasConsoleAccess, hasWorkbenchAccess, type Actor } from './permissions.ts';
export { MEMBER_ADD_USAGE, type AppActor, type IssuedPassword, type ProvisionedMember } from './team-service.ts';

/** Team management (spec 01 §10.1–10.3): members, groups, logins. */
export function createTeam(deps: { db: Db; clock: Clock; apps: AppService; config: Pick<Config, 'smtpUrl' | 'smtpFrom' | 'publicUrl'>; mailer?: Mailer }) {
  const { db, clock, apps, config } = deps;
  const hooks = new TeamHooks(db);
  const mailer = deps.mailer ?? createMailer(config);
  const auth = new AuthService(db, clock, apps);
  return {
    members: new TeamService({ db, clock, apps, hooks, mailer, publicUrl: config.publicUrl }),
    groups: new GroupService(db, hooks, clock),
    auth,
    embedLogins: new EmbedLogins({ db, clock, apps, auth }),
    directory: (appId: number, q?: string) => teamDirectory(db, appId, q),
  };
}

export type Team = ReturnType<typeof createTeam>;

export { escapeLike, memberSearch } from './members.ts';
export type { Role } from './schema.ts';
export { liveMemberIds, type MemberRow } from './members.ts';
export {
  existingGroupIds,
  groupExists,
  groupIdsOfMember,
  groupMemberIdsOf,
  groupsByIds,
  groupsByMember,
  liveMemberRoles,
  memberNicks,
  memberRow,
  servingMembers,
  servingMembersTable,
  type AgentGroupRow,
} from './team-queries.ts';
