import { and, asc, count, eq, ilike, inArray, isNull } from 'drizzle-orm';
import type { Clock } from '../platform/clock.ts';
import type { Db, DbOrTx } from '../platform/db.ts';
import { assertRevision, invalid, notFound } from '../platform/errors.ts';
import { conflict, isUniqueViolation } from './errors.ts';
import type { TeamHooks } from './hooks.ts';
import { escapeLike, liveMemberIds } from './members.ts';
import { agentGroups, groupMembers, members } from './schema.ts';
import type { GroupInput, GroupPatch, ListQuery } from './validation.ts';

export interface GroupSummary {
  groupId: number;
  name: string;
  memberCount: number;
  createdAt: Date;
  /** Changed on every rename or membership change: the revision for optimistic concurrency. */
  updatedAt: Date;
}

export interface GroupMemberView {
  memberId: string;
  nick: string;
  email: string;
}

export interface Group extends GroupSummary {
  members: GroupMemberView[];
}

export interface GroupPage {
  total: number;
  page: number;
  pageSize: number;
  items: GroupSummary[];
}

/** Agent groups (分组, spec 01 §10.3): route particular users' consultations to particular agents. A member may be in several. */
export class GroupService {
  constructor(
    private db: Db,
    private hooks: TeamHooks,
    private clock: Clock,
  ) {}

  async create(appId: number, input: GroupInput): Promise<Group> {
    const groupId = await this.write(async (tx) => {
      const [row] = await tx
        .insert(agentGroups)
        .values({ appId, name: input.name, createdAt: this.clock.now(), updatedAt: this.clock.now() })
        .onConflictDoNothing()
        .returning({ groupId: agentGroups.groupId });
      if (!row) throw nameTaken(input.name);
      await this.replaceMembers(tx, appId, row.groupId, input.memberIds);
      return row.groupId;
    });
    await this.hooks.groupsChanged(appId);
    return this.get(appId, groupId);
  }

  /** Renames and/or replaces the member list; omitted parts stay as they are. */
  async update(appId: number, groupId: number, patch: GroupPatch): Promise<Group> {
    await this.write(async (tx) => {
      const current = await this.lock(tx, appId, groupId);
      assertRevision(patch.expectedRevision, current.updatedAt, 'This group');
      if (patch.name !== undefined) {
        const [clash] = await tx
          .select({ groupId: agentGroups.groupId })
          .from(agentGroups)
          .where(and(eq(agentGroups.appId, appId), eq(agentGroups.name, patch.name)));
        if (clash && clash.groupId !== groupId) throw nameTaken(patch.name);
        await tx.update(agentGroups).set({ name: patch.name, updatedAt: this.clock.now() }).where(eq(agentGroups.groupId, groupId));
      }
      if (patch.memberIds) await this.replaceMembers(tx, appId, groupId, patch.memberIds);
    });
    await this.hooks.groupsChanged(appId);
    return this.get(appId, groupId);
  }

