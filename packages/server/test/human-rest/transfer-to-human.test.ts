import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import {
  ACCOUNT,
  addAgent,
  addGroup,
  desk,
  enter,
  eventsOf,
  expectFail,
  expectLoadsConsistent,
  expectOk,
  expectRefused,
  expectServedBy,
  newDesk,
  newUser,
  queued,
  said,
  served,
  sessionRow,
  setStatus,
  updateSettings,
  type Desk,
} from './helpers.ts';

// Spec 05 §3.1 transfer_to_human with its targets and flags, on a fresh app per test so agent pools
// never mix. 2026-03-02T02:00Z is Monday 10:00 in Asia/Shanghai, the accounts' default zone.

describe('transfer_to_human', () => {
  let test: TestServer;
  const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));

  beforeAll(async () => {
    test = await startTestServer({ clock, config: { allowPrivateOutbound: true } });
  });
  afterAll(() => test.close());

  const prompts = async (d: Desk) => (await test.server.services.accounts.getAccount(d.appId, ACCOUNT))!;

  it('an idle agent: AgentId with IsInQueue 0; the session is in service and the user is told who serves', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d, { nick: '小王' });
    const user = newUser();
    const sessionId = await enter(d, user);
    const res = await desk(d.client, 'transfer_to_human', { SessionId: sessionId });
    expectOk(res);
    expect(res).toMatchObject({ AgentId: agent, IsInQueue: 0 });
    await expectServedBy(d, sessionId, agent);
    const lines = await said(d, user);
    expect(lines).toContain('TransferringToHuman');
    expect(lines).toContain('TransferToHumanSuccess');
    expect(lines).toContain('SystemSendMsg 转接人工成功，客服小王为您服务');
    const [success] = await eventsOf(d, user, 'TransferToHumanSuccess');
    expect(success.payload).toMatchObject({ sessionId, agentId: agent });
    const state = await desk(d.client, 'get_session_state', { SessionId: sessionId });
    expect(state).toMatchObject({ CurrentState: 'Agent', AgentId: agent });
  });

  it('everyone full: IsInQueue 1 and no AgentId; the user hears their place; the session is served when room frees', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d, { maxConcurrent: 1 });
    const first = await served(d, agent);
    const waiting = await queued(d);
    expect(await sessionRow(d, waiting.sessionId)).toMatchObject({ state: 'Queueing', agentId: '' });
    const lines = await said(d, waiting.userId);
    expect(lines).toContain('TransferringToHumanWait');
    expect(lines.some((l) => l.includes('您目前排在第1位，前面还有0人'))).toBe(true);
    expectOk(await desk(d.client, 'end_session', { SessionId: first.sessionId }));
    await expectServedBy(d, waiting.sessionId, agent);
  });

  it('AgentIdList picks a listed agent (ids in any case) over others; AgentGroupId picks within the group', async () => {
    const d = await newDesk(test);
    const [a, b, c] = [await addAgent(d), await addAgent(d), await addAgent(d)];
    const listed = await enter(d);
    const res = await desk(d.client, 'transfer_to_human', { SessionId: listed, AgentIdList: [c.toUpperCase()] });
    expectOk(res);
    expect(res.AgentId).toBe(c);
    const preferred = await enter(d);
    expect((await desk(d.client, 'transfer_to_human', { SessionId: preferred, AgentIdList: ['nobody@example.com', b, a] })).AgentId).toBe(b);

    const group = await addGroup(d, [a]);
    const grouped = await enter(d);
    const inGroup = await desk(d.client, 'transfer_to_human', { SessionId: grouped, AgentGroupId: group });
    expectOk(inGroup);
    expect(inGroup.AgentId).toBe(a);
    expect((await sessionRow(d, grouped)).routeGroupId).toBe(group);
    await expectLoadsConsistent(d);
  });

  it('AgentGroupId 0 is the default strategy, as if omitted', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d);
    const res = await desk(d.client, 'transfer_to_human', { SessionId: await enter(d), AgentGroupId: 0 });
    expectOk(res);
    expect(res.AgentId).toBe(agent);
  });

  it('only listed agents who are offline → 141001 with NoAgentOnline, though others are idle; the session stays with the robot', async () => {
    const d = await newDesk(test);
    await addAgent(d);
    const away = await addAgent(d, { status: 'offline' });
    const user = newUser();
    const sessionId = await enter(d, user);
    const res = await desk(d.client, 'transfer_to_human', { SessionId: sessionId, AgentIdList: [away] });
    expectFail(res, 141001);
    expect(res.ErrorInfo).toMatch(/no agent is online/);
    expect(await sessionRow(d, sessionId)).toMatchObject({ state: 'Chatbot', agentId: '' });
    expect(await eventsOf(d, user, 'NoAgentOnline')).toHaveLength(1);
    expect(await eventsOf(d, user, 'TransferToHumanSuccess')).toHaveLength(0);
    await expectLoadsConsistent(d);
  });

  it("an unknown AgentGroupId, or another app's group → 141004, writing nothing", async () => {
    const d = await newDesk(test);
    await addAgent(d);
    const other = await newDesk(test, 'other');
    const theirs = await addGroup(other, []);
    const user = newUser();
    const sessionId = await enter(d, user);
    for (const group of [987_654, theirs, -3]) {
      await expectRefused(d, user, 'transfer_to_human', { SessionId: sessionId, AgentGroupId: group }, 141004);
    }
  });

  it('outside working hours: CheckIfDuringWorkingHours=1 → 141001 naming working hours; the prompt only with SendPromptNotDuringWorkingHours=1', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d);
    await test.server.services.accounts.update(d.appId, ACCOUNT, {
      workTime: { mode: 'weekly', timeZone: 'Asia/Shanghai', periods: [{ day: 'Sunday', ranges: [{ start: '09:00', end: '18:00' }] }] },
    });
    const notWorkTime = (await prompts(d)).notWorkTimePrompt;
    const user = newUser();
    const sessionId = await enter(d, user);

    const quiet = await expectRefused(d, user, 'transfer_to_human', { SessionId: sessionId, CheckIfDuringWorkingHours: 1 }, 141001);
    expect(quiet.ErrorInfo).toMatch(/working hours/);

    const before = (await said(d, user)).length;
    const told = await desk(d.client, 'transfer_to_human', { SessionId: sessionId, CheckIfDuringWorkingHours: 1, SendPromptNotDuringWorkingHours: 1 });
    expectFail(told, 141001);
    expect(told.ErrorInfo).toMatch(/working hours/);
    expect((await said(d, user)).slice(before)).toEqual([`SystemSendMsg ${notWorkTime}`]);
    expect(await sessionRow(d, sessionId)).toMatchObject({ state: 'Chatbot', agentId: '' });

    // Without the check (the API default) the hours do not matter.
    const res = await desk(d.client, 'transfer_to_human', { SessionId: sessionId, SendPromptNotDuringWorkingHours: 1 });
    expectOk(res);
    expect(res.AgentId).toBe(agent);
  });

  it('within working hours the check passes', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d);
    await test.server.services.accounts.update(d.appId, ACCOUNT, {
      workTime: { mode: 'weekly', timeZone: 'Asia/Shanghai', periods: [{ day: 'Monday', ranges: [{ start: '09:00', end: '18:00' }] }] },
    });
    const res = await desk(d.client, 'transfer_to_human', { SessionId: await enter(d), CheckIfDuringWorkingHours: 1, SendPromptNotDuringWorkingHours: 1 });
    expectOk(res);
    expect(res.AgentId).toBe(agent);
  });

  it('the business server refuses (AgentTransferDenied 1) → 141003; the failure prompt only with SendTipIfNoAgentOnline=1', async () => {
    const d = await newDesk(test);
    await addAgent(d);
    const asked: Array<Record<string, unknown>> = [];
    const webhook = await answering({ ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', AgentTransferDenied: 1 }, asked);
    try {
      await test.server.services.accounts.update(d.appId, ACCOUNT, { assignmentStrategy: 'webhook', assignedByWebhookUrl: webhook.url });
      const fail = (await prompts(d)).transferToHumanFailPrompt;
      const user = newUser();
      const sessionId = await enter(d, user);
      const denied = await desk(d.client, 'transfer_to_human', { SessionId: sessionId });
      expectFail(denied, 141003);
      expect(denied.ErrorInfo).toMatch(/cannot be transferred to human/);
      expect(asked.at(-1)).toMatchObject({ CallbackCommand: 'ChatBot.OnAssignHuman', SessionId: sessionId, ClientUserId: user });
      expect(await sessionRow(d, sessionId)).toMatchObject({ state: 'Chatbot', agentId: '' });
      expect(await said(d, user)).not.toContain(`SystemSendMsg ${fail}`);

      expectFail(await desk(d.client, 'transfer_to_human', { SessionId: sessionId, SendTipIfNoAgentOnline: 1 }), 141003);
      expect(await said(d, user)).toContain(`SystemSendMsg ${fail}`);
      expect(await sessionRow(d, sessionId)).toMatchObject({ state: 'Chatbot', agentId: '' });
      await expectLoadsConsistent(d);
    } finally {
      await webhook.close();
    }
  });

  it('a session already in service or in the queue → 141003 "cannot be transferred to human"; nothing changes', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d, { maxConcurrent: 1 });
    const inService = await served(d, agent);
    const waiting = await queued(d);
    for (const s of [inService, waiting]) {
      for (const body of [{ SessionId: s.sessionId }, { SessionId: s.sessionId, AgentIdList: [agent], SendTipIfNoAgentOnline: 1 }]) {
        const res = await expectRefused(d, s.userId, 'transfer_to_human', body, 141003);
        expect(res.ErrorInfo).toMatch(/cannot be transferred to human/);
      }
    }
  });

  it('manual reception: AgentId is the agent offered the session, which waits for them to accept', async () => {
    const d = await newDesk(test);
    await updateSettings(d, { receptionMode: 'manual', acceptTimeout: 60 });
    const agent = await addAgent(d);
    const user = newUser();
    const sessionId = await enter(d, user);
    const res = await desk(d.client, 'transfer_to_human', { SessionId: sessionId });
    expectOk(res);
    expect(res).toMatchObject({ AgentId: agent, IsInQueue: 0 });
    expect(await sessionRow(d, sessionId)).toMatchObject({ state: 'WaitingForAgentAnswering', agentId: agent });
    expect(await eventsOf(d, user, 'TransferToHumanSuccess')).toHaveLength(0);
    await setStatus(d, agent, 'offline');
  });

  it('strategy "user chooses a group" is for the chat: the API routes at once, without offering the groups', async () => {
    const d = await newDesk(test);
    const agent = await addAgent(d);
    const group = await addGroup(d, [agent]);
    await test.server.services.accounts.update(d.appId, ACCOUNT, { assignmentStrategy: 'choose-group', displayGroupsChoices: [group] });
    const user = newUser();
    const sessionId = await enter(d, user);
    const res = await desk(d.client, 'transfer_to_human', { SessionId: sessionId });
    expectOk(res);
    expect(res).toMatchObject({ AgentId: agent, IsInQueue: 0 });
    expect(await said(d, user)).not.toContain('ChatBot.RobotSendMsg src15');
    await expectServedBy(d, sessionId, agent);
  });

  it('bad parameters → 141004 and nothing written; a body that is not JSON → 90001', async () => {
    const d = await newDesk(test);
    const user = newUser();
    const sessionId = await enter(d, user);
    for (const bad of [
      { SessionId: 'x'.repeat(129) },
      { SessionId: sessionId, AgentIdList: [''] },
      { SessionId: sessionId, AgentIdList: [7] },
      { SessionId: sessionId, AgentGroupId: 1.5 },
      { SessionId: sessionId, CheckIfDuringWorkingHours: 2 },
      { SessionId: sessionId, SendPromptNotDuringWorkingHours: '1' },
    ]) {
      await expectRefused(d, user, 'transfer_to_human', bad, 141004);
    }
    const raw = await d.client.call('transfer_to_human', undefined, { service: 'desk_http_svc', raw: '{"SessionId":' });
    expectFail(raw, 90001);
  });
});

/** A business server answering ChatBot.OnAssignHuman with `answer`, recording what it was asked. */
async function answering(answer: Record<string, unknown>, asked: Array<Record<string, unknown>>): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      asked.push(JSON.parse(raw));
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/assign`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
