import { and, eq, inArray, sql } from 'drizzle-orm';
import { expect } from 'vitest';
import { sessions } from '../../src/conversations/schema.ts';
import type { ManualClock } from '../../src/platform/clock.ts';
import { queueHead } from '../../src/routing/queue-positions.ts';
import type { AgentStatus } from '../../src/routing/schema.ts';
import { agentStates } from '../../src/routing/schema.ts';
import { members, type Role } from '../../src/team/schema.ts';
import { createRestClient, type TestServer } from '../harness.ts';
import { ACCOUNT, custom, deskOf, said, type Desk } from '../sessions/helpers.ts';

export { ACCOUNT, deskOf, enter, newUser, said, say, type Desk } from '../sessions/helpers.ts';

/** Routing tests: members made directly through the team service, statuses through routing. */

let agents = 0;

export async function addAgent(d: Desk, options: { nick?: string; maxConcurrent?: number; roles?: Role[]; status?: AgentStatus } = {}): Promise<string> {
  const n = agents++;
  const { member } = await d.test.server.services.team.members.provision(d.appId, {
    email: `agent${n}-${Math.random().toString(36).slice(2, 6)}@example.com`,
    nick: options.nick ?? `Agent ${n}`,
    roles: options.roles ?? ['staff'],
    maxConcurrent: options.maxConcurrent,
  });
  if (options.status !== 'offline') await setStatus(d, member.memberId, options.status ?? 'idle');
  return member.memberId;
}

export const setStatus = (d: Desk, memberId: string, status: AgentStatus, reason = '') => d.test.server.services.routing.agents.setStatus(d.appId, memberId, status, reason, memberId);

export async function sessionRow(d: Desk, sessionId: string) {
  const [row] = await d.test.server.services.db
    .select()
    .from(sessions)
    .where(and(eq(sessions.appId, d.appId), eq(sessions.sessionId, sessionId)));
  return row;
}

export async function loadOf(d: Desk, memberId: string): Promise<number> {
  const [row] = await d.test.server.services.db
    .select()
    .from(agentStates)
    .where(and(eq(agentStates.appId, d.appId), eq(agentStates.memberId, memberId)));
  return row?.load ?? 0;
}

/** A customer who enters and asks for a person; returns the session id. */
export async function askForHuman(d: Desk, userId: string): Promise<string> {
  const { sessionId } = await d.test.server.services.conversations.enter({ appId: d.appId, accountId: '@customer_service_account', userId });
  await d.test.server.services.conversations.customerSend({
    appId: d.appId,
    accountId: '@customer_service_account',
    userId,
    msgRandom: `h-${userId}`,
    body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: '转人工' } }],
  });
  return sessionId;
}

export const updateSettings = (d: Desk, patch: Record<string, unknown>) => d.test.server.services.routing.settings.update(d.appId, patch);

// ---- shared by the acceptance suites (fairness, hours, assignment webhook, concurrency) ----------

/** A fresh app on the server: each test starts with no agents, an empty queue and default settings. */
export async function newDesk(test: TestServer, name = 'Routing app'): Promise<Desk> {
  return deskOf(test, await createRestClient(test, name));
}

/** The customer leaves from their screen (src 27): ends a queued or served session. */
export const customerEnds = (d: Desk, userId: string) =>
  d.test.server.services.conversations.customerSend({ appId: d.appId, accountId: ACCOUNT, userId, msgRandom: `end-${userId}-${Math.random()}`, body: custom({ src: '27', customerServicePlugin: 0 }) });

/** Moves the clock and runs the timers that are due then (jobs only run when driven in tests). */
export async function elapse(d: Desk, clock: ManualClock, ms: number): Promise<void> {
  clock.advance(ms);
  await d.test.server.services.events.jobs.runDue();
}

/** Sessions each agent holds, counted from the sessions table: offered or in service, not suspended. */
export async function heldByAgent(d: Desk): Promise<Map<string, number>> {
  const rows = await d.test.server.services.db
    .select({ agentId: sessions.agentId, held: sql<number>`count(*)::int` })
    .from(sessions)
    .where(and(eq(sessions.appId, d.appId), inArray(sessions.state, ['Agent', 'WaitingForAgentAnswering']), eq(sessions.suspended, false)))
    .groupBy(sessions.agentId);
  return new Map(rows.map((r) => [r.agentId, Number(r.held)]));
}

/** Each agent's capacity: the member's own limit, else the app's default. */
export async function capacities(d: Desk): Promise<Map<string, number>> {
  const { db, routing } = d.test.server.services;
  const fallback = (await routing.settings.get(d.appId)).maxConcurrent;
  const rows = await db.select({ memberId: members.memberId, max: members.maxConcurrent }).from(members).where(eq(members.appId, d.appId));
  return new Map(rows.map((r) => [r.memberId, r.max ?? fallback]));
}

/**
 * The invariant routing keeps under its lock: every agent's load equals the sessions it holds and
 * no agent holds more than its capacity. Returns the held counts.
 */
export async function expectLoadsConsistent(d: Desk): Promise<Map<string, number>> {
  const held = await heldByAgent(d);
  const limits = await capacities(d);
  const states = await d.test.server.services.db.select().from(agentStates).where(eq(agentStates.appId, d.appId));
  for (const state of states) expect(state.load, `load of ${state.memberId}`).toBe(held.get(state.memberId) ?? 0);
  for (const [agentId, count] of held) {
    expect(
      states.some((s) => s.memberId === agentId),
      `${agentId} holds sessions but has no agent state`,
    ).toBe(true);
    expect(count, `sessions held by ${agentId}`).toBeLessThanOrEqual(limits.get(agentId)!);
  }
  return held;
}

/** The queue in routing order (priority, then arrival): session ids, first in line first. */
export async function queueOrder(d: Desk): Promise<string[]> {
  return (await queueHead(d.test.server.services.db, d.appId, 100_000)).map((q) => q.sessionId);
}

/** The queue prompts a user was sent, in order, as [QueuePosition, WaitNo] pairs read from the default text. */
export async function announcedPositions(d: Desk, userId: string): Promise<Array<[number, number]>> {
  return (await said(d, userId)).flatMap((line) => {
    const m = /排在第(\d+)位，前面还有(\d+)人/.exec(line);
    return m ? [[Number(m[1]), Number(m[2])] as [number, number]] : [];
  });
}
