import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import {
  addAgent,
  agentSays,
  desk,
  elapse,
  enter,
  eventsOf,
  expectLoadsConsistent,
  expectOk,
  expectRefused,
  expectServedBy,
  loadOf,
  newDesk,
  newUser,
  queued,
  said,
  served,
  sessionRow,
} from './helpers.ts';

// Spec 05 §3.7 end_session, §3.8 suspend_session, §3.9 unsuspend_session. A fresh app per test.

const UNKNOWN = 'b0f4ca12-4850-4218-a284-efe679a87066';

describe('end_session', () => {
  let test: TestServer;
  const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));

  beforeAll(async () => {
    test = await startTestServer({ clock });
  });
  afterAll(() => test.close());

  it('ends a session in service: SessionAgentEnd then SessionEnd, the end prompt, the agent freed for the queue', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d, { maxConcurrent: 1 });
    const s = await served(d, agent);
    const waiting = await queued(d);
    const before = (await said(d, s.userId)).length;
    expectOk(await desk(d.client, 'end_session', { SessionId: s.sessionId }));
    expect(await sessionRow(d, s.sessionId)).toMatchObject({ state: 'Ended', endStatus: 'AgentEndedSession' });
    const lines = (await said(d, s.userId)).slice(before);
    expect(lines.filter((l) => !l.startsWith('SystemSendMsg'))).toEqual(['SessionAgentEnd', 'SessionEnd']);
    expect(lines).toContain('SystemSendMsg 本次服务已结束，感谢您的支持');
    expect((await eventsOf(d, s.userId, 'SessionAgentEnd'))[0].payload).toMatchObject({ sessionId: s.sessionId, agentId: agent });
    await expectServedBy(d, waiting.sessionId, agent);
  });

  it('ends a queued session, which leaves the queue', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d, { maxConcurrent: 1 });
    await served(d, agent);
    const waiting = await queued(d);
    expectOk(await desk(d.client, 'end_session', { sessionid: waiting.sessionId }));
    expect((await sessionRow(d, waiting.sessionId)).state).toBe('Ended');
    expect(await eventsOf(d, waiting.userId, 'SessionEnd')).toHaveLength(1);
    await expectLoadsConsistent(d);
  });

  it('a session with the robot, an ended or unknown one → 141005; bad parameters → 141004; nothing changes', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d);
    const robotUser = newUser();
    const robot = await enter(d, robotUser);
    await expectRefused(d, robotUser, 'end_session', { SessionId: robot }, 141005);
    const s = await served(d, agent);
    expectOk(await desk(d.client, 'end_session', { SessionId: s.sessionId }));
    await expectRefused(d, s.userId, 'end_session', { SessionId: s.sessionId }, 141005);
    await expectRefused(d, s.userId, 'end_session', { SessionId: UNKNOWN }, 141005);
    for (const bad of [{}, { SessionId: '' }, { SessionId: 7 }, { SessionId: ['x'] }]) await expectRefused(d, robotUser, 'end_session', bad, 141004);
    const raw = await d.client.call('end_session', undefined, { service: 'desk_http_svc', raw: '{"SessionId"' });
    expect(raw).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: 141004 });
  });
});

