import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { createRestClient, startTestServer, type TestServer } from '../harness.ts';
import { toChatEvent } from '../../src/gateways/chat/chat-event.ts';
import { stream } from '../sessions/helpers.ts';
import { addAgent, askForHuman, deskOf, loadOf, newUser, said, sessionRow, setStatus, updateSettings, type Desk } from './helpers.ts';

describe('routing basics', () => {
  let test: TestServer;
  let d: Desk;
  const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));

  beforeAll(async () => {
    test = await startTestServer({ clock });
    d = deskOf(test, await createRestClient(test));
  });
  afterAll(() => test.close());

  it('with nobody online the transfer fails with the prompts and the session stays with the robot', async () => {
    const user = newUser();
    const sessionId = await askForHuman(d, user);
    const row = await sessionRow(d, sessionId);
    expect(row.state).toBe('Chatbot');
    const lines = await said(d, user);
    expect(lines.join('\n')).toContain('TransferringToHuman');
    expect(lines.join('\n')).toContain('NoAgentOnline');
  });

  it('assigns the least recently assigned idle agent, then queues when everyone is full, and drains when one ends', async () => {
    const a = await addAgent(d, { maxConcurrent: 1 });
    clock.advance(1000);
    const b = await addAgent(d, { maxConcurrent: 1 });
    const s1 = await askForHuman(d, newUser());
    const s2 = await askForHuman(d, newUser());
    const first = await sessionRow(d, s1);
    const second = await sessionRow(d, s2);
    expect(first.state).toBe('Agent');
    expect(second.state).toBe('Agent');
    expect(new Set([first.agentId, second.agentId])).toEqual(new Set([a, b]));
    const waitingUser = newUser();
    const s3 = await askForHuman(d, waitingUser);
    expect((await sessionRow(d, s3)).state).toBe('Queueing');
    expect((await said(d, waitingUser)).join('\n')).toContain('TransferringToHumanWait');
    // What the customer's screen is told: the place in the queue, then the agent's name (never the id).
    const seen = async () => (await stream(d, waitingUser)).map(toChatEvent);
    expect((await seen()).find((e) => e.type === 'TransferringToHumanWait')?.queuePosition).toBe(1);
    expect((await seen()).filter((e) => e.type === 'SystemSendMsg' && e.queuePosition === 1)).toHaveLength(1);
    await test.server.services.agentWork.actions.end(d.appId, s1, { memberId: first.agentId });
    const served = await sessionRow(d, s3);
    expect(served.state).toBe('Agent');
    expect(served.agentId).toBe(first.agentId);
    const nick = (await test.server.services.team.members.get(d.appId, first.agentId)).nick;
    const success = (await seen()).find((e) => e.type === 'TransferToHumanSuccess');
    expect(success?.agentNick).toBe(nick);
    expect(JSON.stringify(await seen())).not.toContain(first.agentId);
    expect(await loadOf(d, first.agentId)).toBe(1);
    await setStatus(d, a, 'offline');
    await setStatus(d, b, 'offline');
  });

  it('an agent forced offline goes offline and their session returns to the queue for someone else', async () => {
    const a = await addAgent(d);
    const sessionId = await askForHuman(d, newUser());
    expect((await sessionRow(d, sessionId)).agentId).toBe(a);
    const b = await addAgent(d);
    const app = (await test.server.services.apps.get(d.appId))!;
    await test.server.services.team.members.forceOffline({ app, roles: ['super_admin'] }, a);
    expect((await test.server.services.routing.agents.get(d.appId, a))?.status).toBe('offline');
    const row = await sessionRow(d, sessionId);
    expect(row.agentId).toBe(b);
    expect(row.state).toBe('Agent');
    expect(await loadOf(d, a)).toBe(0);
    await setStatus(d, b, 'offline');
  });

  it('manual reception: not accepted in time, the session goes to another agent and the first rests', async () => {
    await updateSettings(d, { receptionMode: 'manual', acceptTimeout: 30, restAfterAcceptTimeout: true });
    const a = await addAgent(d);
    const sessionId = await askForHuman(d, newUser());
    expect((await sessionRow(d, sessionId)).state).toBe('WaitingForAgentAnswering');
    const b = await addAgent(d);
    clock.advance(31_000);
    await test.server.services.events.jobs.runDue();
    const row = await sessionRow(d, sessionId);
    expect(row.state).toBe('WaitingForAgentAnswering');
    expect(row.agentId).toBe(b);
    expect((await test.server.services.routing.agents.get(d.appId, a))?.status).toBe('rest');
    await test.server.services.agentWork.actions.accept(d.appId, sessionId, b);
    expect((await sessionRow(d, sessionId)).state).toBe('Agent');
  });
});
