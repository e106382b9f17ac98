import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { startTestServer, type TestServer } from '../harness.ts';
import { desk, expectOk } from '../sessions/helpers.ts';
import { ok, refusingUrl, startAssignReceiver, type AssignReceiver } from './assign-receiver.ts';
import {
  ACCOUNT,
  addAgent,
  announcedPositions,
  askForHuman,
  enter,
  expectLoadsConsistent,
  loadOf,
  newDesk,
  newUser,
  queueOrder,
  said,
  sessionRow,
  setStatus,
  updateSettings,
  type Desk,
} from './helpers.ts';

// Business-server assignment (spec 01 §8.2, spec 05 §7.1): with AssignmentStrategy 2 every transfer
// request is first put to the app's server as ChatBot.OnAssignHuman. Its answer narrows the agents,
// sets the queue priority or refuses; a slow, failing or malformed answer falls back to auto assignment.

describe('ChatBot.OnAssignHuman', () => {
  let test: TestServer;
  let receiver: AssignReceiver;
  const clock = new ManualClock(new Date('2026-03-02T02:00:00Z'));

  beforeAll(async () => {
    test = await startTestServer({ clock, config: { allowPrivateOutbound: true } });
    receiver = await startAssignReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await test?.close();
  });

  /** An app whose default account is assigned by the business server at `url`, answering in 300 ms at most. */
  async function webhookDesk(url = receiver.url): Promise<Desk> {
    const d = await newDesk(test);
    expectOk(await desk(d.client, 'update_im_agent', { IMAgentUserID: ACCOUNT, AssignmentStrategy: 2, AssignedByWebhookURL: url }));
    await updateSettings(d, { assignWebhookTimeout: 300 });
    return d;
  }

  /** A customer asks for a person a second after the previous one. */
  async function ask(d: Desk, userId = newUser()) {
    clock.advance(1000);
    const sessionId = await askForHuman(d, userId);
    return { userId, sessionId, row: await sessionRow(d, sessionId) };
  }

  it('posts the request to the configured URL: query and body as in spec 05 §7.1 (CustomerServiceId for SDK only)', async () => {
    const d = await webhookDesk();
    await addAgent(d);
    receiver.received.length = 0;
    clock.advance(1000);
    const at = clock.now().getTime();
    const sdk = newUser();
    const sessionId = await askForHuman(d, sdk);
    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request.url.pathname).toBe('/assign');
    expect(Object.fromEntries(request.url.searchParams)).toMatchObject({
      token: 'abc',
      Sdkappid: String(d.appId),
      CallbackCommand: 'ChatBot.OnAssignHuman',
      contenttype: 'json',
    });
    expect(request.headers['content-type']).toContain('application/json');
    expect(request.body).toEqual({ CallbackCommand: 'ChatBot.OnAssignHuman', SessionId: sessionId, ClientUserId: sdk, CustomerServiceId: ACCOUNT, EventTime: at });

    const web = newUser();
    const { sessionId: webSession } = await test.server.services.conversations.enter({ appId: d.appId, accountId: ACCOUNT, userId: web, channelType: 'Web(H5)' });
    await test.server.services.conversations.transferToHuman(d.appId, webSession);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1].body).toEqual({ CallbackCommand: 'ChatBot.OnAssignHuman', SessionId: webSession, ClientUserId: web, EventTime: at });
  });

  it('AgentIdList: the first idle agent of the list in list order, whatever the LRU order; listed agents only', async () => {
    const d = await webhookDesk();
    const [a, b, c] = [await addAgent(d), await addAgent(d), await addAgent(d)];
    receiver.answer(ok({ AgentIdList: [c.toUpperCase(), b] })); // ids are emails: any case
    expect((await ask(d)).row).toMatchObject({ state: 'Agent', agentId: c });

    await setStatus(d, c, 'busy'); // not idle: the next in the list
    receiver.answer(ok({ AgentIdList: [c, b] }));
    expect((await ask(d)).row).toMatchObject({ state: 'Agent', agentId: b });

    // Both listed agents online but not idle: the user waits for them, not for the idle agent a.
    await setStatus(d, b, 'rest');
    receiver.answer(ok({ AgentIdList: [c, b] }));
    const waiting = await ask(d);
    expect(waiting.row).toMatchObject({ state: 'Queueing', routeAgentIds: [c, b] });
    expect(await loadOf(d, a)).toBe(0);
    await setStatus(d, b, 'idle');
    expect(await sessionRow(d, waiting.sessionId)).toMatchObject({ state: 'Agent', agentId: b });

    // Listed agents all offline: the transfer fails at once, with the chat's failure prompt.
    await setStatus(d, b, 'offline');
    await setStatus(d, c, 'offline');
    receiver.answer(ok({ AgentIdList: [c, b] }));
    const failed = await ask(d);
    expect(failed.row.state).toBe('Chatbot');
    expect((await said(d, failed.userId)).slice(-2)).toEqual(['NoAgentOnline', 'SystemSendMsg 抱歉，当前无客服在线，请稍后再试']);
    await expectLoadsConsistent(d);
  });

  it('AgentGroupId only: an agent of that group', async () => {
    const d = await webhookDesk();
    const outside = await addAgent(d);
    const inside = await addAgent(d);
    const group = await test.server.services.team.groups.create(d.appId, { name: 'VIP', memberIds: [inside] });
    receiver.answer(ok({ AgentGroupId: group.groupId }), ok({ AgentGroupId: group.groupId }));
    expect((await ask(d)).row).toMatchObject({ state: 'Agent', agentId: inside, routeGroupId: group.groupId });
    expect((await ask(d)).row).toMatchObject({ state: 'Agent', agentId: inside });
    expect(await loadOf(d, outside)).toBe(0);
  });

  it('Priority 0 jumps the queue ahead of earlier arrivals with the default 5', async () => {
    const d = await webhookDesk();
    await addAgent(d, { maxConcurrent: 1 });
    const busy = await ask(d);
    receiver.answer(ok(), ok({ Priority: 9 }), ok({ Priority: 0 }));
    const normal = await ask(d);
    const low = await ask(d);
    const urgent = await ask(d);
    expect([normal.row.priority, low.row.priority, urgent.row.priority]).toEqual([5, 9, 0]);
    expect(await queueOrder(d)).toEqual([urgent.sessionId, normal.sessionId, low.sessionId]);
    expect(await announcedPositions(d, urgent.userId)).toEqual([[1, 0]]);
    expect(await announcedPositions(d, normal.userId)).toEqual([
      [1, 0],
      [2, 1],
    ]); // moved back, and told
    expect(await announcedPositions(d, low.userId)).toEqual([
      [2, 1],
      [3, 2],
    ]);

    await test.server.services.agentWork.actions.end(d.appId, busy.sessionId, {});
    expect((await sessionRow(d, urgent.sessionId)).state).toBe('Agent');
    expect((await sessionRow(d, normal.sessionId)).state).toBe('Queueing');
  });

  it('AgentTransferDenied: 1 refuses: the session stays with the robot and nobody is assigned', async () => {
    const d = await webhookDesk();
    const agent = await addAgent(d);
    receiver.answer(ok({ AgentTransferDenied: 1, AgentIdList: [agent] }));
    const chat = await ask(d);
    expect(chat.row).toMatchObject({ state: 'Chatbot', agentId: '', queuedAt: null });
    const lines = await said(d, chat.userId);
    expect(lines).toContain('TransferringToHuman');
    expect(lines).toContain('TransferToHumanDenied'); // so a chat screen leaves its "connecting" state
    expect(lines).not.toContain('TransferToHumanSuccess');
    expect(await loadOf(d, agent)).toBe(0);

    // transfer_to_human: 141003, and the user may ask again later (state Chatbot).
    receiver.answer(ok({ AgentTransferDenied: 1 }));
    const res = await desk(d.client, 'transfer_to_human', { SessionId: chat.sessionId });
    expect(res).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: 141003 });
    receiver.answer(ok({ AgentTransferDenied: 0 }));
    expectOk(await desk(d.client, 'transfer_to_human', { SessionId: chat.sessionId }));
    expect(await sessionRow(d, chat.sessionId)).toMatchObject({ state: 'Agent', agentId: agent });
  });

  it('an explicit AgentIdList or AgentGroupId from transfer_to_human does not ask the business server', async () => {
    const d = await webhookDesk();
    const [a, b] = [await addAgent(d), await addAgent(d)];
    receiver.received.length = 0;
    const sessionId = await enter(d);
    const result = await test.server.services.conversations.transferToHuman(d.appId, sessionId, { agentIds: [b] });
    expect(result).toMatchObject({ outcome: 'assigned', agentId: b });
    expect(receiver.received).toHaveLength(0);
    expect(await loadOf(d, a)).toBe(0);
  });

  describe('falls back to auto assignment when the business server cannot decide', () => {
    // Each failing answer would refuse the transfer if it were used: an assignment proves the fallback.
    const refuse = { ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0, AgentTransferDenied: 1 };
    const cases: Array<[string, () => Promise<string | void>]> = [
      ['slower than assignWebhookTimeout (300 ms)', async () => receiver.answer({ body: refuse, delayMs: 1500 })],
      ['HTTP 500', async () => receiver.answer({ status: 500, body: refuse })],
      ['an answer that is not JSON', async () => receiver.answer({ body: '{"ActionStatus":"OK","ErrorCode":0,"AgentTransferDenied":1' })],
      ['a malformed answer (AgentIdList not an array)', async () => receiver.answer({ body: { ...refuse, AgentIdList: 'x@example.com' } })],
      ['ActionStatus FAIL / a non-zero ErrorCode', async () => receiver.answer({ body: { ...refuse, ActionStatus: 'FAIL', ErrorCode: 1, ErrorInfo: 'busy' } })],
      ['connection refused', refusingUrl],
    ];
    for (const [name, prepare] of cases) {
      it(name, async () => {
        const url = await prepare();
        const d = await webhookDesk(url || receiver.url);
        const before = receiver.received.length;
        const [a, b] = [await addAgent(d, { maxConcurrent: 1 }), await addAgent(d, { maxConcurrent: 1 })];
        const first = await ask(d);
        expect(first.row).toMatchObject({ state: 'Agent', agentId: [a, b].sort()[0] });
        expect(await said(d, first.userId)).toContain('TransferToHumanSuccess');
        if (!url) expect(receiver.received.length).toBe(before + 1); // it was asked
        // Later requests are asked again (no answer scripted now: "no preference", plain auto).
        expect((await ask(d)).row).toMatchObject({ state: 'Agent', agentId: [a, b].sort()[1] });
        await expectLoadsConsistent(d);
      });
    }
  });
});
