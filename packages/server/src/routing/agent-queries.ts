import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../platform/db.ts';
import type { AgentState } from './agent-states.ts';
import { agentStates } from './schema.ts';

// Read models of agent states for other features (the workbench, transfers): reads only.

/** A member's agent state, or undefined if they have never been an agent (offline, no load). */
export async function agentStateOf(db: DbOrTx, appId: number, memberId: string): Promise<AgentState | undefined> {
  const [state] = await db
    .select()
    .from(agentStates)
    .where(and(eq(agentStates.appId, appId), eq(agentStates.memberId, memberId)));
  return state;
}

/** Agent states by member id; members who have never been agents are missing. */
export async function agentStatesOf(db: DbOrTx, appId: number, memberIds: string[]): Promise<Map<string, AgentState>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db
    .select()
    .from(agentStates)
    .where(and(eq(agentStates.appId, appId), inArray(agentStates.memberId, [...new Set(memberIds)])));
  return new Map(rows.map((r) => [r.memberId, r]));
}