  async delete(appId: number, groupId: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.lock(tx, appId, groupId);
      await tx.delete(groupMembers).where(and(eq(groupMembers.appId, appId), eq(groupMembers.groupId, groupId)));
      await tx.delete(agentGroups).where(and(eq(agentGroups.appId, appId), eq(agentGroups.groupId, groupId)));
    });
    await this.hooks.groupsChanged(appId);
  }

  /** 10 per page by default, as in the console; oldest first, so new groups appear at the end. */
  async list(appId: number, query: ListQuery): Promise<GroupPage> {
    const where = and(eq(agentGroups.appId, appId), query.q ? ilike(agentGroups.name, `%${escapeLike(query.q)}%`) : undefined);
    const [{ total }] = await this.db.select({ total: count() }).from(agentGroups).where(where);
    const rows = await this.db
      .select()
      .from(agentGroups)
      .where(where)
      .orderBy(asc(agentGroups.groupId))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize);
    const counts = await this.memberCounts(
      appId,
      rows.map((r) => r.groupId),
    );
    return { total, page: query.page, pageSize: query.pageSize, items: rows.map((r) => summary(r, counts.get(r.groupId) ?? 0)) };
  }

  async get(appId: number, groupId: number): Promise<Group> {
    if (!isGroupId(groupId)) throw groupNotFound(groupId);
    const [row] = await this.db
      .select()
      .from(agentGroups)
      .where(and(eq(agentGroups.appId, appId), eq(agentGroups.groupId, groupId)));
    if (!row) throw groupNotFound(groupId);
    const list = await this.memberViews(appId, groupId);
    return { ...summary(row, list.length), members: list };
  }

  async exists(appId: number, groupId: number): Promise<boolean> {
    if (!isGroupId(groupId)) return false;
    const [row] = await this.db
      .select({ groupId: agentGroups.groupId })
      .from(agentGroups)
      .where(and(eq(agentGroups.appId, appId), eq(agentGroups.groupId, groupId)));
    return Boolean(row);
  }

  /** The groups a member belongs to, by name. */
  async groupsOf(appId: number, memberId: string): Promise<{ groupId: number; name: string }[]> {
    return this.db
      .select({ groupId: agentGroups.groupId, name: agentGroups.name })
      .from(groupMembers)
      .innerJoin(agentGroups, eq(agentGroups.groupId, groupMembers.groupId))
      .where(and(eq(groupMembers.appId, appId), eq(groupMembers.memberId, memberId.trim().toLowerCase())))
      .orderBy(asc(agentGroups.name));
  }

  /** Ids of the live members of a group (empty for an unknown group). */
  async membersOf(appId: number, groupId: number): Promise<string[]> {
    if (!isGroupId(groupId)) return [];
    return (await this.memberViews(appId, groupId)).map((m) => m.memberId);
  }

  /** Runs a write, turning a unique-name race with a concurrent writer into the same 409 as the pre-check. */
  private async write<T>(work: (tx: DbOrTx) => Promise<T>): Promise<T> {
    try {
      return await this.db.transaction(work);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('A group with this name already exists in this app');
      throw error;
    }
  }

  /** Locks a group of the app for a write; answers its revision. */
  private async lock(tx: DbOrTx, appId: number, groupId: number): Promise<{ updatedAt: Date }> {
    if (!isGroupId(groupId)) throw groupNotFound(groupId);
    const [row] = await tx
      .select({ updatedAt: agentGroups.updatedAt })
      .from(agentGroups)
      .where(and(eq(agentGroups.appId, appId), eq(agentGroups.groupId, groupId)))
      .for('update');
    if (!row) throw groupNotFound(groupId);
    return row;
  }

  /** Every id must be a live member of this app; otherwise nothing changes and the bad ids are named. */
  private async replaceMembers(tx: DbOrTx, appId: number, groupId: number, memberIds: string[]): Promise<void> {
    const live = await liveMemberIds(tx, appId, memberIds);
    const unknown = memberIds.filter((id) => !live.has(id));
    if (unknown.length) throw invalid(`memberIds: not members of this app: ${unknown.join(', ')}`);
    await tx.delete(groupMembers).where(and(eq(groupMembers.appId, appId), eq(groupMembers.groupId, groupId)));
    await tx
      .update(agentGroups)
      .set({ updatedAt: this.clock.now() })
      .where(and(eq(agentGroups.appId, appId), eq(agentGroups.groupId, groupId)));
    if (memberIds.length) await tx.insert(groupMembers).values(memberIds.map((memberId) => ({ appId, groupId, memberId })));
  }

  private async memberViews(appId: number, groupId: number): Promise<GroupMemberView[]> {
    return this.db
      .select({ memberId: members.memberId, nick: members.nick, email: members.email })
      .from(groupMembers)
      .innerJoin(members, and(eq(members.appId, groupMembers.appId), eq(members.memberId, groupMembers.memberId)))
      .where(and(eq(groupMembers.appId, appId), eq(groupMembers.groupId, groupId), isNull(members.deletedAt)))
      .orderBy(asc(members.nick), asc(members.memberId));
  }

  private async memberCounts(appId: number, groupIds: number[]): Promise<Map<number, number>> {
    if (!groupIds.length) return new Map();
    const rows = await this.db
      .select({ groupId: groupMembers.groupId, value: count() })
      .from(groupMembers)
      .innerJoin(members, and(eq(members.appId, groupMembers.appId), eq(members.memberId, groupMembers.memberId)))
      .where(and(eq(groupMembers.appId, appId), inArray(groupMembers.groupId, groupIds), isNull(members.deletedAt)))
      .groupBy(groupMembers.groupId);
    return new Map(rows.map((r) => [r.groupId, r.value]));
  }
}

const summary = (row: typeof agentGroups.$inferSelect, memberCount: number): GroupSummary => ({
  groupId: row.groupId,
  name: row.name,
  memberCount,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});
const nameTaken = (name: string) => conflict(`A group named "${name}" already exists in this app`);
const groupNotFound = (groupId: number) => notFound(`Group ${groupId} does not exist in this app`);
/** Group ids are PostgreSQL integers; anything else cannot exist (and must not reach a query). */
export const isGroupId = (value: number) => Number.isInteger(value) && value >= 1 && value <= 2_147_483_647;
