import { workbenchServerFrame } from '@parley/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { desk, expectOk as expectDeskOk } from '../sessions/helpers.ts';
import { askForHuman, loginAgent, newUser, WorkbenchClient, workbenchApp } from './helpers.ts';

// Session changes made outside the workbench (REST suspend_session, unsuspend_session, mark_session)
// reach the agent's open workbench live, as events of the session's conversation.

describe('workbench socket: changes made through REST', () => {
  let test: TestServer;
  const clock = new ManualClock(new Date());
  const sockets: WorkbenchClient[] = [];

  beforeAll(async () => {
    test = await startTestServer({ clock });
  });
  afterAll(async () => {
    for (const socket of sockets) await socket.close();
    await test?.close();
  });

  it('suspend_session, mark_session and unsuspend_session arrive as conversation frames of the session', async () => {
    const d = await workbenchApp(test);
    const agent = await loginAgent(d, { status: 'idle' });
    const socket = await WorkbenchClient.open(test, agent);
    sockets.push(socket);
    const sessionId = await askForHuman(d, newUser());
    await socket.agentEvent('SessionAssigned', sessionId);
    await socket.conversationEvent(sessionId, 'TransferToHumanSuccess');

    let mark = socket.mark();
    expectDeskOk(await desk(d.client, 'suspend_session', { SessionId: sessionId }));
    const suspended = await socket.conversationEvent(sessionId, 'SessionSuspended', mark);
    expect(suspended.payload).toMatchObject({ sessionId, agentId: agent.memberId });

    mark = socket.mark();
    expectDeskOk(await desk(d.client, 'mark_session', { SessionId: sessionId, Mark: 'call back at 5', StarStatus: 1 }));
    const marked = await socket.conversationEvent(sessionId, 'SessionMarked', mark);
    expect(marked.payload).toMatchObject({ sessionId, mark: 'call back at 5', starred: true });

    mark = socket.mark();
    expectDeskOk(await desk(d.client, 'unsuspend_session', { SessionId: sessionId }));
    await socket.conversationEvent(sessionId, 'SessionUnsuspended', mark);

    // Every frame the socket sent has the shape the protocol declares for the workbench.
    for (const frame of socket.frames) expect(workbenchServerFrame.safeParse(frame).success, JSON.stringify(frame)).toBe(true);
    // Still the agent's: none of these took the session away.
    expect(socket.frames.some((f) => f.type === 'agent' && f.event.payload.sessionId === sessionId && f.event.type !== 'SessionAssigned')).toBe(false);
  });

  it('the frames of these changes carry the seq order of the conversation: a reconnect resumes after them', async () => {
    const d = await workbenchApp(test);
    const agent = await loginAgent(d, { status: 'idle' });
    const first = await WorkbenchClient.open(test, agent);
    sockets.push(first);
    const sessionId = await askForHuman(d, newUser());
    await first.agentEvent('SessionAssigned', sessionId);
    expectDeskOk(await desk(d.client, 'suspend_session', { SessionId: sessionId }));
    const suspended = await first.conversationEvent(sessionId, 'SessionSuspended');
    await first.close();

    expectDeskOk(await desk(d.client, 'mark_session', { SessionId: sessionId, StarStatus: 1 }));
    const again = await WorkbenchClient.open(test, agent, `?resume=${sessionId}:${suspended.seq}`);
    sockets.push(again);
    const marked = await again.conversationEvent(sessionId, 'SessionMarked');
    expect(marked.seq).toBeGreaterThan(suspended.seq);
    expect(again.conversation(sessionId).map((e) => e.type)).toEqual(['SessionMarked']);
  });
});
