import { and, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { sessions } from '../../src/conversations/schema.ts';
import { agentStates } from '../../src/routing/schema.ts';
import { addAgent, expectLoadsConsistent, sessionRow } from '../routing/helpers.ts';
import { desk, enter, expectFail, expectOk, newUser, nextRandom, stream, text, type Desk, type Envelope } from '../sessions/helpers.ts';

export { addAgent, elapse, expectLoadsConsistent, loadOf, newDesk, sessionRow, setStatus, updateSettings } from '../routing/helpers.ts';
export { ACCOUNT, desk, deskRaw, enter, expectFail, expectOk, newUser, said, say, stream, type Desk, type Envelope } from '../sessions/helpers.ts';

/** The human-service commands of spec 05 §3 through desk_http_svc, and what a test checks around them. */

export interface Served {
  sessionId: string;
  userId: string;
}

/** A new user whose session transfer_to_human put in service with `agent` (named in AgentIdList). */
export async function served(d: Desk, agent: string, userId = newUser()): Promise<Served> {
  const sessionId = await enter(d, userId);
  const res = await desk(d.client, 'transfer_to_human', { SessionId: sessionId, AgentIdList: [agent] });
  expectOk(res);
  expect(res.AgentId).toBe(agent);
  return { sessionId, userId };
}

/** A new user whose session waits in the queue (every agent is full). */
export async function queued(d: Desk, userId = newUser()): Promise<Served> {
  const sessionId = await enter(d, userId);
  const res = await desk(d.client, 'transfer_to_human', { SessionId: sessionId });
  expectOk(res);
  expect(res).toMatchObject({ AgentId: '', IsInQueue: 1 });
  return { sessionId, userId };
}

/** The agent replies through the service side: the user's reply countdown starts. */
export async function agentSays(d: Desk, sessionId: string, agentId: string, words = 'Anything else?'): Promise<void> {
  await d.test.server.services.conversations.serviceSend({ appId: d.appId, sessionId, msgRandom: `a${nextRandom()}`, body: text(words), agentId });
}

/** A group of the app with these members; returns its id. */
export async function addGroup(d: Desk, memberIds: string[]): Promise<number> {
  const group = await d.test.server.services.team.groups.create(d.appId, { name: `group-${newUser('g')}`, memberIds });
  return group.groupId;
}

/** Agents of the app with their status and load, in a stable order. */
async function agentsOf(d: Desk) {
  const rows = await d.test.server.services.db.select().from(agentStates).where(eq(agentStates.appId, d.appId));
  return rows.map((r) => ({ memberId: r.memberId, status: r.status, load: r.load })).sort((a, b) => a.memberId.localeCompare(b.memberId));
}

/** Everything a refused command must leave alone: the user's sessions, their event stream, the agents. */
export async function snapshot(d: Desk, userId: string) {
  const rows = await d.test.server.services.db
    .select()
    .from(sessions)
    .where(and(eq(sessions.appId, d.appId), eq(sessions.userId, userId)));
  return {
    sessions: rows.sort((a, b) => a.sessionId.localeCompare(b.sessionId)),
    events: (await stream(d, userId)).map((e) => e.id),
    agents: await agentsOf(d),
  };
}

/** Calls `command`, expects `code`, and checks nothing changed for `userId` and the agents. */
export async function expectRefused(d: Desk, userId: string, command: string, body: unknown, code: number): Promise<Envelope> {
  const before = await snapshot(d, userId);
  const res = await desk(d.client, command, body);
  expectFail(res, code);
  expect(await snapshot(d, userId), `${command} ${JSON.stringify(body)} changed something`).toEqual(before);
  return res;
}

/** The stored events of a user's conversation, of one type. */
export async function eventsOf(d: Desk, userId: string, type: string) {
  return (await stream(d, userId)).filter((e) => e.type === type);
}

/** The session is in service with `agentId`, and every agent's load matches the sessions it holds. */
export async function expectServedBy(d: Desk, sessionId: string, agentId: string): Promise<void> {
  expect(await sessionRow(d, sessionId)).toMatchObject({ state: 'Agent', agentId });
  await expectLoadsConsistent(d);
}

/** Agents that are online and idle; `addAgent` with the usual options. */
export const idleAgents = async (d: Desk, count: number, options: Parameters<typeof addAgent>[1] = {}) => {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) ids.push(await addAgent(d, options));
  return ids;
};
