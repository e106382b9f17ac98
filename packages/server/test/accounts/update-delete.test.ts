import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRestClient, startTestServer, type TestServer } from '../harness.ts';
import { expectFail, expectOk } from '../tencent-rest/helpers.ts';
import { addAccount, desk, getAccount, listAccounts, SAMPLE_2 } from './helpers.ts';

// Spec 05 §2.2 delete_im_agent and §2.3 update_im_agent.

describe('update_im_agent', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(() => test?.close());

  const fresh = () => createRestClient(test);

  it('sample 1: only WelcomeMessage and AgentGroupId change; the response returns IMAgentUserID', async () => {
    const client = await fresh();
    const id = await addAccount(client, { WelcomeMessage: 'old', AgentGroupId: 1 });
    const before = await getAccount(client, id);
    const res = await desk(client, 'update_im_agent', { IMAgentUserID: id, WelcomeMessage: '欢迎咨询衣服官方旗舰店，很高兴为您服务！', AgentGroupId: 1234 });
    expectOk(res);
    expect(res.IMAgentUserID).toBe(id);
    expect(await getAccount(client, id)).toEqual({ ...before, WelcomeMessage: '欢迎咨询衣服官方旗舰店，很高兴为您服务！', AgentGroupId: 1234 });
  });

  it('sample 2: working hours replaced; then Type alone switches the check off and keeps the periods', async () => {
    const client = await fresh();
    const id = await addAccount(client);
    const workTime = {
      Type: 1,
      Periods: [
        {
          Day: 'Monday',
          PeriodsWithinOneDay: [
            { Start: '09:00', End: '11:30' },
            { Start: '14:00', End: '18:00' },
          ],
        },
        {
          Day: 'Tuesday',
          PeriodsWithinOneDay: [
            { Start: '09:00', End: '11:30' },
            { Start: '14:00', End: '18:00' },
          ],
        },
        { Day: 'Friday', PeriodsWithinOneDay: [{ Start: '09:00', End: '12:00' }] },
      ],
    };
    const TimeZone = 'Asia/Shanghai'; // the default, always returned
    expectOk(await desk(client, 'update_im_agent', { IMAgentUserID: id, WorkTimeConfig: workTime }));
    expect((await getAccount(client, id))!.WorkTimeConfig).toEqual({ ...workTime, TimeZone });
    expectOk(await desk(client, 'update_im_agent', { IMAgentUserID: id, WorkTimeConfig: { Type: 0 } }));
    expect((await getAccount(client, id))!.WorkTimeConfig).toEqual({ ...workTime, Type: 0, TimeZone });
    expectOk(await desk(client, 'update_im_agent', { IMAgentUserID: id, WorkTimeConfig: { Periods: [] } }));
    expect((await getAccount(client, id))!.WorkTimeConfig).toEqual({ Type: 0, TimeZone });
  });

  it('sample 3: switching to strategy 2 with a webhook URL; without the URL → 141004 and nothing changes', async () => {
    const client = await fresh();
    const id = await addAccount(client);
    const refused = await desk(client, 'update_im_agent', { IMAgentUserID: id, AssignmentStrategy: 2 });
    expectFail(refused, 141004);
    expect(refused.ErrorInfo).toContain('AssignedByWebhookURL');
    expect((await getAccount(client, id))!.AssignmentStrategy).toBe(0);
    expectOk(await desk(client, 'update_im_agent', { IMAgentUserID: id, AssignmentStrategy: 2, AssignedByWebhookURL: 'http://test.com/assign' }));
    expect(await getAccount(client, id)).toMatchObject({ AssignmentStrategy: 2, AssignedByWebhookURL: 'http://test.com/assign' });
  });

  it('the result is validated as a whole: strategy 1 uses groups stored earlier; clearing them is refused', async () => {
    const client = await fresh();
    const id = await addAccount(client, { DisplayGroupsChoices: [7, 8] });
    expectOk(await desk(client, 'update_im_agent', { IMAgentUserID: id, AssignmentStrategy: 1 }));
    const res = await desk(client, 'update_im_agent', { IMAgentUserID: id, DisplayGroupsChoices: [] });
    expectFail(res, 141004);
    expect(res.ErrorInfo).toContain('DisplayGroupsChoices');
    expect(await getAccount(client, id)).toMatchObject({ AssignmentStrategy: 1, DisplayGroupsChoices: [7, 8] });
  });

  it('field rules apply to updates: enums, times, limits, robot and languages', async () => {
    const client = await fresh();
    const id = await addAccount(client);
    const bad = [
      { ChatbotDisabled: 3 },
      { UserTimeout: 0 },
      { IMAgentNick: '' },
      { WorkTimeConfig: { Type: 1, Periods: [{ Day: 'Sunday', PeriodsWithinOneDay: [{ Start: '10:00', End: '09:00' }] }] } },
      { AssignmentStrategy: -1 },
      { RobotId: '@RBT#missing' },
      { EndPromptMultilingual: { ja: 'x' } },
    ];
    for (const fields of bad) expectFail(await desk(client, 'update_im_agent', { IMAgentUserID: id, ...fields }), 141004);
    expect((await getAccount(client, id))!.IMAgentNick).toBe('衣服官方旗舰店');
  });

  it('rebinding to a robot without the languages used by the maps is refused; with them it succeeds', async () => {
    const client = await fresh();
    expectOk(await client.call('robot_add_language', { LanguageTag: 'en' }));
    const id = await addAccount(client, { EndPromptMultilingual: { en: 'Bye' } });
    const { RobotId } = await client.call('desk_add_robot', { RobotNickName: 'second' });
    const res = await desk(client, 'update_im_agent', { IMAgentUserID: id, RobotId });
    expectFail(res, 141004);
    expect(res.ErrorInfo).toContain('EndPromptMultilingual');
    expectOk(await client.call('robot_add_language', { RobotId, LanguageTag: 'en' }));
    expectOk(await desk(client, 'update_im_agent', { IMAgentUserID: id, RobotId }));
    // a given map replaces that prompt's map; an empty one removes it
    expectOk(await desk(client, 'update_im_agent', { IMAgentUserID: id, EndPromptMultilingual: {}, WelcomeMessageMultilingual: { en: 'Hi' } }));
    expect(await getAccount(client, id)).toMatchObject({ RobotId, EndPromptMultilingual: {}, WelcomeMessageMultilingual: { en: 'Hi' } });
  });

  it('the IMAgentUserId spelling is accepted; a missing or unknown id → 141004', async () => {
    const client = await fresh();
    const id = await addAccount(client);
    expectOk(await desk(client, 'update_im_agent', { IMAgentUserId: id, IMAgentNick: 'renamed' }));
    expect((await getAccount(client, id))!.IMAgentNick).toBe('renamed');
    const missing = await desk(client, 'update_im_agent', { IMAgentNick: 'x' });
    expectFail(missing, 141004);
    expect(missing.ErrorInfo).toContain('IMAgentUserID');
    expectFail(await desk(client, 'update_im_agent', { IMAgentUserID: 'unknown', IMAgentNick: 'x' }), 141004);
  });

  it('the default account can be updated like any other', async () => {
    const client = await fresh();
    const { IMAgentUserID: _id, ...fields } = SAMPLE_2;
    expectOk(await desk(client, 'update_im_agent', { IMAgentUserID: '@customer_service_account', ...fields }));
    expect(await getAccount(client, '@customer_service_account')).toMatchObject({ ...fields, IsDefault: 1 });
  });
});

