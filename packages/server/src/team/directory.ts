import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../platform/db.ts';
import { memberSearch } from './members.ts';
import { agentGroups, groupMembers, members, type Role } from './schema.ts';

export interface DirectoryEntry {
  memberId: string;
  nick: string;
  email: string;
  roles: Role[];
  groups: { groupId: number; name: string }[];
}

/**
 * The workbench's view of the team: who a session can be transferred to. Members who cannot log in
 * (deleted, forced offline) are left out; routing adds each agent's status.
 */
export async function teamDirectory(db: Db, appId: number, q?: string): Promise<DirectoryEntry[]> {
  const rows = await db
    .select({ memberId: members.memberId, nick: members.nick, email: members.email, roles: members.roles })
    .from(members)
    .where(and(eq(members.appId, appId), isNull(members.deletedAt), eq(members.loginDisabled, false), memberSearch(q)))
    .orderBy(asc(members.nick), asc(members.memberId));
  const memberships = await db
    .select({ memberId: groupMembers.memberId, groupId: agentGroups.groupId, name: agentGroups.name })
    .from(groupMembers)
    .innerJoin(agentGroups, eq(agentGroups.groupId, groupMembers.groupId))
    .where(eq(groupMembers.appId, appId))
    .orderBy(asc(agentGroups.name));
  const groupsByMember = new Map<string, { groupId: number; name: string }[]>();
  for (const { memberId, groupId, name } of memberships) {
    const list = groupsByMember.get(memberId) ?? [];
    list.push({ groupId, name });
    groupsByMember.set(memberId, list);
  }
  return rows.map((row) => ({ ...row, groups: groupsByMember.get(row.memberId) ?? [] }));
}
