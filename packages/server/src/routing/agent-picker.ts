import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type DbOrTx } from '../platform/db.ts';
import { groupMemberIdsOf, servingMembersTable } from '../team/index.ts';

/** Who may take a session: a group, preferred agents in order, agents to leave out. */
export interface Pool {
  groupId: number;
  agentIds: string[];
  skippedAgentIds: string[];
}

export interface PickedAgent {
  memberId: string;
  nick: string;
}

/**
 * Agent states joined to the members who can serve (not deleted, not forced offline, staff or super
 * admin): team's read model, in the same statement, so it runs under the caller's routing lock.
 */
const liveAgents = (appId: number): SQL => sql`agent_states a JOIN ${servingMembersTable(appId)} m ON m.member_id = a.member_id`;

function poolFilter(appId: number, pool: Pool): SQL {
  const parts: SQL[] = [];
  if (pool.groupId > 0 && pool.agentIds.length) {
    parts.push(sql`(a.member_id IN ${groupMemberIdsOf(appId, pool.groupId)} OR a.member_id = ANY(${pgArray(pool.agentIds)}))`);
  } else if (pool.groupId > 0) {
    parts.push(sql`a.member_id IN ${groupMemberIdsOf(appId, pool.groupId)}`);
  } else if (pool.agentIds.length) {
    parts.push(sql`a.member_id = ANY(${pgArray(pool.agentIds)})`);
  }
  return parts.length ? sql`AND ${sql.join(parts, sql` AND `)}` : sql``;
}

const skippedFilter = (pool: Pool): SQL => (pool.skippedAgentIds.length ? sql`AND NOT (a.member_id = ANY(${pgArray(pool.skippedAgentIds)}))` : sql``);

/** A text[] literal: drivers differ in how they bind JS arrays, a literal behaves the same on both. */
const pgArray = (values: string[]) => `{${values.map((v) => `"${v.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;

/**
 * The agent for a session (spec 01 §8.2): an idle agent under capacity, preferred agents first in
 * their list order, then whoever has gone longest without a new session. Call under the routing lock.
 */
export async function pickAgent(tx: DbOrTx, appId: number, pool: Pool, defaultCapacity: number): Promise<PickedAgent | undefined> {
  const preferred = pool.agentIds.length ? sql`COALESCE(array_position(${pgArray(pool.agentIds)}::text[], a.member_id), 2147483647),` : sql``;
  const result = await tx.execute(sql`
    SELECT a.member_id AS "memberId", m.nick AS nick
    FROM ${liveAgents(appId)}
    WHERE a.app_id = ${appId} AND a.status = 'idle'
      AND a.load < COALESCE(m.max_concurrent, ${defaultCapacity})
      ${poolFilter(appId, pool)} ${skippedFilter(pool)}
    ORDER BY ${preferred} a.last_assigned_at ASC NULLS FIRST, a.member_id
    LIMIT 1`);
  return rowsOf<PickedAgent>(result)[0];
}

/** Whether anyone in the pool is online (idle, busy or rest): if not, the transfer fails at once. Skipped agents do not count. */
export async function anyoneOnline(tx: DbOrTx, appId: number, pool: Pool): Promise<boolean> {
  const result = await tx.execute(sql`
    SELECT 1 FROM ${liveAgents(appId)}
    WHERE a.app_id = ${appId} AND a.status <> 'offline' ${poolFilter(appId, pool)} ${skippedFilter(pool)}
    LIMIT 1`);
  return rowsOf(result).length > 0;
}

/** Whether any agent at all could take a session now: a drain with none stops at once. */
export async function anyFreeAgent(tx: DbOrTx, appId: number, defaultCapacity: number): Promise<boolean> {
  const result = await tx.execute(sql`
    SELECT 1 FROM ${liveAgents(appId)}
    WHERE a.app_id = ${appId} AND a.status = 'idle' AND a.load < COALESCE(m.max_concurrent, ${defaultCapacity})
    LIMIT 1`);
  return rowsOf(result).length > 0;
}