describe('delete_im_agent', () => {
  let test: TestServer;
  beforeAll(async () => {
    test = await startTestServer();
  });
  afterAll(() => test?.close());

  const fresh = () => createRestClient(test);

  it('deletes an account (sample shape); deleting it again → 141004', async () => {
    const client = await fresh();
    const id = await addAccount(client);
    const res = await desk(client, 'delete_im_agent', { IMAgentUserID: id });
    expectOk(res);
    expect(Object.keys(res).sort()).toEqual(['ActionStatus', 'ErrorCode', 'ErrorInfo']);
    expect((await listAccounts(client)).map((a) => a.IMAgentUserID)).toEqual(['@customer_service_account']);
    expectFail(await desk(client, 'delete_im_agent', { IMAgentUserID: id }), 141004);
  });

  it('the default account cannot be deleted → 141004 with a clear message', async () => {
    const client = await fresh();
    const res = await desk(client, 'delete_im_agent', { IMAgentUserID: '@customer_service_account' });
    expectFail(res, 141004);
    expect(res.ErrorInfo).toContain('default');
    expect(await getAccount(client, '@customer_service_account')).toBeDefined();
  });

  it('unknown or missing id → 141004; the IMAgentUserId spelling is accepted; a deleted id can be reused', async () => {
    const client = await fresh();
    expectFail(await desk(client, 'delete_im_agent', { IMAgentUserID: 'iamTu5QojCp7TtUAMoLx7Cdt0ucDtHL1' }), 141004);
    expectFail(await desk(client, 'delete_im_agent', {}), 141004);
    expectOk(await desk(client, 'add_im_agent', { ...SAMPLE_2, IMAgentUserID: 'reuse' }));
    expectOk(await desk(client, 'delete_im_agent', { IMAgentUserId: 'reuse' }));
    expectOk(await desk(client, 'add_im_agent', { ...SAMPLE_2, IMAgentUserID: 'reuse' }));
  });
});
