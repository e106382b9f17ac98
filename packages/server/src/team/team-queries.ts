import { and, asc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db.ts';
import { memberSearch, type MemberRow } from './members.ts';
import { agentGroups, groupMembers, members, type Role } from './schema.ts';

// Read models of the team for other features (routing, the workbench, quick replies): reads only,
// each scoped by app, through the caller's `db` or transaction.

export type AgentGroupRow = typeof agentGroups.$inferSelect;

/** Any member the app has had, deleted ones included (history shows their names), or undefined. */
export async function memberRow(db: DbOrTx, appId: number, memberId: string): Promise<MemberRow | undefined> {
  const [row] = await db
    .select()
    .from(members)
    .where(and(eq(members.appId, appId), eq(members.memberId, memberId)));
  return row;
}

/** The roles of a live (not deleted) member, or undefined. */
export async function liveMemberRoles(db: DbOrTx, appId: number, memberId: string): Promise<Role[] | undefined> {
  const [row] = await db
    .select({ roles: members.roles })
    .from(members)
    .where(and(eq(members.appId, appId), eq(members.memberId, memberId), isNull(members.deletedAt)));
  return row?.roles;
}

/** Nicks by member id, deleted members included; unknown ids are missing from the map. */
export async function memberNicks(db: DbOrTx, appId: number, memberIds: string[]): Promise<Map<string, string>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db
    .select({ memberId: members.memberId, nick: members.nick })
    .from(members)
    .where(and(eq(members.appId, appId), inArray(members.memberId, [...new Set(memberIds)])));
  return new Map(rows.map((r) => [r.memberId, r.nick]));
}

/**
 * Members who can serve customers (staff or super admin, not deleted, login not disabled), by nick:
 * `q` searches nick and email, `groupId` keeps one group's members.
 */
export async function servingMembers(db: DbOrTx, appId: number, filter: { q?: string; groupId?: number } = {}): Promise<MemberRow[]> {
  const inGroup = filter.groupId !== undefined ? sql`${members.memberId} IN (SELECT member_id FROM group_members WHERE app_id = ${appId} AND group_id = ${filter.groupId})` : undefined;
  return db
    .select()
    .from(members)
    .where(
      and(
        eq(members.appId, appId),
        isNull(members.deletedAt),
        eq(members.loginDisabled, false),
        sql`(${members.roles} ? 'staff' OR ${members.roles} ? 'super_admin')`,
        memberSearch(filter.q),
        inGroup,
      ),
    )
    .orderBy(asc(members.nick), asc(members.memberId));
}

export async function groupExists(db: DbOrTx, appId: number, groupId: number): Promise<boolean> {
  const [row] = await db
    .select({ id: agentGroups.groupId })
    .from(agentGroups)
    .where(and(eq(agentGroups.appId, appId), eq(agentGroups.groupId, groupId)));
  return !!row;
}

/** Of `groupIds`, those that are groups of the app. */
export async function existingGroupIds(db: DbOrTx, appId: number, groupIds: number[]): Promise<Set<number>> {
  if (groupIds.length === 0) return new Set();
  const rows = await db
    .select({ id: agentGroups.groupId })
    .from(agentGroups)
    .where(and(eq(agentGroups.appId, appId), inArray(agentGroups.groupId, groupIds)));
  return new Set(rows.map((g) => g.id));
}

/** The app's groups among `groupIds`, in the order asked for; ids of other apps or deleted groups drop out. */
export async function groupsByIds(db: DbOrTx, appId: number, groupIds: number[]): Promise<AgentGroupRow[]> {
  if (groupIds.length === 0) return [];
  const rows = await db
    .select()
    .from(agentGroups)
    .where(and(eq(agentGroups.appId, appId), inArray(agentGroups.groupId, groupIds)));
  return groupIds.map((id) => rows.find((r) => r.groupId === id)).filter((g) => g !== undefined);
}

/** The ids of the groups a member belongs to. */
export async function groupIdsOfMember(db: DbOrTx, appId: number, memberId: string): Promise<Set<number>> {
  const rows = await db
    .select({ id: groupMembers.groupId })
    .from(groupMembers)
    .where(and(eq(groupMembers.appId, appId), eq(groupMembers.memberId, memberId)));
  return new Set(rows.map((r) => r.id));
}

/** Every member's groups (id and name, by name), for lists of agents. */
export async function groupsByMember(db: DbOrTx, appId: number): Promise<Map<string, { groupId: number; name: string }[]>> {
  const rows = await db
    .select({ memberId: groupMembers.memberId, groupId: agentGroups.groupId, name: agentGroups.name })
    .from(groupMembers)
    .innerJoin(agentGroups, and(eq(agentGroups.groupId, groupMembers.groupId), eq(agentGroups.appId, appId)))
    .where(eq(groupMembers.appId, appId))
    .orderBy(asc(agentGroups.name));
  const byMember = new Map<string, { groupId: number; name: string }[]>();
  for (const { memberId, groupId, name } of rows) byMember.set(memberId, [...(byMember.get(memberId) ?? []), { groupId, name }]);
  return byMember;
}

/**
 * A derived table of the app's members who can serve (staff or super admin, not deleted, login not
 * disabled), columns `member_id`, `nick` and `max_concurrent` (null: the app's default capacity),
 * for a feature that joins its own rows to them in one statement, e.g. routing under its lock:
 * `JOIN ${servingMembersTable(appId)} m ON m.member_id = a.member_id`.
 */
export function servingMembersTable(appId: number): SQL {
  return sql`(SELECT ${members.memberId} AS member_id, ${members.nick} AS nick, ${members.maxConcurrent} AS max_concurrent FROM ${members}
    WHERE ${members.appId} = ${appId} AND ${members.deletedAt} IS NULL AND NOT ${members.loginDisabled} AND (${members.roles} ? 'staff' OR ${members.roles} ? 'super_admin'))`;
}

/** A subquery of the member ids of a group, for `member_id IN (...)` in a feature's own statement. */
export function groupMemberIdsOf(appId: number, groupId: number): SQL {
  // Scoped by app as well: a group id a business server names may belong to another app.
  return sql`(SELECT ${groupMembers.memberId} FROM ${groupMembers} WHERE ${groupMembers.appId} = ${appId} AND ${groupMembers.groupId} = ${groupId})`;
}
