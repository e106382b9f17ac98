import { and, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sessions } from '../../src/conversations/schema.ts';
import type { EventLog } from '../../src/events/event-log.ts';
import { ManualClock } from '../../src/platform/clock.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { ok, startAssignReceiver, type AssignReceiver } from '../routing/assign-receiver.ts';
import { ACCOUNT, addAgent, agentSays, desk, enter, expectOk, newDesk, newUser, served, sessionRow, updateSettings } from '../human-rest/helpers.ts';
import { askForHuman } from '../routing/helpers.ts';
import { expectOk as expectHttpOk, workbenchApp } from '../workbench/helpers.ts';

// Every session change is an event (architecture: "the spine"): each kind of change appends its
// event in the very transaction that changed the row. A spy on the event log asks, inside the
// appending transaction, whether the session row was last written by that same transaction (its
// xmin is the current transaction id): the event and the row commit together or not at all.

interface Appended {
  type: string;
  sessionId: string;
  payload: Record<string, unknown>;
  /** The session row had been written by the transaction that appended the event. */
  withRow: boolean;
}

/** Wraps the log's append to record every conversation event with the answer to that question. */
function spyOnAppends(log: EventLog): { appended: Appended[]; restore(): void } {
  const original = log.append;
  const appended: Appended[] = [];
  log.append = async function (this: EventLog, ...args: Parameters<EventLog['append']>) {
    const stored = await original.apply(this, args);
    const [tx, , appId, streamId, type, payload] = args;
    if (streamId.startsWith('conv:') && typeof payload.sessionId === 'string') {
      const [row] = await tx
        .select({ same: sql<boolean>`xmin::text = (txid_current() % 4294967296)::text` })
        .from(sessions)
        .where(and(eq(sessions.appId, appId), eq(sessions.sessionId, payload.sessionId)));
      appended.push({ type, sessionId: payload.sessionId, payload, withRow: row?.same === true });
    }
    return stored;
  };
  return { appended, restore: () => void (log.append = original) };
}

