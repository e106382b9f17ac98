import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { ACCOUNT, customer, text as chatText, textIn } from '../chat/helpers.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { askForHuman, expectError, expectOk, loginAgent, newUser, sessionRow, textsOf, WorkbenchClient, workbenchApp, type Agent, type WorkbenchApp } from './helpers.ts';

// The workbench socket: the agent's stream and the conversations of the agent's sessions, live.

describe('workbench realtime socket', () => {
  let test: TestServer;
  const clock = new ManualClock(new Date());
  const sockets: WorkbenchClient[] = [];
  const open = async (agent: Agent, query = '') => {
    const socket = await WorkbenchClient.open(test, agent, query);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    test = await startTestServer({ clock });
  });
  afterAll(async () => {
    for (const socket of sockets) await socket.close();
    await test?.close();
  });

  it('delivers SessionAssigned, then the conversation both ways, then the end, and stops following', async () => {
    const d = await workbenchApp(test);
    const agent = await loginAgent(d, { nick: 'Ann', status: 'idle' });
    const socket = await open(agent);
    const userId = newUser();
    const chat = await customer(test, d.client, userId);
    await chat.subscribe(ACCOUNT);
    await chat.sendOk(ACCOUNT, chatText('转人工'));

    const assigned = await socket.agentEvent('SessionAssigned');
    const sessionId = assigned.payload.sessionId as string;
    expect(assigned.payload).toMatchObject({ userId, accountId: ACCOUNT, state: 'Agent' });
    // The conversation is replayed from the session's start: the robot part before the handoff too.
    await socket.conversationEvent(sessionId, 'TransferToHumanSuccess');
    expect(textsOf(socket.conversation(sessionId))).toContain('转人工');
    expect(socket.conversation(sessionId)[0].type).toBe('SessionBegin');

    const reply = await expectOk(agent.api('POST', `/workbench/sessions/${sessionId}/messages`, { msgRandom: 1, body: chatText('Hello, Ann here') }));
    expect(reply).toMatchObject({ sessionId, duplicate: false });
    const heard = await chat.waitForEvent(ACCOUNT, (e) => e.type === 'Human.AgentSendMsg');
    expect(textIn(heard)).toBe('Hello, Ann here');
    await socket.conversationEvent(sessionId, 'Human.AgentSendMsg');

    await chat.sendOk(ACCOUNT, chatText('Thanks Ann'));
    const userSaid = await socket.conversationEvent(sessionId, 'Human.UserSendMsg', 0, (e) => textsOf([e]).includes('Thanks Ann'));
    expect(userSaid.payload.sessionId).toBe(sessionId);

    await expectOk(agent.api('POST', `/workbench/sessions/${sessionId}/end`));
    await socket.agentEvent('SessionClosed', sessionId);
    // The end's own events still arrive after SessionClosed.
    await socket.conversationEvent(sessionId, 'SessionEnd');

    // The user starts a new robot session: nothing of it reaches the agent.
    const mark = socket.mark();
    await chat.sendOk(ACCOUNT, chatText('one more question'));
    await expectOk(agent.api('PUT', '/workbench/status', { status: 'busy' }));
    await socket.agentEvent('AgentStatusChanged', undefined, mark);
    expect(socket.frames.slice(mark).filter((f) => f.type === 'conversation' && f.sessionId !== sessionId)).toEqual([]);
    await chat.close();
  });

  it('manual reception: SessionOffered with the deadline in the list, then accept gives SessionAssigned', async () => {
    const d = await workbenchApp(test);
    await expectOk(d.admin.request('PUT', '/settings/service', { receptionMode: 'manual', acceptTimeout: 45 }));
    const agent = await loginAgent(d, { status: 'idle' });
    const socket = await open(agent);
    const sessionId = await askForHuman(d, newUser());
    const offered = await socket.agentEvent('SessionOffered', sessionId);
    expect(offered.payload.state).toBe('WaitingForAgentAnswering');

    const mine = await expectOk(agent.api('GET', '/workbench/sessions?view=mine'));
    expect(mine.items).toHaveLength(1);
    const row = await sessionRow(d, sessionId);
    expect(mine.items[0]).toMatchObject({ sessionId, state: 'WaitingForAgentAnswering' });
    expect(new Date(mine.items[0].acceptDeadline).getTime()).toBe(row.assignedAt!.getTime() + 45_000);
    // Not accepted yet: no replies.
    await expectError(agent.api('POST', `/workbench/sessions/${sessionId}/messages`, { msgRandom: 'early', body: chatText('hi') }), 409, 141026);
    // Nor the typing signal: the user has no agent yet.
    await expectError(agent.api('POST', `/workbench/sessions/${sessionId}/typing`), 409, 141026);

    const from = socket.mark();
    expect(await expectOk(agent.api('POST', `/workbench/sessions/${sessionId}/accept`))).toMatchObject({ sessionId, state: 'Agent', agentId: agent.memberId });
    await socket.agentEvent('SessionAssigned', sessionId, from);
    await socket.conversationEvent(sessionId, 'TransferToHumanSuccess', from);
    // Offered and then assigned: followed once, so each event arrives once.
    const seqs = socket.conversation(sessionId).map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    await expectError(agent.api('POST', `/workbench/sessions/${sessionId}/accept`), 409, 141026);
  });

  it('a transfer moves the conversation to the new agent’s socket; the old one is told it went away', async () => {
    const d = await workbenchApp(test);
    const ann = await loginAgent(d, { nick: 'Ann', status: 'idle' });
    const annSocket = await open(ann);
    const sessionId = await askForHuman(d, newUser());
    await annSocket.agentEvent('SessionAssigned', sessionId);
    const bob = await loginAgent(d, { nick: 'Bob', status: 'busy' });
    const bobSocket = await open(bob);

    const moved = await expectOk(ann.api('POST', `/workbench/sessions/${sessionId}/transfer`, { memberId: bob.memberId }));
    expect(moved).toMatchObject({ agentId: bob.memberId, state: 'Agent' });
    await annSocket.agentEvent('SessionTransferredAway', sessionId);
    await bobSocket.agentEvent('SessionAssigned', sessionId);
    const forward = await bobSocket.conversationEvent(sessionId, 'AgentForward');
    expect(forward.payload.forwardFromAgentId).toBe(ann.memberId);
    expect(textsOf(bobSocket.conversation(sessionId))).toContain('转人工'); // the whole session, robot part included

    const from = annSocket.mark();
    await expectOk(bob.api('POST', `/workbench/sessions/${sessionId}/messages`, { msgRandom: 'b1', body: chatText('Bob here') }));
    await bobSocket.conversationEvent(sessionId, 'Human.AgentSendMsg', 0, (e) => textsOf([e]).includes('Bob here'));
    await expectOk(ann.api('PUT', '/workbench/status', { status: 'busy' }));
    await annSocket.agentEvent('AgentStatusChanged', undefined, from);
    expect(annSocket.conversation(sessionId).some((e) => textsOf([e]).includes('Bob here'))).toBe(false);
  });

  it('resumes from the client’s cursors without repeating what it saw', async () => {
    const d = await workbenchApp(test);
    const agent = await loginAgent(d, { status: 'idle' });
    const first = await open(agent);
    const userId = newUser();
    const sessionId = await askForHuman(d, userId);
    await first.agentEvent('SessionAssigned', sessionId);
    await first.conversationEvent(sessionId, 'TransferToHumanSuccess');
    const agentSeq = Math.max(...first.frames.filter((f) => f.type === 'agent').map((f) => f.event.seq));
    const convSeq = Math.max(...first.conversation(sessionId).map((e) => e.seq));
    await first.close();

    await test.server.services.conversations.customerSend({ appId: d.appId, accountId: ACCOUNT, userId, msgRandom: 'while-away', body: chatText('are you there?') });
    await expectOk(agent.api('PUT', '/workbench/status', { status: 'busy' }));

    const again = await open(agent, `?after=${agentSeq}&resume=${encodeURIComponent(`${sessionId}:${convSeq}`)}`);
    const ready = again.frames[0];
    expect(ready).toMatchObject({ type: 'ready', memberId: agent.memberId, after: agentSeq, sessions: [{ sessionId, state: 'Agent' }] });
    await again.conversationEvent(sessionId, 'Human.UserSendMsg', 0, (e) => textsOf([e]).includes('are you there?'));
    await again.agentEvent('AgentStatusChanged');
    expect(again.conversation(sessionId).every((e) => e.seq > convSeq)).toBe(true);
    expect(again.frames.filter((f) => f.type === 'agent').every((f) => f.event.seq > agentSeq)).toBe(true);

    // Without cursors: the session replays from its start, and the agent stream starts now.
    const fresh = await open(agent);
    expect(fresh.frames[0]).toMatchObject({ type: 'ready', after: fresh.frames[0].head });
    await fresh.conversationEvent(sessionId, 'SessionBegin');
  });

  it('answers pings, counts as presence, and closing it leaves the agent online until presence lapses', async () => {
    const d = await workbenchApp(test);
    const agent = await loginAgent(d, { status: 'idle' });
    clock.advance(60_000);
    const socket = await open(agent);
    const { routing, events } = test.server.services;
    expect((await routing.agents.get(d.appId, agent.memberId))!.lastSeenAt).toEqual(clock.now());
    const from = socket.mark();
    socket.send({ type: 'ping' });
    await socket.waitFor((f) => f.type === 'pong', from);
    socket.send('not json');
    expect((await socket.waitFor((f) => f.type === 'error', from)).code).toBe(90001);

    await socket.close();
    clock.advance(60_000);
    await events.jobs.runDue();
    expect((await routing.agents.get(d.appId, agent.memberId))!.status).toBe('idle');
    clock.advance(31_000);
    await events.jobs.runDue();
    expect((await routing.agents.get(d.appId, agent.memberId))!.status).toBe('offline');
  });

  it('refuses strangers, other sites, the administrator’s UserSig and bad cursors before the upgrade', async () => {
    const d = await workbenchApp(test);
    const agent = await loginAgent(d);
    const cookie = agent.browser.cookie!;
    expect(await WorkbenchClient.attempt(test, {})).toBe(401);
    expect(await WorkbenchClient.attempt(test, { cookie: 'parley_session=forged' })).toBe(401);
    expect(await WorkbenchClient.attempt(test, { cookie, origin: 'https://evil.example' })).toBe(403);
    expect(await WorkbenchClient.attempt(test, { cookie, origin: test.baseUrl })).toBe(101);
    expect(await WorkbenchClient.attempt(test, { cookie }, '?after=-1')).toBe(400);
    expect(await WorkbenchClient.attempt(test, { cookie }, '?resume=nonsense')).toBe(400);

    const admin = await loginAgent(d, { roles: ['admin'] });
    expect(await WorkbenchClient.attempt(test, { cookie: admin.browser.cookie! })).toBe(403);
    const sig = await adminHeaders(d);
    expect(await WorkbenchClient.attempt(test, sig)).toBe(403);
  });

  it('a member forced offline loses the socket at the next ping check', async () => {
    const d = await workbenchApp(test);
    const agent = await loginAgent(d, { status: 'idle' });
    const socket = await open(agent);
    await expectOk(d.admin.request('POST', `/team/members/${encodeURIComponent(agent.memberId)}/force-offline`));
    socket.ws.pong(); // what a browser answers to the server's 30 s ping
    expect((await socket.closed).code).toBe(4401);

    // Losing the staff role closes it too.
    const other = await loginAgent(d, { roles: ['admin', 'staff'] });
    const second = await open(other);
    await expectOk(d.admin.request('PATCH', `/team/members/${encodeURIComponent(other.memberId)}`, { roles: ['admin'] }));
    second.ws.pong();
    expect((await second.closed).code).toBe(4403);
  });
});

/** The app administrator's UserSig headers, as createApiClient sends them. */
async function adminHeaders(d: WorkbenchApp): Promise<Record<string, string>> {
  const TLSSigAPIv2 = (await import('tls-sig-api-v2')).default;
  const sig = new TLSSigAPIv2.Api(d.client.sdkAppId, d.client.secretKey).genSig(d.client.admin, 3600);
  return { 'x-parley-app': String(d.client.sdkAppId), 'x-parley-identifier': d.client.admin, authorization: `UserSig ${sig}` };
}
