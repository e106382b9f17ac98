import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { addAgent, addGroup, desk, enter, eventsOf, expectOk, expectRefused, expectServedBy, loadOf, newDesk, newUser, queued, said, served, sessionRow, setStatus } from './helpers.ts';

// Spec 05 §3.2 transfer_session: to a member, to a group, or by the default strategy; every
// documented refusal leaves the session, its stream and the agents' loads as they were.

describe('transfer_session', () => {
  let test: TestServer;
  const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));

  beforeAll(async () => {
    test = await startTestServer({ clock });
  });
  afterAll(() => test.close());

  it('to a member: the session and its load move; AgentForward names both agents; the user hears the new nick', async () => {
    const d = await newDesk(test);
    const a = await addAgent(d);
    const b = await addAgent(d, { nick: '小张' });
    const s = await served(d, a);
    expect(await loadOf(d, a)).toBe(1);
    expectOk(await desk(d.client, 'transfer_session', { SessionId: s.sessionId, MemberId: b }));
    await expectServedBy(d, s.sessionId, b);
    expect(await loadOf(d, a)).toBe(0);
    expect(await loadOf(d, b)).toBe(1);
    const [forward] = await eventsOf(d, s.userId, 'AgentForward');
    expect(forward.payload).toMatchObject({ sessionId: s.sessionId, agentId: b, forwardFromAgentId: a });
    expect((await said(d, s.userId)).at(-1)).toBe('SystemSendMsg 转接人工成功，客服小张为您服务');
    expect(await desk(d.client, 'get_session_state', { SessionId: s.sessionId })).toMatchObject({ CurrentState: 'Agent', AgentId: b });
  });

  it('MemberId matches in any case; the sample request with both GroupId and MemberId goes to that member', async () => {
    const d = await newDesk(test);
    const [a, b] = [await addAgent(d), await addAgent(d)];
    const group = await addGroup(d, [b]);
    const s = await served(d, a);
    expectOk(await desk(d.client, 'transfer_session', { SessionId: s.sessionId, GroupId: group, MemberId: b.toUpperCase() }));
    await expectServedBy(d, s.sessionId, b);
    expect((await sessionRow(d, s.sessionId)).agentGroupId).toBe(group);
  });

  it('to a group: an idle member of it with room, never the current agent', async () => {
    const d = await newDesk(test);
    const [a, b, c] = [await addAgent(d), await addAgent(d), await addAgent(d)];
    const group = await addGroup(d, [a, c]);
    const s = await served(d, a);
    expectOk(await desk(d.client, 'transfer_session', { SessionId: s.sessionId, GroupId: group }));
    await expectServedBy(d, s.sessionId, c);
    expect(await loadOf(d, b)).toBe(0);
    expect((await sessionRow(d, s.sessionId)).agentGroupId).toBe(group);
  });

  it('neither given: another online agent with room (the default strategy)', async () => {
    const d = await newDesk(test);
    const [a, b] = [await addAgent(d), await addAgent(d)];
    const s = await served(d, a);
    expectOk(await desk(d.client, 'transfer_session', { SessionId: s.sessionId, GroupId: 0, MemberId: '' }));
    await expectServedBy(d, s.sessionId, b);
  });

  it('a session waiting for its agent to accept (manual reception) is transferred straight into service', async () => {
    const d = await newDesk(test);
    await test.server.services.routing.settings.update(d.appId, { receptionMode: 'manual' });
    const [a, b] = [await addAgent(d), await addAgent(d)];
    const sessionId = await enter(d);
    expectOk(await desk(d.client, 'transfer_to_human', { SessionId: sessionId, AgentIdList: [a] }));
    expect((await sessionRow(d, sessionId)).state).toBe('WaitingForAgentAnswering');
    expectOk(await desk(d.client, 'transfer_session', { SessionId: sessionId, MemberId: b }));
    await expectServedBy(d, sessionId, b);
  });

  it('to the agent already serving it → 141024', async () => {
    const d = await newDesk(test);
    const a = await addAgent(d);
    await addAgent(d);
    const s = await served(d, a);
    await expectRefused(d, s.userId, 'transfer_session', { SessionId: s.sessionId, MemberId: a }, 141024);
  });

  it("an unknown group or another app's group → 141020", async () => {
    const d = await newDesk(test);
    const a = await addAgent(d);
    await addAgent(d);
    const theirs = await addGroup(await newDesk(test, 'other'), []);
    const s = await served(d, a);
    for (const GroupId of [424_242, theirs, -1]) await expectRefused(d, s.userId, 'transfer_session', { SessionId: s.sessionId, GroupId }, 141020);
  });

  it('the member is offline, or no other agent is online → 141001', async () => {
    const d = await newDesk(test);
    const a = await addAgent(d);
    const away = await addAgent(d, { status: 'offline' });
    const s = await served(d, a);
    await expectRefused(d, s.userId, 'transfer_session', { SessionId: s.sessionId, MemberId: away }, 141001);
    await expectRefused(d, s.userId, 'transfer_session', { SessionId: s.sessionId }, 141001);
    const emptyGroup = await addGroup(d, [away]);
    await expectRefused(d, s.userId, 'transfer_session', { SessionId: s.sessionId, GroupId: emptyGroup }, 141001);
  });

  it('the member is full, or every other online agent is busy, resting or full → 141025', async () => {
    const d = await newDesk(test);
    const a = await addAgent(d);
    const full = await addAgent(d, { maxConcurrent: 1 });
    await served(d, full);
    const s = await served(d, a);
    await expectRefused(d, s.userId, 'transfer_session', { SessionId: s.sessionId, MemberId: full }, 141025);
    await addAgent(d, { status: 'busy' });
    await addAgent(d, { status: 'rest' });
    await expectRefused(d, s.userId, 'transfer_session', { SessionId: s.sessionId }, 141025);
  });

  it('a session with the robot or in the queue → 141026', async () => {
    const d = await newDesk(test);
    const a = await addAgent(d, { maxConcurrent: 1 });
    const b = await addAgent(d, { maxConcurrent: 1 });
    await served(d, a);
    await served(d, b);
    const robotUser = newUser();
    const robot = await enter(d, robotUser);
    await expectRefused(d, robotUser, 'transfer_session', { SessionId: robot, MemberId: a }, 141026);
    const waiting = await queued(d);
    await expectRefused(d, waiting.userId, 'transfer_session', { SessionId: waiting.sessionId, MemberId: a }, 141026);
  });

  it('an unknown or ended session → 141005; an unknown MemberId or bad parameters → 141004', async () => {
    const d = await newDesk(test);
    const a = await addAgent(d);
    const b = await addAgent(d);
    const s = await served(d, a);
    expectOk(await desk(d.client, 'end_session', { SessionId: s.sessionId }));
    await expectRefused(d, s.userId, 'transfer_session', { SessionId: s.sessionId, MemberId: b }, 141005);
    await expectRefused(d, s.userId, 'transfer_session', { SessionId: '39cdad56-f1fd-48b6-a243-3229dd8f87f1', MemberId: b }, 141005);

    const live = await served(d, a);
    const admin = await addAgent(d, { roles: ['admin'] });
    for (const bad of [
      { SessionId: live.sessionId, MemberId: 'nobody@example.com' },
      { SessionId: live.sessionId, MemberId: admin }, // not an agent
      {},
      { SessionId: 5 },
      { SessionId: live.sessionId, GroupId: '9465' },
      { SessionId: live.sessionId, MemberId: 42 },
    ]) {
      await expectRefused(d, live.userId, 'transfer_session', bad, 141004);
    }
  });

  it('a suspended session moves without moving load, and stays suspended', async () => {
    const d = await newDesk(test);
    const [a, b] = [await addAgent(d), await addAgent(d)];
    const s = await served(d, a);
    expectOk(await desk(d.client, 'suspend_session', { SessionId: s.sessionId }));
    expectOk(await desk(d.client, 'transfer_session', { SessionId: s.sessionId, MemberId: b }));
    expect(await sessionRow(d, s.sessionId)).toMatchObject({ state: 'Agent', agentId: b, suspended: true });
    expect([await loadOf(d, a), await loadOf(d, b)]).toEqual([0, 0]);
    expectOk(await desk(d.client, 'unsuspend_session', { SessionId: s.sessionId }));
    await expectServedBy(d, s.sessionId, b);
    expect(await loadOf(d, b)).toBe(1);
    await setStatus(d, a, 'offline');
  });
});