describe('session changes and their events', () => {
  let test: TestServer;
  let receiver: AssignReceiver;
  let spy: ReturnType<typeof spyOnAppends>;
  const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));

  beforeAll(async () => {
    test = await startTestServer({ clock, config: { allowPrivateOutbound: true } });
    receiver = await startAssignReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await test?.close();
  });
  beforeEach(() => void (spy = spyOnAppends(test.server.services.events.log)));
  afterEach(() => spy.restore());

  /** The events of `type` appended for the session since the test began. */
  const appendedOf = (sessionId: string, type: string) => spy.appended.filter((e) => e.sessionId === sessionId && e.type === type);

  /** Exactly one `type` event for the session, written by the transaction that changed the row; its payload. */
  function expectOneWithRow(sessionId: string, type: string): Record<string, unknown> {
    const found = appendedOf(sessionId, type);
    expect(found, `${type} events of ${sessionId}`).toHaveLength(1);
    expect(found[0].withRow, `${type} was appended by a transaction that did not change the session row`).toBe(true);
    return found[0].payload;
  }

  it('suspend_session: SessionSuspended with the row; unsuspend_session: SessionUnsuspended with the row', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d);
    const s = await served(d, agent);

    expectOk(await desk(d.client, 'suspend_session', { SessionId: s.sessionId }));
    expect((await sessionRow(d, s.sessionId)).suspended).toBe(true);
    expect(expectOneWithRow(s.sessionId, 'SessionSuspended')).toMatchObject({ agentId: agent });

    // Suspending again changes nothing, so it records nothing.
    expectOk(await desk(d.client, 'suspend_session', { SessionId: s.sessionId }));
    expect(appendedOf(s.sessionId, 'SessionSuspended')).toHaveLength(1);

    expectOk(await desk(d.client, 'unsuspend_session', { SessionId: s.sessionId }));
    expect((await sessionRow(d, s.sessionId)).suspended).toBe(false);
    expect(expectOneWithRow(s.sessionId, 'SessionUnsuspended')).toMatchObject({ agentId: agent });
  });

  it('mark_session: SessionMarked with exactly the fields that changed; a call that changes nothing records nothing', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d);
    const s = await served(d, agent);

    expectOk(await desk(d.client, 'mark_session', { SessionId: s.sessionId, Mark: 'VIP', StarStatus: 1 }));
    const marked = expectOneWithRow(s.sessionId, 'SessionMarked');
    expect(marked).toMatchObject({ mark: 'VIP', starred: true });
    expect(marked).not.toHaveProperty('userTimeoutEnabled');

    expectOk(await desk(d.client, 'mark_session', { SessionId: s.sessionId, Mark: 'VIP', StarStatus: 1, UserTimeoutSwitch: 0 }));
    const [, switched] = appendedOf(s.sessionId, 'SessionMarked');
    expect(switched.withRow).toBe(true);
    expect(switched.payload).toMatchObject({ userTimeoutEnabled: false });
    expect(switched.payload).not.toHaveProperty('mark');
    expect(switched.payload).not.toHaveProperty('starred');

    expectOk(await desk(d.client, 'mark_session', { SessionId: s.sessionId, Mark: 'VIP' }));
    expect(appendedOf(s.sessionId, 'SessionMarked')).toHaveLength(2);
    // The spy tells apart a transaction that leaves the row alone: with the switch off, a reply arms no timer.
    await agentSays(d, s.sessionId, agent);
    expect(appendedOf(s.sessionId, 'Human.AgentSendMsg').map((e) => e.withRow)).toEqual([false]);
    expect(await sessionRow(d, s.sessionId)).toMatchObject({ mark: 'VIP', starred: true, userTimeoutEnabled: false });
  });

  it("the business server's routing answer: RoutingDecisionApplied with the priority, group and agents it set", async () => {
    const d = await newDesk(test);
    expectOk(await desk(d.client, 'update_im_agent', { IMAgentUserID: ACCOUNT, AssignmentStrategy: 2, AssignedByWebhookURL: receiver.url }));
    await updateSettings(d, { assignWebhookTimeout: 2000 });
    const busy = await addAgent(d, { maxConcurrent: 1 });
    await served(d, busy); // named in AgentIdList: the business server is not asked, and the agent is full now
    receiver.answer(ok({ Priority: 2, AgentIdList: [busy] }));
    const userId = newUser();
    const sessionId = await askForHuman(d, userId);

    const row = await sessionRow(d, sessionId);
    expect(row).toMatchObject({ state: 'Queueing', priority: 2, routeAgentIds: [busy] });
    expect(expectOneWithRow(sessionId, 'RoutingDecisionApplied')).toMatchObject({ priority: 2, routeAgentIds: [busy], routeGroupId: row.routeGroupId });
  });

  it('manual reception: SessionOfferedToAgent names the agent the session waits for', async () => {
    const d = await newDesk(test);
    await updateSettings(d, { receptionMode: 'manual', acceptTimeout: 60 });
    const agent = await addAgent(d);
    const sessionId = await askForHuman(d, newUser());

    expect(await sessionRow(d, sessionId)).toMatchObject({ state: 'WaitingForAgentAnswering', agentId: agent });
    expect(expectOneWithRow(sessionId, 'SessionOfferedToAgent')).toMatchObject({ agentId: agent });
    expect(appendedOf(sessionId, 'TransferToHumanSuccess')).toEqual([]);
  });

  it('an agent who loses access: SessionRequeued names them and why, and the session waits in the queue', async () => {
    const d = await workbenchApp(test);
    const { member } = await test.server.services.team.members.provision(d.appId, { email: `gone-${newUser()}@example.com`, nick: 'Gone', roles: ['staff'] });
    await test.server.services.routing.agents.setStatus(d.appId, member.memberId, 'idle', '', member.memberId);
    const s = await served(d, member.memberId);

    await expectHttpOk(d.admin.request('DELETE', `/team/members/${encodeURIComponent(member.memberId)}`));
    expect(await sessionRow(d, s.sessionId)).toMatchObject({ state: 'Queueing', agentId: '' });
    const payload = expectOneWithRow(s.sessionId, 'SessionRequeued');
    expect(payload).toMatchObject({ fromAgentId: member.memberId, revokedBecause: 'deleted' });
    expect(payload).not.toHaveProperty('agentId');
  });

  it('the state changes that had a Desk event already now write it with the row: to the queue, to the agent, the end', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d);
    const userId = newUser();
    const sessionId = await enter(d, userId);
    expectOk(await desk(d.client, 'transfer_to_human', { SessionId: sessionId, AgentIdList: [agent] }));
    expectOneWithRow(sessionId, 'TransferringToHuman');
    expect(expectOneWithRow(sessionId, 'TransferToHumanSuccess')).toMatchObject({ agentId: agent });
    expectOk(await desk(d.client, 'end_session', { SessionId: sessionId }));
    expect((await sessionRow(d, sessionId)).state).toBe('Ended');
    expectOneWithRow(sessionId, 'SessionEnd');
  });
});