describe('suspend_session and unsuspend_session', () => {
  let test: TestServer;
  const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));

  beforeAll(async () => {
    test = await startTestServer({ clock });
  });
  afterAll(() => test.close());

  it('suspending frees the place (a queued user is served); resuming counts it again, even beyond capacity', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d, { maxConcurrent: 1 });
    const one = await served(d, agent);
    const two = await queued(d);
    expectOk(await desk(d.client, 'suspend_session', { SessionId: one.sessionId }));
    expect(await sessionRow(d, one.sessionId)).toMatchObject({ state: 'Agent', agentId: agent, suspended: true });
    await expectServedBy(d, two.sessionId, agent);
    expect(await loadOf(d, agent)).toBe(1);
    expect(await desk(d.client, 'get_session_state', { SessionId: one.sessionId })).toMatchObject({ CurrentState: 'Agent', AgentId: agent });

    expectOk(await desk(d.client, 'unsuspend_session', { SessionId: one.sessionId }));
    expect((await sessionRow(d, one.sessionId)).suspended).toBe(false);
    expect(await loadOf(d, agent)).toBe(2);
    const three = await queued(d); // 2 of 1: nobody new
    expectOk(await desk(d.client, 'end_session', { SessionId: two.sessionId }));
    expect((await sessionRow(d, three.sessionId)).state).toBe('Queueing'); // still 1 of 1
    expectOk(await desk(d.client, 'end_session', { SessionId: one.sessionId }));
    await expectServedBy(d, three.sessionId, agent);
  });

  it('ending a suspended session releases nothing twice', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d, { maxConcurrent: 2 });
    const one = await served(d, agent);
    const two = await served(d, agent);
    expectOk(await desk(d.client, 'suspend_session', { SessionId: one.sessionId }));
    expectOk(await desk(d.client, 'end_session', { SessionId: one.sessionId }));
    expect(await loadOf(d, agent)).toBe(1);
    await expectServedBy(d, two.sessionId, agent);
  });

  it('twice is harmless: a second suspend or an unsuspend of a session not suspended changes nothing', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d);
    const s = await served(d, agent);
    expectOk(await desk(d.client, 'unsuspend_session', { SessionId: s.sessionId }));
    expect(await loadOf(d, agent)).toBe(1);
    expectOk(await desk(d.client, 'suspend_session', { SessionId: s.sessionId }));
    expectOk(await desk(d.client, 'suspend_session', { SessionId: s.sessionId }));
    expect(await loadOf(d, agent)).toBe(0);
    expectOk(await desk(d.client, 'unsuspend_session', { SessionId: s.sessionId }));
    expectOk(await desk(d.client, 'unsuspend_session', { SessionId: s.sessionId }));
    expect(await loadOf(d, agent)).toBe(1);
    await expectLoadsConsistent(d);
  });

  it('a suspended session is not ended by the user timeout; resumed, its countdown runs again', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d);
    const s = await served(d, agent);
    await agentSays(d, s.sessionId, agent);
    expect((await sessionRow(d, s.sessionId)).timeoutAt).not.toBeNull();
    expectOk(await desk(d.client, 'suspend_session', { SessionId: s.sessionId }));
    expect((await sessionRow(d, s.sessionId)).timeoutAt).toBeNull();
    await elapse(d, clock, 700_000); // past the default UserTimeout of 600 s
    expect((await sessionRow(d, s.sessionId)).state).toBe('Agent');
    expectOk(await desk(d.client, 'unsuspend_session', { SessionId: s.sessionId }));
    expect((await sessionRow(d, s.sessionId)).timeoutAt).not.toBeNull();
    await elapse(d, clock, 601_000);
    expect(await sessionRow(d, s.sessionId)).toMatchObject({ state: 'Ended', endStatus: 'UserTimeout' });
    expect(await eventsOf(d, s.userId, 'SessionUserTimeoutEnd')).toHaveLength(1);
  });

  it('only a session in service can be suspended: robot or queued → 141005, and nothing changes', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d, { maxConcurrent: 1 });
    await served(d, agent);
    const robotUser = newUser();
    const robot = await enter(d, robotUser);
    await expectRefused(d, robotUser, 'suspend_session', { SessionId: robot }, 141005);
    const waiting = await queued(d);
    await expectRefused(d, waiting.userId, 'suspend_session', { SessionId: waiting.sessionId }, 141005);
  });

  it('a robot session transferred to human later counts in full and is released in full (no suspension carried over)', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d);
    const robot = await enter(d);
    expect((await desk(d.client, 'suspend_session', { SessionId: robot })).ErrorCode).toBe(141005);
    expectOk(await desk(d.client, 'transfer_to_human', { SessionId: robot }));
    await expectServedBy(d, robot, agent);
    expect(await loadOf(d, agent)).toBe(1);
    expectOk(await desk(d.client, 'end_session', { SessionId: robot }));
    expect(await loadOf(d, agent)).toBe(0);
  });

  it('an ended or unknown session → 141005; bad parameters → 141004', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d);
    const s = await served(d, agent);
    expectOk(await desk(d.client, 'suspend_session', { SessionId: s.sessionId }));
    expectOk(await desk(d.client, 'end_session', { SessionId: s.sessionId }));
    for (const command of ['suspend_session', 'unsuspend_session']) {
      await expectRefused(d, s.userId, command, { SessionId: s.sessionId }, 141005);
      await expectRefused(d, s.userId, command, { SessionId: UNKNOWN }, 141005);
      for (const bad of [{}, { SessionId: '' }, { SessionId: 1 }, { SessionId: null }]) await expectRefused(d, s.userId, command, bad, 141004);
    }
  });
});
