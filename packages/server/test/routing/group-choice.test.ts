import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.ts';
import { createRestClient, startTestServer, type TestServer } from '../harness.ts';
import { desk, expectOk } from '../sessions/helpers.ts';
import { addAgent, deskOf, newUser, said, sessionRow, type Desk } from './helpers.ts';

const ACCOUNT = '@customer_service_account';

describe('strategy "user picks a group" (src 15)', () => {
  let test: TestServer;
  let d: Desk;
  let sales: number;
  let support: number;
  let salesAgent: string;
  let supportAgent: string;

  beforeAll(async () => {
    test = await startTestServer({ clock: new ManualClock(new Date('2026-03-02T02:00:00Z')) });
    d = deskOf(test, await createRestClient(test));
    salesAgent = await addAgent(d, { nick: 'Sally' });
    supportAgent = await addAgent(d, { nick: 'Sam' });
    const groups = test.server.services.team.groups;
    sales = (await groups.create(d.appId, { name: '售前', memberIds: [salesAgent] })).groupId;
    support = (await groups.create(d.appId, { name: '售后', memberIds: [supportAgent] })).groupId;
    expectOk(await desk(d.client, 'update_im_agent', { IMAgentUserID: ACCOUNT, AssignmentStrategy: 1, DisplayGroupsChoices: [support, sales], ChooseSkillGroupPrompt: '请选择分组' }));
  });
  afterAll(() => test.close());

  const send = (userId: string, text: string) =>
    test.server.services.conversations.customerSend({ appId: d.appId, accountId: ACCOUNT, userId, msgRandom: `m-${Math.random()}`, body: [{ MsgType: 'TIMTextElem', MsgContent: { Text: text } }] });

  it('offers the groups in the configured order, and the exact option text routes to that group', async () => {
    const user = newUser();
    const { sessionId } = await send(user, '转人工');
    const events = await test.server.services.events.log.read(d.appId, `conv:${ACCOUNT}:${user}`, 0);
    const branch = events.find((e) => (e.payload.msgBody as any[] | undefined)?.[0]?.MsgContent?.Data?.includes('"src":"15"'));
    expect(branch).toBeDefined();
    const content = JSON.parse((branch!.payload.msgBody as any[])[0].MsgContent.Data).content;
    expect(content.header).toBe('请选择分组');
    expect(content.items.map((i: { content: string }) => i.content)).toEqual(['售后', '售前']);
    expect((await sessionRow(d, sessionId)).state).toBe('Chatbot');

    await send(user, '售前咨询'); // not exactly an option: the robot handles it
    expect((await sessionRow(d, sessionId)).state).toBe('Chatbot');
    await send(user, '售前');
    const row = await sessionRow(d, sessionId);
    expect(row.state).toBe('Agent');
    expect(row.agentId).toBe(salesAgent);
    expect(row.routeGroupId).toBe(sales);
    const lines = (await said(d, user)).join('\n');
    expect(lines).toContain('MessageModified');
    expect(lines).toContain('TransferToHumanSuccess');
  });

  it('transfer_to_human through the API routes at once without asking', async () => {
    const user = newUser();
    const { sessionId } = await send(user, '你好');
    const result = await test.server.services.conversations.transferToHuman(d.appId, sessionId, {});
    expect(result.outcome).toBe('assigned');
    expect([salesAgent, supportAgent]).toContain(result.agentId);
  });
});
